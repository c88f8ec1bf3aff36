package org.lustrecollector.monitor.web;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLongArray;

import org.lustrecollector.it.HeadlessChromium;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * The web view of lustre-monitor under load (docs/benchmarks.md, "Web view"): a dashboard holding 100
 * filesystems of 1,000 targets each, served by the real DashboardServer on loopback.
 * <ol>
 * <li>First render: headless Chromium (a fresh profile each time) opens the page; the time from navigation
 * start to the page's {@code filesystems-rendered} mark (all 100 maps drawn), 5 runs.</li>
 * <li>Storm: 50 Server-Sent-Events clients and one browser connected while 100,000 traps are added in
 * batches of 1,000 every 100 ms; the CPU time of the server's threads (event thread, Tomcat's threads,
 * the thread adding the traps), its heap, and whether every client got the last trap.</li>
 * </ol>
 * Run: {@code java -cp target/test-classes:target/classes:CLASSPATH org.lustrecollector.monitor.web.WebViewBenchmark}
 */
public final class WebViewBenchmark {
    private static final int FILESYSTEMS = 100;
    private static final int TARGETS = 1_000;
    private static final int SSE_CLIENTS = 50;
    private static final int STORM = 100_000;
    private static final int BATCH = 1_000;

    private WebViewBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Clock clock = Clock.systemUTC();
        List<String> collectors = List.of("http://mds1.bench:8980/", "http://mds2.bench:8980/");
        CollectorBoard board = new CollectorBoard(collectors, clock.millis() / 1000);
        LustreView lustre = new LustreView(collectors, board);
        lustre.update(collectors.get(0), fileSystems(collectors.get(0)), clock.millis() / 1000);
        Dashboard dashboard = new Dashboard(new TrapLog(DashboardServer.TRAPS_HELD, clock), board, lustre,
                new OutageView(), clock);
        for (int i = 0; i < 500; i++) {
            dashboard.trap("warm-" + i, clock.millis() / 1000, i % 4, "fs" + (i % FILESYSTEMS), "fs0-OST0001",
                    "a trap before the page opens " + i, collectors.get(0));
        }
        try (DashboardServer server = new DashboardServer(new WebAddress("127.0.0.1", 0), dashboard, List.of(),
                Duration.ofSeconds(5))) {
            String url = "http://127.0.0.1:" + server.port() + "/";
            firstRender(url);
            storm(url, server, dashboard);
        }
    }

    private static List<FileSystemView> fileSystems(String collector) {
        List<FileSystemView> views = new ArrayList<>();
        for (int f = 0; f < FILESYSTEMS; f++) {
            String name = "fs" + f;
            List<String> targets = new ArrayList<>();
            StringBuilder states = new StringBuilder();
            targets.add(name + "-MDT0000");
            states.append('R');
            for (int t = 1; t < TARGETS; t++) {
                targets.add(String.format("%s-OST%04x", name, t - 1));
                states.append(t % 97 == 0 ? 'N' : t % 89 == 0 ? 'D' : t % 83 == 0 ? 'L' : 'R');
            }
            double kib = 1024.0 * 1024 * 1024 * (100 + f);
            views.add(new FileSystemView(name, collector, targets, states.toString(), "healthy", kib, kib * 0.4,
                    kib * 0.42, 4e9, 3e9, 1000 + f));
        }
        return views;
    }

    private static void firstRender(String url) {
        double[] millis = new double[5];
        for (int run = 0; run < millis.length; run++) {
            try (HeadlessChromium chromium = new HeadlessChromium(1600, 1200)) {
                ChromeDriver driver = chromium.driver();
                driver.get(url);
                long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                Object mark = null;
                while (mark == null && System.nanoTime() < deadline) {
                    mark = driver.executeScript("const m = performance.getEntriesByName('filesystems-rendered');"
                            + " return m.length && document.querySelectorAll('canvas.tiles').length === "
                            + FILESYSTEMS + " ? m[0].startTime : null;");
                }
                if (mark == null) {
                    throw new IllegalStateException("the page did not render within 60 s");
                }
                millis[run] = ((Number) mark).doubleValue();
                if (run == 0) {
                    Object heap = driver.executeScript("return performance.memory ? performance.memory.usedJSHeapSize : -1");
                    System.out.printf("render: page JS heap %.1f MiB%n", ((Number) heap).doubleValue() / 1048576);
                }
            }
        }
        Arrays.sort(millis);
        System.out.printf("render: first render of %d filesystems x %d targets: median %.0f ms, min %.0f, max %.0f "
                + "(runs %s)%n", FILESYSTEMS, TARGETS, millis[2], millis[0], millis[4], Arrays.toString(millis));
    }

    private static void storm(String url, DashboardServer server, Dashboard dashboard) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        AtomicLongArray lastSeq = new AtomicLongArray(SSE_CLIENTS);
        List<Thread> readers = new ArrayList<>();
        List<InputStream> streams = new ArrayList<>();
        for (int i = 0; i < SSE_CLIENTS; i++) {
            InputStream body = http.send(HttpRequest.newBuilder(URI.create(url + "api/events")).build(),
                    HttpResponse.BodyHandlers.ofInputStream()).body();
            streams.add(body);
            int client = i;
            Thread reader = new Thread(() -> {
                try (BufferedReader in = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
                    for (String line; (line = in.readLine()) != null; ) {
                        if (line.startsWith("id: ")) {
                            lastSeq.set(client, Long.parseLong(line.substring(4)));
                        }
                    }
                } catch (java.io.IOException e) {
                    // closed at the end
                }
            }, "bench-sse-client-" + i);
            reader.setDaemon(true);
            reader.start();
            readers.add(reader);
        }
        try (HeadlessChromium chromium = new HeadlessChromium(1600, 1200)) {
            chromium.driver().get(url);
            while (server.events().clients() < SSE_CLIENTS + 1) {
                Thread.onSpinWait();
            }
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            long serverCpuBefore = serverCpu(threads);
            resetPeaks();
            long start = System.nanoTime();
            long feederCpu = threads.getCurrentThreadCpuTime();
            long now = System.currentTimeMillis() / 1000;
            for (int sent = 0; sent < STORM; sent += BATCH) {
                long due = start + (sent / BATCH) * 100_000_000L;
                while (System.nanoTime() < due) {
                    Thread.sleep(1); // the storm's pace, not a synchronisation
                }
                for (int i = 0; i < BATCH; i++) {
                    int n = sent + i;
                    dashboard.trap("storm-" + n, now, n % 50 == 0 ? 2 : 1, "fs" + (n % 7), "fs0-OST" + (n % 1000),
                            "Connection to fs0-OST" + (n % 1000) + " (at 10.0.0." + (n % 250) + "@o2ib) was lost",
                            "http://mds1.bench:8980/");
                }
            }
            feederCpu = threads.getCurrentThreadCpuTime() - feederCpu;
            long last = dashboard.traps().next() - 1;
            long wait = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() < wait && !allHave(lastSeq, last)) {
                Thread.sleep(10);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            long serverCpu = serverCpu(threads) - serverCpuBefore;
            System.out.printf("storm: %d traps in %.1f s to %d SSE clients + 1 browser; every client got the last: %s%n",
                    STORM, seconds, SSE_CLIENTS, allHave(lastSeq, last));
            System.out.printf("storm: server CPU %.2f s (event thread and Tomcat) + %.2f s adding the traps = %.0f %% "
                    + "of one core over the storm%n", serverCpu / 1e9, feederCpu / 1e9,
                    (serverCpu + feederCpu) / 1e9 / seconds * 100);
            System.out.printf("storm: heap peak %.1f MiB; %n", peakHeap() / 1048576.0);
            System.gc();
            System.out.printf("storm: heap after a full collection %.1f MiB%n",
                    ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / 1048576.0);
        } finally {
            for (InputStream s : streams) {
                s.close();
            }
        }
    }

    private static boolean allHave(AtomicLongArray lastSeq, long last) {
        for (int i = 0; i < lastSeq.length(); i++) {
            if (lastSeq.get(i) < last) {
                return false;
            }
        }
        return true;
    }

    /** CPU time of the web view's own threads: the event thread and Tomcat's. */
    private static long serverCpu(ThreadMXBean threads) {
        long total = 0;
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info != null && (info.getThreadName().startsWith("lustre-monitor-events")
                    || info.getThreadName().startsWith("http-nio"))) {
                total += Math.max(0, threads.getThreadCpuTime(info.getThreadId()));
            }
        }
        return total;
    }

    private static void resetPeaks() {
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            pool.resetPeakUsage();
        }
    }

    private static long peakHeap() {
        long sum = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                sum += pool.getPeakUsage().getUsed();
            }
        }
        return sum;
    }
}
