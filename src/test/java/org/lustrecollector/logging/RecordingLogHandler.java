package org.lustrecollector.logging;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** Keeps every record it is given, for tests that check what was logged. */
public final class RecordingLogHandler extends Handler {
    public final List<LogRecord> records = new ArrayList<>();
    private Logger attached;
    private boolean savedUseParentHandlers;

    /** Records everything the class's logger logs, and keeps it off the console, until {@link #detach}. */
    public RecordingLogHandler attachTo(Class<?> owner) {
        attached = Logger.getLogger(owner.getName());
        setLevel(Level.ALL);
        attached.addHandler(this);
        savedUseParentHandlers = attached.getUseParentHandlers();
        attached.setUseParentHandlers(false);
        return this;
    }

    public void detach() {
        if (attached != null) {
            attached.removeHandler(this);
            attached.setUseParentHandlers(savedUseParentHandlers);
            attached = null;
        }
    }

    @Override
    public synchronized void publish(LogRecord record) {
        records.add(record);
    }

    public synchronized List<String> messages() {
        return records.stream().map(LogRecord::getMessage).toList();
    }

    public synchronized int size() {
        return records.size();
    }

    public synchronized long count(Level level) {
        return records.stream().filter(r -> r.getLevel() == level).count();
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
    }
}
