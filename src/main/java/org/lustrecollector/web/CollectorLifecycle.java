package org.lustrecollector.web;

import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;

import org.lustrecollector.collector.TrapCollector;
import org.lustrecollector.config.CollectorConfig;
import org.lustrecollector.config.ConfigException;
import org.lustrecollector.config.ConfigProducer;
import org.lustrecollector.demo.DemoProducer;
import org.lustrecollector.rpc.BeanLookup;

/**
 * Starts the collector when the web application starts. Weld has booted by then: its servlet container
 * initializer runs before any listener. Stopping is CDI's job (see {@link #contextDestroyed}).
 */
public class CollectorLifecycle implements ServletContextListener {
    private static final Logger LOG = Logger.getLogger(CollectorLifecycle.class.getName());

    @Override
    public void contextInitialized(ServletContextEvent event) {
        ServletContext context = event.getServletContext();
        try {
            BeanLookup.get(context, ConfigProducer.class)
                    .useContextFilename(context.getInitParameter(ConfigProducer.FILENAME_PARAMETER));
            CollectorConfig config = BeanLookup.get(context, CollectorConfig.class);
            BeanLookup.get(context, TrapCollector.class).start();
            if (config.demo()) {
                BeanLookup.get(context, DemoProducer.class).start();
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

    /**
     * Nothing to do here: the collector and the demo producer stop in their {@code @PreDestroy} methods
     * when Weld shuts the application's container down. Weld's own listener may run before this one on
     * undeploy, after which the beans can no longer be reached.
     */
    @Override
    public void contextDestroyed(ServletContextEvent event) {
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
