package org.lustrecollector.trap;

import java.util.Objects;

import org.lustrecollector.api.Category;

/**
 * One event as the trap file (or another source) reports it.
 *
 * @param id       unique per event, assigned where it was raised; the same event on both MDS nodes has the same id
 * @param time     when the event happened, epoch seconds
 * @param category severity
 * @param fsName   filesystem name (empty when the event belongs to no filesystem)
 * @param node     node name such as {@code lustre-OST002a}
 * @param message  human-readable text
 */
public record Trap(String id, long time, Category category, String fsName, String node, String message) {
    public Trap {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(fsName, "fsName");
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(message, "message");
    }
}
