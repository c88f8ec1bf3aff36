package org.lustrecollector.trap;

import java.util.List;

/**
 * What the store holds at one moment, as published after a change; never changed afterwards.
 *
 * @param version increases by one at each publication, so equal versions of one store hold the same traps
 * @param traps   in the order received (increasing {@link StoredTrap#sequence()}); a read-only list
 */
public record TrapSnapshot(long version, List<StoredTrap> traps) {
}
