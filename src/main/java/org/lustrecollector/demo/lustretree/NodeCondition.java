package org.lustrecollector.demo.lustretree;

/**
 * States a fixture node can be put in, each written as a real MDS would show it
 * ({@code docs/lustre-facts.md} §6: {@code lustre/osp/osp_dev.c} {@code osp_import_event()},
 * {@code osp_statfs()}, {@code lustre/ptlrpc/import.c}, {@code lustre/lod/lproc_lod.c}, v2_15_0).
 */
public enum NodeCondition {
    /** Connected: import FULL, prealloc_status 0, ACTIVE in target_obd. */
    FULL,
    /**
     * Connection lost (a replayable import: the OSS or remote MDS went away): import DISCONN,
     * prealloc_status -19 (OST-facing only), statfs files keep their last cached values, and the LOD line stays
     * ACTIVE, since a plain loss never clears {@code opd_imp_active}.
     */
    DISCONNECTED,
    /**
     * Evicted by the target (or invalidated) and not reconnected yet: import DISCONN, prealloc_status -19,
     * INACTIVE in target_obd, statfs files fail with ENOTCONN. Only an eviction, an invalidation or a
     * deactivation makes a LOD line INACTIVE.
     */
    INACTIVE,
    /**
     * Never connected since the MDT started: import CONNECTING, prealloc_status -11 (its initial value),
     * INACTIVE in target_obd and statfs files failing with ENOTCONN ({@code opd_imp_active} is 0 until the
     * first IMP_EVENT_ACTIVE).
     */
    CONNECTING,
    /** An administrator set active=0: prealloc_status -108, import flag deactive, INACTIVE, statfs ENOTCONN. */
    DEACTIVATED,
    /** Connected, 2% of its space available (inodes as usual). */
    LOW_SPACE
}
