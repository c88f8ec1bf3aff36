package org.lustrecollector.api;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The collector's version, as Maven filtered it into a resource at build time. */
public final class Version {
    private static final String RESOURCE = "/lustre-collector-version.properties";

    private Version() {
    }

    public static String current() {
        try (InputStream in = Version.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                return "unknown";
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }
}
