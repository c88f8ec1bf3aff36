package org.lustrecollector.config;

import java.time.InstantSource;
import java.util.HashMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * Makes the configuration and the clock injectable.
 *
 * <p>In a WAR on an existing Tomcat, the context parameter {@code lustre.collector.filename} (set in the
 * Tomcat context) names the configuration file to read instead of the user's; a system property of the
 * same name wins over it. Weld's ServletContext bean only works inside a request, so the start-up
 * listener hands the parameter over with {@link #useContextFilename} before the configuration is first
 * needed.
 *
 * <p>Here, in the JVM that holds the trap store, {@code maxtraps} is checked against the heap
 * ({@link HeapBudget}).
 */
@ApplicationScoped
public class ConfigProducer {
    public static final String FILENAME_PARAMETER = ConfigLoader.PROPERTY_PREFIX + "filename";

    private volatile String contextFilename;

    public void useContextFilename(String filename) {
        this.contextFilename = filename;
    }

    @Produces
    @Singleton
    CollectorConfig config() {
        Map<String, String> fromContext = new HashMap<>();
        String filename = contextFilename;
        if (filename != null && !filename.isBlank() && System.getProperty(FILENAME_PARAMETER) == null) {
            fromContext.put("filename", filename);
        }
        CollectorConfig config = ConfigLoader.forThisProcess(fromContext).load();
        HeapBudget.check(config, Runtime.getRuntime().maxMemory(), "this JVM");
        return config;
    }

    @Produces
    @Singleton
    InstantSource clock() {
        return InstantSource.system();
    }
}
