package org.lustrecollector.trap;

import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicLong;

/** A clock for tests: whole seconds, set or advanced by the test, safe to share between threads. */
public final class MutableInstantSource implements InstantSource {
    private final AtomicLong epochSecond;

    public MutableInstantSource(long epochSecond) {
        this.epochSecond = new AtomicLong(epochSecond);
    }

    public void set(long second) {
        epochSecond.set(second);
    }

    public long advance(long seconds) {
        return epochSecond.addAndGet(seconds);
    }

    public long second() {
        return epochSecond.get();
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochSecond(epochSecond.get());
    }
}
