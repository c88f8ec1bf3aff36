package org.lustrecollector.monitor.web;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Each watched collector as the page shows it: up or down and since when, why it is down, and what it
 * dropped in storms (one notice per collector with the counts of its latest storm and of all of them).
 * Thread-safe.
 */
public final class CollectorBoard {
    /** One collector's row. {@code since} is epoch seconds; 0 while it has not been heard from yet. */
    public record Row(String url, String state, long since, String reason, long droppedTotal, long lastDrop,
            long lastDropTime, Map<String, Long> lastDropByCategory, Map<String, Long> lastDropByFileSystem) {
    }

    private static final class Entry {
        String state = "waiting";
        long since;
        String reason = "";
        long droppedTotal;
        long lastDrop;
        long lastDropTime;
        Map<String, Long> byCategory = Map.of();
        Map<String, Long> byFileSystem = Map.of();
    }

    private final Map<String, Entry> entries = new LinkedHashMap<>();

    public CollectorBoard(List<String> urls, long startTime) {
        for (String url : urls) {
            Entry e = new Entry();
            e.since = startTime;
            entries.put(url, e);
        }
    }

    public synchronized void down(String url, long since, String reason) {
        Entry e = entries.get(url);
        if (e != null && !"down".equals(e.state)) {
            e.state = "down";
            e.since = since;
        }
        if (e != null) {
            e.reason = reason;
        }
    }

    public synchronized void up(String url, long since) {
        Entry e = entries.get(url);
        if (e != null && !"up".equals(e.state)) {
            e.state = "up";
            e.since = since;
            e.reason = "";
        }
    }

    /** The collector answered a state poll: up since then if nothing was known of it yet. */
    public synchronized void answered(String url, long time) {
        Entry e = entries.get(url);
        if (e != null && "waiting".equals(e.state)) {
            e.state = "up";
            e.since = time;
        }
    }

    /** Whether the collector's latest word is that it is down. */
    public synchronized boolean isDown(String url) {
        Entry e = entries.get(url);
        return e != null && "down".equals(e.state);
    }

    public synchronized void dropped(String url, long count, Map<String, Long> byCategory,
            Map<String, Long> byFileSystem, long time) {
        Entry e = entries.get(url);
        if (e == null) {
            return;
        }
        e.droppedTotal += count;
        e.lastDrop = count;
        e.lastDropTime = time;
        e.byCategory = new TreeMap<>(byCategory);
        e.byFileSystem = limited(byFileSystem);
    }

    /** The 20 filesystems that dropped most: a notice, not a table. */
    private static Map<String, Long> limited(Map<String, Long> byFileSystem) {
        List<Map.Entry<String, Long>> sorted = new ArrayList<>(byFileSystem.entrySet());
        sorted.sort(Map.Entry.<String, Long>comparingByValue().reversed());
        Map<String, Long> out = new LinkedHashMap<>();
        sorted.stream().limit(20).forEach(en -> out.put(en.getKey(), en.getValue()));
        return out;
    }

    public synchronized List<Row> rows() {
        List<Row> rows = new ArrayList<>(entries.size());
        entries.forEach((url, e) -> rows.add(new Row(url, e.state, e.since, e.reason, e.droppedTotal, e.lastDrop,
                e.lastDropTime, e.byCategory, e.byFileSystem)));
        return rows;
    }
}
