package org.lustrecollector.kernellog;

import org.lustrecollector.trap.TrapLineParser;

/**
 * The filesystem and node a Lustre device name points at.
 *
 * <p>Device names start with the target they belong to or connect to: {@code lustre-OST0000-osc-MDT0000}
 * (an MDT's connection to OST0000), {@code lustre-MDT0001-osp-MDT0000}, {@code lustre-OST0002_UUID},
 * {@code lustre-MDT0000}. The node is that target ({@code lustre-OST0000}), the filesystem its prefix.
 * Names without a target ({@code MGC10.0.0.2@o2ib}, {@code MGS}) are the node themselves, with no
 * filesystem.
 *
 * @param fsName filesystem name, empty when the name carries none
 * @param node   the target, or the whole device name
 */
public record LustreDevice(String fsName, String node) {
    private static final int TARGET_INDEX_DIGITS = 4;

    public static LustreDevice of(String deviceName) {
        int dash = deviceName.indexOf('-');
        while (dash > 0) {
            if (isTargetAt(deviceName, dash + 1)) {
                String fsName = deviceName.substring(0, dash);
                if (TrapLineParser.isValidFsName(fsName)) {
                    return new LustreDevice(fsName, deviceName.substring(0, dash + 1 + 3 + TARGET_INDEX_DIGITS));
                }
            }
            dash = deviceName.indexOf('-', dash + 1);
        }
        return new LustreDevice("", deviceName);
    }

    /** {@code OSTxxxx} or {@code MDTxxxx} (index as 4 hex digits, Lustre's %04x) ending the name or followed by - or _. */
    private static boolean isTargetAt(String name, int at) {
        int end = at + 3 + TARGET_INDEX_DIGITS;
        if (end > name.length() || !(name.startsWith("OST", at) || name.startsWith("MDT", at))) {
            return false;
        }
        for (int i = at + 3; i < end; i++) {
            if (Character.digit(name.charAt(i), 16) < 0) {
                return false;
            }
        }
        return end == name.length() || name.charAt(end) == '-' || name.charAt(end) == '_';
    }
}
