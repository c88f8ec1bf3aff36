package org.lustrecollector.config;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Loads the configuration as the web application will, before Tomcat starts, for the launcher: a bad
 * value then stops start-up with one clear line and exit status 2, and the launcher learns what belongs
 * to Tomcat rather than to the web application (host and port, the allow list for Tomcat's
 * RemoteCIDRValve, whether AJP is on).
 *
 * <p>Arguments: optionally {@code --server-xml TEMPLATE TARGET}, which writes the instance's server.xml
 * ({@link InstanceServerXml}), then {@code option=value} pairs given on the command line. Prints
 * {@code option=value} lines of the effective values the launcher needs.
 *
 * <p>Never as root: run by root it refuses with one line, except for a demo, which is how the README's
 * try-it command works where everything runs as root (CI, containers); see docs/security.md.
 */
public final class ConfigCheck {
    static final String ROOT = "root";

    private ConfigCheck() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.getProperty("user.name", ""), System.out, System.err));
    }

    static int run(String[] args, String userName, PrintStream out, PrintStream err) {
        List<String> rest = Arrays.asList(args);
        Path template = null;
        Path target = null;
        if (!rest.isEmpty() && rest.get(0).equals("--server-xml")) {
            if (rest.size() < 3) {
                err.println("lustre-collector: --server-xml needs a template and a target");
                return 2;
            }
            template = Path.of(rest.get(1));
            target = Path.of(rest.get(2));
            rest = rest.subList(3, rest.size());
        }
        Map<String, String> commandLine = new LinkedHashMap<>();
        for (String arg : rest) {
            int eq = arg.indexOf('=');
            if (eq <= 0) {
                err.println("lustre-collector: expected option=value, got '" + arg + "'");
                return 2;
            }
            commandLine.put(arg.substring(0, eq), arg.substring(eq + 1));
        }
        Checked checked;
        try {
            checked = check(commandLine, userName, err);
            if (template != null) {
                writeServerXml(template, target, checked);
            }
        } catch (ConfigException e) {
            err.println("lustre-collector: " + e.getMessage());
            return 2;
        }
        CollectorConfig config = checked.config();
        Optional<String> secret = checked.ajpSecret();
        out.println("host=" + config.host());
        out.println("port=" + config.port());
        out.println("daemon=" + config.daemon());
        out.println("trapfile=" + config.trapFile());
        out.println("demo=" + config.demo());
        out.println("allow=" + String.join(",", config.allow()));
        out.println("ajp=" + secret.map(s -> config.ajpHost() + ":" + config.ajpPort()).orElse("off"));
        out.println("ajpsecretfile=" + config.ajpSecretFile());
        return 0;
    }

    /** The effective configuration, the AJP secret if its file exists, and whether root runs it (a demo). */
    public record Checked(CollectorConfig config, Optional<String> ajpSecret, boolean root) {
    }

    /**
     * Loads and validates the configuration with {@code commandLine} on top, and refuses root unless it is a
     * demo (a warning line on {@code err} then).
     *
     * @throws ConfigException with the one line to show, for a bad value or a refused user
     */
    public static Checked check(Map<String, String> commandLine, String userName, PrintStream err) {
        CollectorConfig config = ConfigLoader.forThisProcess(commandLine).load();
        Optional<String> secret = AjpSecret.read(config.ajpSecretFile());
        boolean root = ROOT.equals(userName);
        if (root && !config.demo()) {
            throw new ConfigException("refusing to run as root; run it as an unprivileged user "
                    + "(only --demo runs as root, for trying it out)");
        }
        if (root) {
            err.println("lustre-collector: running as root for --demo only; never run the collector as root");
        }
        return new Checked(config, secret, root);
    }

    /** Writes the instance's server.xml from the template ({@link InstanceServerXml}). */
    public static void writeServerXml(Path template, Path target, Checked checked) {
        InstanceServerXml.write(template, target, checked.config(), checked.ajpSecret(), checked.root() ? "" : ROOT);
    }
}
