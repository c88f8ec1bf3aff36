package org.lustrecollector.launcher;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.lustrecollector.api.Version;
import org.lustrecollector.config.CollectorConfig;
import org.lustrecollector.config.ConfigCheck;
import org.lustrecollector.config.ConfigException;
import org.lustrecollector.config.ConfigLoader;
import org.lustrecollector.config.ConfigOption;
import org.lustrecollector.config.ConfigOptions;
import org.lustrecollector.config.HeapBudget;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;

/**
 * The lustre-collector command. Options that are given go on top of the configuration files (command line
 * over ~/.lustre-collector or -f over /etc/lustre-collector/config over defaults, {@link ConfigLoader});
 * values are checked there, so a bad one reads the same whether it came from a file or the command line.
 * The defaults in --help are those of the option table, {@link ConfigOptions}; each option's descriptionKey
 * is the name of its configuration option.
 *
 * <p>In the foreground it writes the Tomcat command for the wrapper to exec, so that Ctrl-C and signals
 * reach Tomcat's JVM and no second JVM stays resident on the MDS; with -d it starts and watches Tomcat itself.
 * Exit status: 0 started (or help, version), 1 failed to start, 2 bad option, value or user.
 */
@Command(name = "lustre-collector", sortOptions = false, showDefaultValues = true,
        versionProvider = LustreCollectorCommand.VersionProvider.class,
        usageHelpWidth = 100,
        description = {
            "Runs the Lustre trap collector in its own Tomcat instance: in the foreground (Ctrl-C stops it),",
            "or with -d in the background, returning once it answers. Options override",
            "/etc/lustre-collector/config and ~/.lustre-collector (conf/config lists every option).",
            "Never as root, except --demo."},
        footer = {"", "Exit status: 0 running (or stopped cleanly), 1 failed to start, 2 bad option, value or user.",
            "Instance folder (CATALINA_BASE): $LUSTRE_COLLECTOR_BASE; see docs/install.md."})
public final class LustreCollectorCommand implements Callable<Integer> {
    static final int BAD_USAGE = 2;
    private static final String DAEMON_WAIT_PROPERTY = LauncherLayout.PREFIX + "wait";
    private static final Pattern XMX = Pattern.compile("(?<=^|\\s)-Xmx(\\d{1,15})([kKmMgGtT]?)(?=\\s|$)");

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = {"-p", "--port"}, paramLabel = "PORT", descriptionKey = "port", description = "HTTP port")
    String port;

    @Option(names = {"-h", "--host"}, paramLabel = "ADDRESS", descriptionKey = "host", description = "address to listen on")
    String host;

    @Option(names = {"-d", "--daemon"}, descriptionKey = "daemon", arity = "0..1", fallbackValue = "true",
            showDefaultValue = CommandLine.Help.Visibility.ALWAYS,
            paramLabel = "true|false",
            description = "run in the background: pid file and logs in the instance folder; returns once it answers "
                    + "getLastTimestamp (--daemon=false keeps it in the foreground whatever the configuration says)")
    boolean daemon;

    @Option(names = {"-f", "--file"}, paramLabel = "FILE", descriptionKey = "filename",
            description = "configuration file to read instead of ~/.lustre-collector")
    String file;

    @Option(names = {"-m", "--maxtraps"}, paramLabel = "N", descriptionKey = "maxtraps", description = "most traps kept")
    String maxtraps;

    @Option(names = "--trapfile", paramLabel = "FILE", descriptionKey = "trapfile", description = "the trap file")
    String trapfile;

    @Option(names = "--interval", paramLabel = "DURATION", descriptionKey = "interval",
            description = "how often files without change events are read again (5, 5s, 1m)")
    String interval;

    @Option(names = "--allow", paramLabel = "CIDRS", descriptionKey = "allow",
            description = "peers allowed to call, comma-separated CIDR ranges")
    String allow;

    @Option(names = "--demo", descriptionKey = "demo", showDefaultValue = CommandLine.Help.Visibility.ALWAYS,
            description = "write demo traps and a changing Lustre tree (target/demo, or demo/ in the instance folder); "
                    + "the only way to run as root, for trying it out")
    boolean demo;

    @Option(names = "--help", usageHelp = true, description = "show this help and exit")
    boolean help;

    @Option(names = "--version", versionHelp = true, description = "show the version and exit")
    boolean version;

    private final LauncherLayout layout;
    private final String userName;
    private final PrintStream out;
    private final PrintStream err;

    LustreCollectorCommand(LauncherLayout layout, String userName, PrintStream out, PrintStream err) {
        this.layout = layout;
        this.userName = userName;
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        LauncherLayout layout = LauncherLayout.fromSystemProperties(System::getProperty);
        System.exit(run(layout, System.getProperty("user.name", ""), System.out, System.err, args));
    }

    static int run(LauncherLayout layout, String userName, PrintStream out, PrintStream err, String... args) {
        CommandLine cli = new CommandLine(new LustreCollectorCommand(layout, userName, out, err));
        cli.setDefaultValueProvider(LustreCollectorCommand::defaultOf);
        cli.setOut(new PrintWriter(out, true, StandardCharsets.UTF_8));
        cli.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
        cli.setParameterExceptionHandler((e, ignored) -> {
            err.println("lustre-collector: " + e.getMessage() + " (see --help)");
            return BAD_USAGE;
        });
        return cli.execute(args);
    }

    /** Help shows ConfigLoader's defaults; only options actually given become command-line overrides. */
    private static String defaultOf(ArgSpec arg) {
        if (!(arg instanceof OptionSpec option) || option.descriptionKey().isEmpty()) {
            return null;
        }
        if (option.descriptionKey().equals(ConfigOptions.FILENAME.name())) {
            return "~/" + ConfigLoader.USER_FILE_NAME;
        }
        return ConfigOptions.named(option.descriptionKey()).map(ConfigOption::defaultText).orElseThrow(
                () -> new IllegalStateException(option.longestName() + " names no option: " + option.descriptionKey()));
    }

    @Override
    public Integer call() throws IOException, InterruptedException {
        Map<String, String> commandLine = overrides(spec.commandLine().getParseResult());
        ConfigCheck.Checked checked;
        try {
            checked = ConfigCheck.check(commandLine, userName, err);
        } catch (ConfigException e) {
            err.println("lustre-collector: " + e.getMessage());
            return BAD_USAGE;
        }
        CollectorConfig config = checked.config();
        TomcatCommand tomcat = new TomcatCommand(layout, config, commandLine);
        try {
            checkHeap(config, tomcat.catalinaOpts());
        } catch (ConfigException e) {
            err.println("lustre-collector: " + e.getMessage());
            return BAD_USAGE;
        }
        DaemonStart daemonStart = new DaemonStart(layout, tomcat, new CollectorProbe(config.host(), config.port()),
                Duration.ofSeconds(Long.getLong(DAEMON_WAIT_PROPERTY, 120)), out, err);
        if (config.daemon()) {
            var obstacle = daemonStart.obstacle(config.host(), config.port());
            if (obstacle.isPresent()) {
                err.println("lustre-collector: " + obstacle.get());
                return DaemonStart.FAILED;
            }
        }
        CollectorInstance instance = new CollectorInstance(layout);
        try {
            instance.prepare(config.daemon());
            ConfigCheck.writeServerXml(instance.serverXmlTemplate(), instance.serverXml(), checked);
            instance.limitAjpConnector(checked.ajpSecret().isPresent());
        } catch (IOException | ConfigException | IllegalStateException e) {
            err.println("lustre-collector: cannot prepare the instance in " + layout.base() + ": " + e.getMessage());
            return DaemonStart.FAILED;
        }
        String ajp = checked.ajpSecret().map(s -> config.ajpHost() + ":" + config.ajpPort()).orElse("off");
        if (config.daemon()) {
            return daemonStart.start();
        }
        out.println("lustre-collector: http://" + config.host() + ":" + config.port() + "/  AJP " + ajp
                + "  trap file " + config.trapFile() + "  (logs in " + layout.logs() + "; Ctrl-C stops)");
        writePlan(tomcat.foreground());
        return 0;
    }

    /**
     * Refuses a maxtraps that the heap Tomcat is given cannot hold, before Tomcat starts; the collector
     * checks again against the heap its JVM reports ({@link HeapBudget}). The last -Xmx in CATALINA_OPTS
     * is the one the JVM takes.
     */
    static void checkHeap(CollectorConfig config, String catalinaOpts) {
        Matcher xmx = XMX.matcher(catalinaOpts);
        String last = null;
        long bytes = 0;
        while (xmx.find()) {
            last = xmx.group();
            long n = Long.parseLong(xmx.group(1));
            bytes = switch (xmx.group(2).toLowerCase(Locale.ROOT)) {
                case "k" -> n << 10;
                case "m" -> n << 20;
                case "g" -> n << 30;
                case "t" -> n << 40;
                default -> n;
            };
        }
        if (last != null) {
            HeapBudget.check(config, bytes, "the collector's JVM (" + last.strip() + ")");
        }
    }

    private Map<String, String> overrides(ParseResult parsed) {
        Map<String, String> commandLine = new LinkedHashMap<>();
        for (OptionSpec option : parsed.matchedOptions()) {
            String name = option.descriptionKey();
            if (name.isEmpty()) {
                continue;
            }
            String value = option.getValue().toString();
            commandLine.put(name, name.equals("filename") ? absolute(value) : value);
        }
        if (demo) {
            if (!commandLine.containsKey("trapfile")) {
                commandLine.put("trapfile", layout.demo().resolve("traps").toString());
                commandLine.put("trapfilemode", "regular");
                // the router failures' console lines (DemoProducer), beside the demo's trap file
                commandLine.put("kernellog", layout.demo().resolve("kern.log").toString());
            }
            commandLine.put("lustreroot", layout.demo().resolve("lustre").toString());
            try {
                Files.createDirectories(layout.demo());
            } catch (IOException e) {
                // the collector says so in one line when it cannot write the demo trap file
            }
        }
        return commandLine;
    }

    private static String absolute(String file) {
        return Path.of(file).toAbsolutePath().normalize().toString();
    }

    /** NUL-separated words, for the wrapper's {@code mapfile -d ''}. */
    private void writePlan(List<String> command) throws IOException {
        Files.writeString(layout.plan(), String.join("\0", command) + "\0", StandardCharsets.UTF_8);
    }

    static final class VersionProvider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"lustre-collector " + Version.current()};
        }
    }
}
