package org.lustrecollector.logging;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;

/** Keeps every record it is given, for tests that check what was logged. */
public final class RecordingLogHandler extends Handler {
    public final List<LogRecord> records = new ArrayList<>();

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
