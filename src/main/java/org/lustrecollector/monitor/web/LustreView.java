package org.lustrecollector.monitor.web;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The filesystems of all collectors: what each collector's latest state poll gave, and per filesystem the
 * view of the first collector (in command-line order) that serves it and is not down; the two MDSs of a
 * pair serve the same filesystems, so a filesystem stays on the page while one of them is away.
 * {@link #version} grows whenever what {@link #merged} gives changes. Thread-safe.
 */
public final class LustreView {
    private final List<String> order;
    private final CollectorBoard board;
    private final Map<String, List<FileSystemView>> byCollector = new LinkedHashMap<>();
    private long version;
    private List<FileSystemView> last = List.of();

    public LustreView(List<String> collectorsInOrder, CollectorBoard board) {
        this.order = List.copyOf(collectorsInOrder);
        this.board = board;
    }

    /** The collector's latest state poll. */
    public synchronized void update(String collector, List<FileSystemView> fileSystems, long time) {
        byCollector.put(collector, List.copyOf(fileSystems));
        board.answered(collector, time);
    }

    /** The collector's state poll failed: its filesystems come from the other collectors, if any. */
    public synchronized void failed(String collector) {
        byCollector.remove(collector);
    }

    /** Per filesystem, sorted by name, the view of the first collector that serves it and is not down. */
    public synchronized List<FileSystemView> merged() {
        Map<String, FileSystemView> chosen = new TreeMap<>();
        Map<String, FileSystemView> fallback = new TreeMap<>();
        for (String c : order) {
            List<FileSystemView> views = byCollector.get(c);
            if (views == null) {
                continue;
            }
            Map<String, FileSystemView> target = board.isDown(c) ? fallback : chosen;
            for (FileSystemView v : views) {
                target.putIfAbsent(v.name(), v);
            }
        }
        fallback.forEach(chosen::putIfAbsent);
        List<FileSystemView> now = new ArrayList<>(chosen.values());
        if (!now.equals(last)) {
            last = now;
            version++;
        }
        return now;
    }

    public synchronized long version() {
        merged();
        return version;
    }

    /** The collector that serves {@code node}'s filesystem on the page, for details on click. */
    public synchronized String collectorOf(String node) {
        for (FileSystemView v : merged()) {
            if (v.targets().contains(node)) {
                return v.collector();
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return "LustreView" + Objects.toString(order);
    }
}
