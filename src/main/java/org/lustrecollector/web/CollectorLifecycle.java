package org.lustrecollector.web;

import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;

import org.lustrecollector.config.CollectorConfig;
import org.lustrecollector.config.ConfigException;
import org.lustrecollector.config.ConfigProducer;
import org.lustrecollector.demo.DemoProducer;
import org.lustrecollector.trap.TrapCollector;

/**
 * Starts the collector when the web application starts and stops it, with its thread and its
 * WatchService, when the application is undeployed, so redeploys leave nothing running.
 * Weld has booted by then: its servlet container initializer runs before any listener.
 */
public class CollectorLifecycle implements ServletContextListener {
    private static final Logger LOG = Logger.getLogger(CollectorLifecycle.class.getName());

    private TrapCollector collector;
    private DemoProducer demo;

    @Override
    public void contextInitialized(ServletContextEvent event) {
        ServletContext context = event.getServletContext();
        try {
            BeanLookup.get(context, ConfigProducer.class)
                    .useContextFilename(context.getInitParameter(ConfigProducer.FILENAME_PARAMETER));
            CollectorConfig config = BeanLookup.get(context, CollectorConfig.class);
            collector = BeanLookup.get(context, TrapCollector.class);
            collector.start();
            if (config.demo()) {
                demo = BeanLookup.get(context, DemoProducer.class);
                demo.start();
            }
        } catch (RuntimeException e) {
            ConfigException bad = configException(e);
            if (bad != null) {
                LOG.severe(bad.getMessage());
                throw bad;
            }
            LOG.log(Level.SEVERE, "lustre-collector failed to start", e);
            throw e;
        }
    }

    @Override
    public void contextDestroyed(ServletContextEvent event) {
        if (demo != null) {
            demo.stop();
        }
        if (collector != null) {
            collector.stop();
        }
    }

    private static ConfigException configException(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConfigException c) {
                return c;
            }
        }
        return null;
    }
}
