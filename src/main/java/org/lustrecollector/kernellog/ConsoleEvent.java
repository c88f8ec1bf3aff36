package org.lustrecollector.kernellog;

import org.lustrecollector.api.Category;

/** The Lustre console messages that become traps, and how severe each is. */
enum ConsoleEvent {
    /** {@code <dev>: Connection to <target> (at <nid>) was lost; …} */
    CONNECTION_LOST(Category.CRITICAL),
    /** {@code <dev>: Connection restored to <uuid> (at <nid>)} */
    CONNECTION_RESTORED(Category.INFO),
    /** {@code <dev>: operation <op> to node <nid> failed: rc = <errno>} */
    OPERATION_FAILED(Category.WARNING),
    /** {@code <dev>: This client was evicted by <target>; …} */
    EVICTED(Category.CRITICAL),
    /** {@code ASSERTION( <condition> ) failed: …}, always followed by an LBUG */
    ASSERTION(Category.FATAL),
    /** {@code LBUG}: the node stops (or panics) */
    LBUG(Category.FATAL),
    /** {@code <dev>: device reported unhealthy} or {@code device <dev> reported unhealthy} */
    UNHEALTHY(Category.CRITICAL),
    /** any other {@code LustreError:} line */
    OTHER_ERROR(Category.WARNING);

    private final Category category;

    ConsoleEvent(Category category) {
        this.category = category;
    }

    Category category() {
        return category;
    }
}
