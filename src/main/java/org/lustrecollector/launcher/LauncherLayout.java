package org.lustrecollector.launcher;

import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Function;

/**
 * Where the launcher finds what it runs, as the bash wrapper (bin/lustre-collector) tells it in system
 * properties: the wrapper knows whether it runs from a source tree, a tarball or the RPM.
 *
 * @param tomcatHome the official Tomcat distribution (CATALINA_HOME)
 * @param war        the collector's WAR
 * @param conf       the folder holding the server.xml template and logging.properties of the instance
 * @param base       the instance folder (CATALINA_BASE), kept apart from CATALINA_HOME
 * @param demo       where --demo writes its trap file and Lustre tree
 * @param plan       where to write the command the wrapper runs in the foreground
 */
record LauncherLayout(Path tomcatHome, Path war, Path conf, Path base, Path demo, Path plan) {
    static final String PREFIX = "lustre.launcher.";

    static LauncherLayout fromSystemProperties(Function<String, String> properties) {
        Function<String, Path> path = name -> Optional.ofNullable(properties.apply(PREFIX + name))
                .filter(v -> !v.isBlank())
                .map(v -> Path.of(v).toAbsolutePath())
                .orElseThrow(() -> new IllegalStateException("the wrapper did not set " + PREFIX + name));
        return new LauncherLayout(path.apply("home"), path.apply("war"), path.apply("conf"), path.apply("base"),
                path.apply("demo"), path.apply("plan"));
    }

    Path pidFile() {
        return base.resolve("lustre-collector.pid");
    }

    Path logs() {
        return base.resolve("logs");
    }

    Path catalinaOut() {
        return logs().resolve("catalina.out");
    }
}
