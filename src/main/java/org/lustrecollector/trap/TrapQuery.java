package org.lustrecollector.trap;

import java.util.List;

/**
 * Answer to "what arrived since T".
 *
 * @param traps     in the order received
 * @param timestamp collector time of this read; passing it back as the next {@code since} misses nothing
 */
public record TrapQuery(List<StoredTrap> traps, long timestamp) {
}
