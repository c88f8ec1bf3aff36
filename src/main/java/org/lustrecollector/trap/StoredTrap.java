package org.lustrecollector.trap;

/**
 * A trap as the store holds it.
 *
 * @param trap       the event
 * @param sequence   position in the order the collector received traps; strictly increasing
 * @param receivedAt collector clock, epoch seconds, when the trap became visible to clients
 */
public record StoredTrap(Trap trap, long sequence, long receivedAt) {
}
