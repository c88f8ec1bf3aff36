package org.lustrecollector.demo.lustretree;

/** States a fixture node can be put in, each written as a real MDS would show it. */
public enum NodeCondition {
    /** Connected: import FULL, prealloc_status 0, ACTIVE in target_obd. */
    FULL,
    /** Connection lost, not yet marked inactive: import DISCONN, prealloc_status -19, still ACTIVE in target_obd. */
    DISCONNECTED,
    /** Lost and marked inactive: as DISCONNECTED, INACTIVE in target_obd, statfs files fail with ENOTCONN. */
    INACTIVE,
    /** Never connected since the MDT started: import CONNECTING, prealloc_status -11. */
    CONNECTING,
    /** An administrator set active=0: prealloc_status -108, import flag deactive, INACTIVE, statfs ENOTCONN. */
    DEACTIVATED,
    /** Connected, 2% of its space available. */
    LOW_SPACE
}
