package org.lustrecollector.config;

/**
 * Whether the trap store of {@code maxtraps} traps fits the collector's heap: a collector whose store
 * cannot fit would run until a storm fills it and then fail with OutOfMemoryError, so start-up refuses
 * it instead, with one line naming the heap it needs. The need is a fixed base (Tomcat, Weld, the
 * XML-RPC server, the Lustre state of an ordinary cluster) plus a budget per stored trap that is twice a
 * realistic stored trap's retained size, for the copies a storm and the answers in flight hold beside the
 * store ({@code HeapBudgetTest} measures it).
 */
public final class HeapBudget {
    public static final long BASE_BYTES = 64L * 1024 * 1024;
    public static final long BYTES_PER_TRAP = 900;

    private static final long MIB = 1024 * 1024;
    /** -Xmx is suggested an eighth above the need, in whole 64 MiB: a JVM reports less than -Xmx as its heap. */
    private static final long SUGGESTION_STEP = 64 * MIB;

    private HeapBudget() {
    }

    /** Heap the collector needs to hold {@code maxTraps} traps. */
    public static long neededBytes(int maxTraps) {
        return BASE_BYTES + maxTraps * BYTES_PER_TRAP;
    }

    /** Most traps a heap of {@code heapBytes} holds, in whole thousands; 0 when not even the base fits. */
    public static int mostTraps(long heapBytes) {
        long traps = Math.max(0, (heapBytes - BASE_BYTES) / BYTES_PER_TRAP);
        return (int) Math.min(Integer.MAX_VALUE, traps / 1000 * 1000);
    }

    /** The -Xmx to suggest for {@code maxTraps} traps, such as "-Xmx960m". */
    public static String suggestedXmx(int maxTraps) {
        long withMargin = neededBytes(maxTraps) + neededBytes(maxTraps) / 8;
        long rounded = (withMargin + SUGGESTION_STEP - 1) / SUGGESTION_STEP * SUGGESTION_STEP;
        return "-Xmx" + rounded / MIB + "m";
    }

    /**
     * Refuses a {@code maxtraps} whose store does not fit.
     *
     * @param heapBytes the heap the collector's JVM has (in the collector, {@code Runtime.maxMemory()})
     * @param heapName  what that heap is, for the message, such as "this JVM" or "the collector's JVM (-Xmx256m)"
     * @throws ConfigException one line naming maxtraps, its value and origin, the heap needed and the heap there is
     */
    public static void check(CollectorConfig config, long heapBytes, String heapName) {
        int maxTraps = config.maxTraps();
        long needed = neededBytes(maxTraps);
        if (needed <= heapBytes) {
            return;
        }
        String fix = mostTraps(heapBytes) >= 1000 ? "lower maxtraps to at most " + mostTraps(heapBytes) + " or " : "";
        throw ConfigException.badValue(ConfigOptions.MAXTRAPS.name(), String.valueOf(maxTraps),
                config.origin(ConfigOptions.MAXTRAPS),
                "a store of " + maxTraps + " traps needs a heap of at least " + mib(needed) + " MiB and " + heapName
                        + " has " + mib(heapBytes) + " MiB; " + fix + "give it " + suggestedXmx(maxTraps)
                        + " (CATALINA_OPTS)");
    }

    private static long mib(long bytes) {
        return (bytes + MIB - 1) / MIB;
    }
}
