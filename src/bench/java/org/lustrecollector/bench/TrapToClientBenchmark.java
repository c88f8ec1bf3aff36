package org.lustrecollector.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Trap-to-client latency: one line appended to the collector's regular trap file, then getTraps(timestamp)
 * called back to back on one keep-alive connection, the timestamp being the collector's time just before
 * the write (as a monitor passes back the last answer's); the time from the write to the first answer
 * holding the line's id. Samples are 5 to 25 ms apart, so that each write finds the collector thread
 * waiting for file events again, as a trap on a quiet MDS does.
 */
final class TrapToClientBenchmark {
    private TrapToClientBenchmark() {
    }

    static Latencies run(Path trapFile, InetSocketAddress collector, int samples) throws IOException {
        long[] nanos = new long[samples];
        SplittableRandom random = new SplittableRandom(7);
        String prefix = "t2c-" + System.nanoTime() + "-";
        try (KeepAliveClient client = new KeepAliveClient(collector, "/")) {
            for (int i = 0; i < samples; i++) {
                int since = XmlRpcCalls.timestamp(client.postText(XmlRpcCalls.getTraps(XmlRpcCalls.FUTURE)));
                byte[] request = XmlRpcCalls.getTraps(since);
                // The end mark keeps sample 1 from matching sample 10, which the same answer may hold.
                String id = prefix + i + "-end";
                byte[] line = StormLines.line(id, System.currentTimeMillis() / 1000, i);
                long t0 = System.nanoTime();
                TrapFileAppender.append(trapFile, line);
                long deadline = t0 + TimeUnit.SECONDS.toNanos(30);
                while (!client.postText(request).contains(id)) {
                    if (System.nanoTime() > deadline) {
                        throw new IOException("trap " + id + " not served within 30 s");
                    }
                }
                nanos[i] = System.nanoTime() - t0;
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5 + random.nextInt(21)));
            }
        }
        return Latencies.ofNanos(nanos, samples);
    }
}
