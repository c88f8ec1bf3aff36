package org.lustrecollector.rpc;

import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.servlet.ServletContext;

/**
 * Finds this web application's CDI container. Weld publishes its BeanManager in the servlet context, but
 * under the standard name only once its own listener ran, which may be after ours; its servlet container
 * initializer has booted the container before any listener, so CDI.current() is the fallback.
 */
public final class BeanLookup {
    private static final String WELD_ATTRIBUTE =
            "org.jboss.weld.environment.servlet." + BeanManager.class.getName();

    private BeanLookup() {
    }

    public static BeanManager beanManager(ServletContext context) {
        for (String name : new String[] {BeanManager.class.getName(), WELD_ATTRIBUTE}) {
            if (context.getAttribute(name) instanceof BeanManager beans) {
                return beans;
            }
        }
        try {
            return CDI.current().getBeanManager();
        } catch (IllegalStateException e) {
            throw new IllegalStateException("CDI (Weld) did not start in this web application", e);
        }
    }

    public static <T> T get(ServletContext context, Class<T> type) {
        return beanManager(context).createInstance().select(type).get();
    }
}
