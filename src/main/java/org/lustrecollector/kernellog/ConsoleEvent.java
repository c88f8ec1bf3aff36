package org.lustrecollector.kernellog;

import org.lustrecollector.api.Category;

/**
 * The Lustre, LNet and ldiskfs console messages that become traps, and how severe each is. The wording of
 * each message, the lustre-release file it comes from and the versions that print it are in
 * {@code docs/kernel-log.md}.
 */
enum ConsoleEvent {
    /** {@code <dev>: Connection to <target> (at <nid>) was lost; …} */
    CONNECTION_LOST(Category.CRITICAL),
    /** {@code <dev>: Connection restored to <uuid> (at <nid>)} */
    CONNECTION_RESTORED(Category.INFO),
    /** {@code <dev>: operation <op> to node <nid> failed: rc = <errno>} */
    OPERATION_FAILED(Category.WARNING),
    /** {@code <dev>: This client was evicted by <target>; …}: this node was evicted by a target */
    EVICTED(Category.CRITICAL),
    /** {@code <dev>: haven't heard from client <uuid> (at <nid>) in N seconds. … I am evicting it.} */
    CLIENT_EVICTED(Category.WARNING),
    /** {@code ### lock callback timer expired after Ns: evicting client at <nid>  ns: <namespace> lock: …} */
    LOCK_CALLBACK_EVICTION(Category.WARNING),
    /** {@code <dev>: recovery is timed out, evict stale exports} */
    RECOVERY_TIMED_OUT(Category.WARNING),
    /** {@code <dev>: Recovery over after m:ss, of N clients N recovered and 0 were evicted.} */
    RECOVERY_OVER(Category.INFO),
    /** {@code <dev>: Recovery over after …} with one or more clients evicted */
    RECOVERY_OVER_WITH_EVICTIONS(Category.WARNING),
    /** {@code <dev>: Denying connection for new client … to recover in m:ss} */
    NEW_CLIENT_DENIED(Category.INFO),
    /** {@code <dev>: Denying connection for new client … already passed deadline m:ss} */
    NEW_CLIENT_DENIED_PAST_DEADLINE(Category.WARNING),
    /** {@code Service thread pid N was inactive …} (2.12), {@code <thread>: service thread pid N was inactive …} */
    SERVICE_THREAD_INACTIVE(Category.WARNING),
    /** {@code <service>: This server is not able to keep up with request traffic (cpu-bound).}, 2.16: {@code '<service>' is processing requests too slowly, …} */
    SERVICE_OVERLOADED(Category.WARNING),
    /** {@code ASSERTION( <condition> ) failed: …}, always followed by an LBUG */
    ASSERTION(Category.FATAL),
    /** {@code LBUG}: the node stops (or panics) */
    LBUG(Category.FATAL),
    /** {@code <dev>: device reported unhealthy} (a {@code CERROR} from 2.16.59) */
    UNHEALTHY(Category.CRITICAL),
    /** any {@code LNetError:} line */
    LNET_ERROR(Category.WARNING),
    /** {@code LDISKFS-fs error (device <blockdev>): …} */
    LDISKFS_ERROR(Category.CRITICAL),
    /** {@code LDISKFS-fs (<blockdev>): Remounting filesystem read-only} */
    LDISKFS_READ_ONLY(Category.CRITICAL),
    /** {@code LDISKFS-fs warning (device <blockdev>): …} */
    LDISKFS_WARNING(Category.WARNING),
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
