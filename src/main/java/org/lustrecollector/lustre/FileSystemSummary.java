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
 */
public record FileSystemSummary(String name, int nodes, int osts, int responding, List<String> notResponding,
                                List<String> deactivated, List<String> unknown, Space ostSpace, Space mdtSpace, String health) {
}
