package org.lustrecollector.lustre;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An OSP device of a local MDT, through which it sees one other target: {@code <fs>-OSTxxxx-osc-MDTyyyy}
 * for an OST, {@code <fs>-MDTxxxx-osp-MDTyyyy} for another MDT. Filesystems made by Lustre 1.8 may still
 * call MDT0's OSPs {@code <fs>-OSTxxxx-osc}.
 *
 * @param device   the device (and folder) name
 * @param target   the target seen through it
 * @param mdtIndex the index of the local MDT it belongs to
 */
public record OspDevice(String device, TargetName target, int mdtIndex) {
    private static final Pattern TO_OST = Pattern.compile("(.{1,8})-(OST)(\\p{XDigit}{4})-osc(?:-MDT(\\p{XDigit}{4}))?");
    private static final Pattern TO_MDT = Pattern.compile("(.{1,8})-(MDT)(\\p{XDigit}{4})-osp-MDT(\\p{XDigit}{4})");

    public static Optional<OspDevice> parse(String device) {
        for (Pattern p : new Pattern[] {TO_OST, TO_MDT}) {
            Matcher m = p.matcher(device);
            if (m.matches()) {
                int mdt = m.group(4) == null ? 0 : Integer.parseInt(m.group(4), 16);
                return Optional.of(new OspDevice(device, TargetName.of(m, 1), mdt));
            }
        }
        return Optional.empty();
    }

    /** The name of the file holding the NID of the current connection. */
    public String connectionUuidFile() {
        return target.type() == NodeType.OST ? "ost_conn_uuid" : "mdt_conn_uuid";
    }
}
