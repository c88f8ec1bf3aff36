package org.lustrecollector.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Polling: wrk against each server, for each answer and number of keep-alive connections, one after the
 * other in the same run: answer by answer, connections by connections, server by server, so that a
 * change of the machine's load during the run touches all servers alike. Each server is warmed first
 * (the JVM's JIT; Python has none, but is treated the same). Each measurement is made {@code rounds}
 * times, the servers taking turns, and the run with the median requests per second is kept, with its
 * latencies, because on a shared machine single runs of the same server differ from run to run.
 */
final class PollingBenchmark {

    /** The two answers: getTraps(0) over the 250 stored traps, and getTraps of a time to come, empty. */
    enum Answer {
        TRAPS_250("250 traps", "traps250", 0),
        EMPTY("empty", "empty", XmlRpcCalls.FUTURE);

        final String label;
        final String file;
        final int since;

        Answer(String label, String file, int since) {
            this.label = label;
            this.file = file;
            this.since = since;
        }
    }

    /** A server under load: its name in the report and the URL for each answer. */
    record Target(String label, Function<Answer, String> url) {
    }

    record Row(String target, Answer answer, int connections, Wrk.Result result) {
    }

    private PollingBenchmark() {
    }

    /** @param requests the request body file for each answer, indexed by {@link Answer#ordinal()} */
    static List<Row> run(Wrk wrk, List<Target> targets, Path[] requests, List<Integer> connections, int seconds,
                         int rounds, int warmSeconds, Consumer<Row> progress) throws IOException, InterruptedException {
        for (Target target : targets) {
            for (Answer answer : Answer.values()) {
                wrk.run(target.url().apply(answer), requests[answer.ordinal()], 16, warmSeconds);
            }
        }
        List<Row> rows = new ArrayList<>();
        for (Answer answer : Answer.values()) {
            for (int c : connections) {
                List<List<Wrk.Result>> runs = new ArrayList<>();
                targets.forEach(t -> runs.add(new ArrayList<>()));
                for (int round = 0; round < rounds; round++) {
                    for (int t = 0; t < targets.size(); t++) {
                        runs.get(t).add(wrk.run(targets.get(t).url().apply(answer), requests[answer.ordinal()], c, seconds));
                    }
                }
                for (int t = 0; t < targets.size(); t++) {
                    List<Wrk.Result> results = runs.get(t);
                    results.sort(Comparator.comparingDouble(Wrk.Result::requestsPerSecond));
                    Row row = new Row(targets.get(t).label(), answer, c, results.get(results.size() / 2));
                    rows.add(row);
                    progress.accept(row);
                }
            }
        }
        return rows;
    }
}
