package org.lustrecollector.lustre;

import java.util.List;

/**
 * One filesystem as the last scan saw it.
 *
 * @param name          fsname
 * @param nodes         number of nodes (local and remote MDTs, OSTs)
 * @param osts          of which OSTs
 * @param responding    nodes responding
 * @param notResponding names of the nodes not responding (failures; deactivated nodes are not among them)
 * @param deactivated   names of the nodes an administrator deactivated
 * @param unknown       names of the nodes whose files could not be read (state UNKNOWN)
 * @param ostSpace      statfs sums over the OSTs whose values are known: the filesystem's space
 * @param mdtSpace      statfs sums over the MDTs whose values are known: the filesystem's inodes
 * @param health        this server's health_check, empty when unreadable
 * @param lodSpace      the filesystem's totals as its lowest local MDT's LOD computes them ({@code lod_statfs()}:
 *                      blocks of the OSTs whose statfs is cached, inodes of the MDTs reduced to the OSTs' free
 *                      objects), read at every scan; {@link Space#UNKNOWN} where unreadable
 * @param evictions     sum of the local MDTs' {@code eviction_count}; -1 when none of them has one (before 2.16)
 */
public record FileSystemSummary(String name, int nodes, int osts, int responding, List<String> notResponding,
                                List<String> deactivated, List<String> unknown, Space ostSpace, Space mdtSpace, String health,
                                Space lodSpace, long evictions) {
}
