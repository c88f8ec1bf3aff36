package org.lustrecollector.monitor;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

import org.lustrecollector.api.Category;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code lustre-monitor [options] URL [URL...]}: shows the traps of one or more collectors as they happen. */
@Command(name = "lustre-monitor", mixinStandardHelpOptions = true, versionProvider = LustreMonitor.Version.class,
        sortOptions = false, usageHelpAutoWidth = true,
        description = {
            "Shows the traps of Lustre collectors as they happen: polls each URL every interval, merges the "
                + "traps in time order, shows a trap reported by both MDS nodes of a pair once, says when a "
                + "collector goes away or comes back and how many traps a collector dropped.",
            "A password for basic authentication (a collector behind Apache) comes from --password-file or "
                + "the environment variable " + BasicAuth.PASSWORD_VARIABLE + ", never from the command line."},
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:normal end (--once, --status: every collector and Alertmanager answered, the relay's "
                + "status is current)",
            "1:--once or --status: a collector or Alertmanager did not answer; --status: the relay's status "
                + "(--relay-status) is missing, bad, stale or that of a stopped relay",
            "2:bad options"})
public final class LustreMonitor implements Callable<Integer> {
    private static final Duration MAX_MERGE_WAIT = Duration.ofSeconds(2);

    @Parameters(paramLabel = "URL", arity = "1..*",
            description = "collectors, e.g. http://mds1:8980/ http://mds2:8980/ (user@ may name the user)")
    List<String> urls;

    @Option(names = {"-i", "--interval"}, paramLabel = "SECONDS", defaultValue = "5",
            description = "poll every SECONDS (default ${DEFAULT-VALUE})")
    int interval;

    @Option(names = "--once", description = "print the traps the collectors hold now, and exit")
    boolean once;

    @Option(names = "--json", description = "one JSON object per line, for scripts (see docs/monitor.md)")
    boolean json;

    @Option(names = "--status", description = "print a summary per filesystem (nodes, nodes not responding, "
            + "traps), the outages of the last hour (servers and networks lost, active ones first) and, with --alertmanager, the Lustre alerts active in each Alertmanager, with "
            + "--relay-status what the running relay sent, failed and discarded, and exit")
    boolean status;

    @Option(names = "--fs", paramLabel = "NAME", split = ",", description = "only these filesystems (repeat or "
            + "separate with commas)")
    List<String> fileSystems = new ArrayList<>();

    @Option(names = "--min-category", paramLabel = "CATEGORY", defaultValue = "0",
            converter = CategoryConverter.class,
            description = "only traps at least this severe: 0-3 or INFO, WARNING, CRITICAL, FATAL (default INFO)")
    Category minCategory;

    @Option(names = "--last", paramLabel = "SECONDS", defaultValue = "0",
            description = "start with the traps received in the last SECONDS (default: all the collectors hold)")
    int last;

    @Option(names = "--window", paramLabel = "SECONDS", defaultValue = "10",
            description = "the same trap from two collectors within SECONDS is shown once (default ${DEFAULT-VALUE})")
    int window;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "10",
            description = "give up a call after SECONDS without an answer (default ${DEFAULT-VALUE})")
    int timeout;

    @Option(names = {"-u", "--user"}, paramLabel = "NAME", description = "user for basic authentication")
    Optional<String> user;

    @Option(names = "--password-file", paramLabel = "FILE", description = "the password: the first line of FILE")
    Optional<Path> passwordFile;

    @Option(names = "--color", paramLabel = "WHEN", defaultValue = "auto",
            description = "colour the severity: auto (on a terminal), always, never (default ${DEFAULT-VALUE})")
    ColourMode colour;

    @Option(names = "--alertmanager", paramLabel = "URL", description = "also send every trap, and every outage "
            + "the collectors report, as an alert to this Alertmanager (API v2; repeat for several: each gets every alert), e.g. http://alertmanager:9093 "
            + "(see docs/alerting.md)")
    List<String> alertmanagers = new ArrayList<>();

    @Option(names = "--alert-duration", paramLabel = "SECONDS", defaultValue = "3600",
            description = "a one-shot event's alert ends SECONDS after its last trap (default ${DEFAULT-VALUE})")
    int alertDuration;

    @Option(names = "--alert-resend", paramLabel = "SECONDS", defaultValue = "60",
            description = "send the active alerts again every SECONDS (default ${DEFAULT-VALUE})")
    int alertResend;

    @Option(names = "--relay-status", paramLabel = "FILE", description = "the relay keeps its counts (sent, "
            + "failed, discarded, waiting per Alertmanager) in FILE, rewritten every 5 s; --status shows them "
            + "(default with --alertmanager under systemd: $RUNTIME_DIRECTORY/" + RelayStatusFile.DEFAULT_NAME
            + ")")
    Optional<Path> relayStatus;

    @Option(names = {"-q", "--quiet"}, description = "nothing on standard output (with --alertmanager: relay only); "
            + "collectors going away and coming back are still said on standard error")
    boolean quiet;

    @Option(names = "--web", paramLabel = "[HOST:]PORT",
            description = "also serve a live web view of the collectors at http://HOST:PORT/ (host 127.0.0.1 "
                    + "unless given; docs/monitor.md)")
    Optional<String> web;

    @Spec
    CommandLine.Model.CommandSpec spec;

    enum ColourMode { auto, always, never }

    private final PrintStream out;
    private final PrintStream err;
    private final Map<String, String> env;
    private final CountDownLatch stop;
    private final boolean terminal;

    /**
     * @param terminal whether {@code out} is a terminal (colours in auto mode)
     * @param stop     counted down, it ends the watch after the current round (tests; the tool runs until killed)
     */
    LustreMonitor(PrintStream out, PrintStream err, Map<String, String> env, CountDownLatch stop, boolean terminal) {
        this.out = out;
        this.err = err;
        this.env = env;
        this.stop = stop;
        this.terminal = terminal;
    }

    public static void main(String[] args) {
        PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
        boolean terminal = System.console() != null;
        System.exit(run(args, out, System.err, System.getenv(), new CountDownLatch(1), terminal));
    }

    /**
     * Runs the tool as {@link #main} does, on the given streams and environment.
     *
     * @param stop     counted down, ends the watch after its current round (the tool itself runs until killed)
     * @param terminal whether {@code out} is a terminal (colours in --color=auto)
     * @return the exit status
     */
    public static int run(String[] args, PrintStream out, PrintStream err, Map<String, String> env, CountDownLatch stop,
            boolean terminal) {
        CommandLine cl = new CommandLine(new LustreMonitor(out, err, env, stop, terminal));
        cl.setOut(new PrintWriter(out, true, StandardCharsets.UTF_8));
        cl.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        // one line that says what is wrong, not the whole help text
        cl.setParameterExceptionHandler((e, badArgs) -> {
            err.println("lustre-monitor: " + e.getMessage() + " (see lustre-monitor --help)");
            return 2;
        });
        return cl.execute(args);
    }

    @Override
    public Integer call() throws InterruptedException {
        List<CollectorClient> clients = clients();
        MonitorOutput printed = json ? new JsonOutput(out) : new TextOutput(out, useColour(), ZoneId.systemDefault());
        TrapFilter filter = new TrapFilter(Set.copyOf(fileSystems), minCategory);
        check(web.isEmpty() || !status, "--web runs until stopped: not with --status");
        if (status) {
            int failed;
            try (OutageStatus outages = new OutageStatus(clients, filter, Clock.systemUTC())) {
                failed = new FileSystemStatus(clients, filter, printed).print();
                failed += outages.print(printed);
            }
            printed.flush();
            failed += new AlertmanagerStatus(alertmanagerClients(), out).print();
            Optional<RelayStatusFile> relay = relayStatusFile();
            if (relay.isPresent()) {
                failed += new RelayStatusReport(relay.get(), Clock.systemUTC(), out).print();
            }
            return failed == 0 ? 0 : 1;
        }
        MonitorOutput terminalOutput = quiet
                ? new QuietOutput(new TextOutput(err, false, ZoneId.systemDefault())) : printed;
        try (AlertRelay relay = alertRelay(terminalOutput)) {
            if (relay == null) {
                return watch(clients, filter, terminalOutput);
            }
            // SIGTERM (systemctl stop) ends the JVM without ending the watch: the relay still closes.
            Thread closeOnExit = new Thread(relay::close, "alert-relay-close");
            Runtime.getRuntime().addShutdownHook(closeOnExit);
            try (OutageWatch outages = new OutageWatch(clients, Duration.ofSeconds(timeout), relay::outagesReported,
                    err).start(Duration.ofSeconds(interval))) {
                return watch(clients, filter, relay);
            } finally {
                try {
                    Runtime.getRuntime().removeShutdownHook(closeOnExit);
                } catch (IllegalStateException shuttingDown) {
                    // the hook is running or about to
                }
            }
        }
    }

    /** --relay-status, or under systemd with --alertmanager the default in $RUNTIME_DIRECTORY. */
    private Optional<RelayStatusFile> relayStatusFile() {
        Optional<Path> path = relayStatus.or(() -> {
            String runtime = env.get("RUNTIME_DIRECTORY");
            if (alertmanagers.isEmpty() || runtime == null || runtime.isBlank()) {
                return Optional.empty();
            }
            // systemd separates several runtime directories with ':'; the first is the unit's own
            return Optional.of(Path.of(runtime.split(":", -1)[0], RelayStatusFile.DEFAULT_NAME));
        });
        return path.map(RelayStatusFile::new);
    }

    /** The relay to --alertmanager, started; null without one. */
    private AlertRelay alertRelay(MonitorOutput terminalOutput) {
        if (alertmanagers.isEmpty()) {
            check(relayStatus.isEmpty(), "--relay-status needs --alertmanager (or --status)");
            return null;
        }
        check(alertDuration >= 1, "--alert-duration must be at least 1 second");
        check(alertResend >= 1, "--alert-resend must be at least 1 second");
        List<AlertmanagerClient> targets = alertmanagerClients();
        AlertRelay.Settings defaults = AlertRelay.Settings.defaults(Duration.ofSeconds(alertDuration));
        AlertRelay.Settings settings = new AlertRelay.Settings(defaults.oneShotDuration(),
                Duration.ofSeconds(alertResend), defaults.batchSize(), defaults.outboxCapacity(),
                defaults.activeCapacity(), defaults.maxBackoff(), defaults.report());
        Optional<RelayStatusFile> statusFile = relayStatusFile();
        statusFile.ifPresent(f -> check(f.path().getParent() != null && Files.isDirectory(f.path().getParent()),
                "--relay-status: no folder " + f.path().getParent()));
        return new AlertRelay(terminalOutput, targets, settings, Clock.systemUTC(), err, statusFile).start();
    }

    private List<AlertmanagerClient> alertmanagerClients() {
        List<AlertmanagerClient> targets = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (String url : alertmanagers) {
            AlertmanagerClient c;
            try {
                c = new AlertmanagerClient(url, Duration.ofSeconds(timeout));
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
            }
            check(seen.add(c.name()), "Alertmanager given twice: " + c.name());
            targets.add(c);
        }
        return targets;
    }

    private int watch(List<CollectorClient> clients, TrapFilter filter, MonitorOutput output)
            throws InterruptedException {
        List<Collector> collectors = clients.stream().map(CollectorClient::collector).toList();
        try (WebView webView = WebView.start(web, collectors, this::auth, interval, timeout, once, spec);
                Poller poller = new Poller(clients, once ? Duration.ZERO : Duration.ofSeconds(interval))) {
            output = webView.with(output);
            TrapWatch watch = new TrapWatch(collectors, poller, new TrapDeduplicator(Duration.ofSeconds(window),
                    TrapDeduplicator.DEFAULT_CAPACITY), filter, output, Clock.systemDefaultZone(),
                    once ? Duration.ZERO : Duration.ofSeconds(interval), -last);
            if (once) {
                // a poll is two calls, each of which may take a timeout to connect and one to answer
                Duration wait = Duration.ofSeconds(4L * timeout + 1);
                int failed = watch.round(wait);
                watch.reportUnanswered(poller.running(), wait);
                return failed == 0 ? 0 : 1;
            }
            Duration intervalDuration = Duration.ofSeconds(interval);
            watch.run(intervalDuration.compareTo(MAX_MERGE_WAIT) < 0 ? intervalDuration : MAX_MERGE_WAIT, stop);
            return 0;
        }
    }

    private List<CollectorClient> clients() {
        check(interval >= 1, "--interval must be at least 1 second");
        check(timeout >= 1, "--timeout must be at least 1 second");
        check(window >= 0, "--window must not be negative");
        check(last >= 0, "--last must not be negative");
        List<CollectorClient> clients = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (String text : urls) {
            Collector c;
            try {
                c = Collector.parse(text, clients.size());
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
            }
            check(seen.add(c.name()), "collector given twice: " + c.name());
            Optional<BasicAuth> auth;
            try {
                auth = BasicAuth.of(user.or(c::user), passwordFile, env);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
            }
            clients.add(new CollectorClient(c, auth, Duration.ofSeconds(timeout)));
        }
        return clients;
    }

    private Optional<BasicAuth> auth(Collector c) {
        return BasicAuth.of(user.or(c::user), passwordFile, env);
    }

    private boolean useColour() {
        return switch (colour) {
            case always -> true;
            case never -> false;
            case auto -> terminal && !env.containsKey("NO_COLOR") && !"dumb".equals(env.get("TERM"));
        };
    }

    private void check(boolean ok, String message) {
        if (!ok) {
            throw new CommandLine.ParameterException(spec.commandLine(), message);
        }
    }

    static final class CategoryConverter implements CommandLine.ITypeConverter<Category> {
        @Override
        public Category convert(String value) {
            return Category.parse(value).orElseThrow(() -> new CommandLine.TypeConversionException(
                    "'" + value + "' is not a category: 0-3 or INFO, WARNING, CRITICAL, FATAL"));
        }
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = LustreMonitor.class.getPackage().getImplementationVersion();
            return new String[] {"lustre-monitor " + (version == null ? "(development build)" : version)};
        }
    }
}
