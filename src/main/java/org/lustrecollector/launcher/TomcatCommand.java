package org.lustrecollector.launcher;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.lustrecollector.config.CollectorConfig;
import org.lustrecollector.config.ConfigLoader;

/**
 * How catalina.sh is run for the instance: CATALINA_HOME and CATALINA_BASE apart, and the collector's
 * options as {@code -Dlustre.collector.*} system properties in CATALINA_OPTS: host, port and allow for
 * server.xml, and the command-line options so that the web application sees them at the same precedence.
 */
public final class TomcatCommand {
    /**
     * The collector's JVM: a small heap that gives memory back (the serial collector shrinks the heap after
     * a collection when most of it is free; G1 keeps all of -Xmx once a polling load has grown it), bounded
     * code cache and metaspace, smaller thread stacks. The free ratios (20–40 % of the heap kept free after
     * a full collection) leave the old generation room for what a polling load promotes, so that its full
     * collections, which stop every thread while they walk the 100,000-node state, stay rare
     * (docs/benchmarks.md, "Memory", has the RSS and latencies this gives).
     *
     * <p>The young generation is fixed at 48 MiB (-Xmn), so that
     * the old generation may take the rest of -Xmx: the 100,000-node state plus a request in progress on every
     * connection Tomcat may hold (1,024 waitTraps calls, {@link ConnectorLimits#BYTES_PER_CALL} each). With the
     * serial collector's default share (a third of the heap young) the old generation could not hold both, and
     * every young collection became a full one.
     *
     * <p>An OutOfMemoryError ends the JVM (ExitOnOutOfMemoryError, exit status 3): a JVM that ran out of heap
     * may have lost any thread, Tomcat's acceptor among them, and then keeps the port open without ever
     * accepting again. Ended, it is restarted by the service manager (Restart= in the systemd unit). The
     * connection limits ({@link ConnectorLimits}) are derived from -Xmx so that connections alone cannot get
     * there.
     *
     * <p>-XX:-UsePerfData: no hsperfdata file under /tmp (the collector keeps nothing on disk) and no JVM task
     * sampling its counters every 50 ms while the collector is idle; jcmd still reaches the JVM.
     */
    public static final List<String> JVM_OPTIONS = List.of("-Xms64m", "-Xmx256m", "-Xmn48m", "-XX:+UseSerialGC",
            "-XX:MinHeapFreeRatio=20", "-XX:MaxHeapFreeRatio=40", "-XX:ReservedCodeCacheSize=64m",
            "-XX:MaxMetaspaceSize=128m", "-Xss512k", "-XX:+ExitOnOutOfMemoryError",
            "-XX:-UsePerfData");

    private final LauncherLayout layout;
    private final CollectorConfig config;
    private final Map<String, String> commandLine;

    TomcatCommand(LauncherLayout layout, CollectorConfig config, Map<String, String> commandLine) {
        this.layout = layout;
        this.config = config;
        this.commandLine = commandLine;
    }

    Map<String, String> environment() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("CATALINA_HOME", layout.tomcatHome().toString());
        env.put("CATALINA_BASE", layout.base().toString());
        env.put("CATALINA_OPTS", catalinaOpts());
        return env;
    }

    /** catalina.sh evaluates CATALINA_OPTS as shell words, so each option is quoted for the shell. */
    String catalinaOpts() {
        Map<String, String> properties = new LinkedHashMap<>(commandLine);
        properties.put("host", config.host());
        properties.put("port", String.valueOf(config.port()));
        properties.put("allow", String.join(",", config.allow()));
        // The site's own CATALINA_OPTS come after the collector's JVM options, so they win; the connection
        // limits follow the heap they end up giving.
        List<String> words = new ArrayList<>(JVM_OPTIONS);
        String inherited = inheritedCatalinaOpts();
        if (!inherited.isEmpty()) {
            words.add(inherited);
        }
        words.addAll(limits().systemProperties());
        properties.forEach((name, value) -> words.add(shellQuote("-D" + ConfigLoader.PROPERTY_PREFIX + name + "=" + value)));
        return String.join(" ", words);
    }

    /** The connection limits for the heap the collector's JVM gets (its -Xmx, or the site's in CATALINA_OPTS). */
    ConnectorLimits limits() {
        List<String> words = new ArrayList<>(JVM_OPTIONS);
        words.add(inheritedCatalinaOpts());
        return ConnectorLimits.forJvmOptions(words);
    }

    private static String inheritedCatalinaOpts() {
        return System.getenv().getOrDefault("CATALINA_OPTS", "").trim();
    }

    /** The foreground command: the wrapper replaces itself with it, so signals reach Tomcat's JVM. */
    List<String> foreground() {
        List<String> command = new ArrayList<>(List.of("env", "-u", "CATALINA_PID"));
        environment().forEach((name, value) -> command.add(name + "=" + value));
        command.add(catalinaSh());
        command.add("run");
        return command;
    }

    String catalinaSh() {
        return layout.tomcatHome().resolve("bin/catalina.sh").toString();
    }

    static String shellQuote(String word) {
        return "'" + word.replace("'", "'\\''") + "'";
    }
}
