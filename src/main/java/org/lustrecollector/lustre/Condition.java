package org.lustrecollector.lustre;

/** What a node's state means to an administrator. */
public enum Condition {
    RESPONDING,
    NOT_RESPONDING,
    /** An administrator set {@code active=0}: not contacted on purpose, not a failure. */
    DEACTIVATED
}
