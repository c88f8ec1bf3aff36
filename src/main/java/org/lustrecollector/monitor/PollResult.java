package org.lustrecollector.monitor;

/** What one poll of one collector gave: a batch, or the reason it failed. */
public sealed interface PollResult {
    Collector collector();

    record Polled(Collector collector, PolledTraps batch) implements PollResult {
    }

    record Failed(Collector collector, String reason) implements PollResult {
    }
}
