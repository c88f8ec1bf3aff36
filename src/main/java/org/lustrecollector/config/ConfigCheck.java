package org.lustrecollector.config;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Loads the configuration as the web application will, before Tomcat starts, for the launcher: a bad
 * value then stops start-up with one clear line and exit status 2, and the launcher learns the host and
 * port for the HTTP connector, which belong to Tomcat rather than to the web application.
 *
 * <p>Arguments are {@code option=value} pairs given on the command line. Prints {@code option=value}
 * lines of the effective values the launcher needs.
 */
public final class ConfigCheck {
    private ConfigCheck() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        Map<String, String> commandLine = new LinkedHashMap<>();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            if (eq <= 0) {
                err.println("lustre-collector: expected option=value, got '" + arg + "'");
                return 2;
            }
            commandLine.put(arg.substring(0, eq), arg.substring(eq + 1));
        }
        CollectorConfig config;
        try {
            config = ConfigLoader.forThisProcess(commandLine).load();
        } catch (ConfigException e) {
            err.println("lustre-collector: " + e.getMessage());
            return 2;
        }
        out.println("host=" + config.host());
        out.println("port=" + config.port());
        out.println("daemon=" + config.daemon());
        out.println("trapfile=" + config.trapFile());
        out.println("demo=" + config.demo());
        return 0;
    }
}
