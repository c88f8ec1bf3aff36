package org.lustrecollector.lustre;

import java.util.Optional;
import java.util.logging.Level;

import org.lustrecollector.logging.RateLimitedLog;
import org.lustrecollector.lustre.procfs.ProcError;
import org.lustrecollector.lustre.procfs.ProcReadException;
import org.lustrecollector.lustre.procfs.ProcRoot;
import org.lustrecollector.lustre.procfs.ProcTree;

/**
 * Reads one node's files and derives its state, by the rules of {@code docs/lustre-state.md}: the import
 * state where {@code import} is readable; else prealloc_status, active, the statfs files' errors and
 * the LOD's target_obd. Reads only what the rules need, and never {@code ping} (reading it sends an RPC).
 */
final class NodeReader {
    static final String LOCAL_STATE = "LOCAL";
    private static final int ENODEV = -19;
    private static final int EAGAIN = -11;
    private static final int ENOSPC = -28;
    private static final int ESHUTDOWN = -108;

    private final ProcTree tree;
    private final RateLimitedLog log = RateLimitedLog.perMinute(NodeReader.class, 10);

    NodeReader(ProcTree tree) {
        this.tree = tree;
    }

    /** A local MDT: it is this server's own, so it responds; its space comes from its OSD. */
    NodeReading readLocal(NodeFiles files) {
        Space space = files.valuesRoot() == null ? Space.UNKNOWN : readSpace(files).space();
        return new NodeReading(Condition.RESPONDING, LOCAL_STATE, "mdt", false, space, "", false, false);
    }

    /**
     * A target seen through an OSP.
     *
     * @param lodActive what the LOD's target_obd/mdt_obd last said; null when it does not list the target
     */
    NodeReading readOsp(OspDevice osp, NodeFiles files, Boolean lodActive) {
        ImportFile imp = null;
        boolean importDenied = false;
        if (files.importRoot() != null) {
            try {
                imp = ImportFile.parse(tree.read(files.importRoot(), files.importDir() + "/import")).orElse(null);
                if (imp == null) {
                    log.log(Level.WARNING, "No 'state:' in " + files.importDir() + "/import; using the other files");
                }
            } catch (ProcReadException e) {
                importDenied = e.error() == ProcError.PERMISSION_DENIED;
            }
        }
        SpaceRead space = readSpace(files);
        if (space.error() == ProcError.NOT_FOUND) {
            return NodeReading.vanishedNode();
        }
        if (imp != null) {
            Condition condition = imp.deactivated() ? Condition.DEACTIVATED
                    : imp.state().equals("FULL") || imp.state().equals("IDLE") ? Condition.RESPONDING
                    : Condition.NOT_RESPONDING;
            return new NodeReading(condition, imp.state(), "import", false, space.space(), imp.currentConnection(),
                    false, importDenied);
        }
        Integer prealloc = osp.target().type() == NodeType.OST ? readInt(files, "prealloc_status") : null;
        Integer active = prealloc == null || prealloc != 0 ? readInt(files, "active") : null;
        Derived d = derive(prealloc, active, space.error(), lodActive);
        return new NodeReading(d.condition, d.state, d.signal, prealloc != null && prealloc == EAGAIN,
                space.space(), readNid(osp, files), false, importDenied);
    }

    private record Derived(Condition condition, String state, String signal) {
    }

    /** The rules without an import file, most specific signal first. */
    private static Derived derive(Integer prealloc, Integer active, ProcError spaceError, Boolean lodActive) {
        if (active != null && active == 0) {
            return new Derived(Condition.DEACTIVATED, "DEACTIVATED", "active");
        }
        if (prealloc != null && prealloc == ESHUTDOWN) {
            return new Derived(Condition.DEACTIVATED, "DEACTIVATED", "prealloc_status");
        }
        if (prealloc != null && prealloc == ENODEV) {
            return new Derived(Condition.NOT_RESPONDING, "DISCONNECTED", "prealloc_status");
        }
        if (prealloc != null && prealloc == EAGAIN) {
            return new Derived(Condition.NOT_RESPONDING, "CONNECTING", "prealloc_status");
        }
        if (spaceError == ProcError.NOT_CONNECTED) {
            return new Derived(Condition.NOT_RESPONDING, "INACTIVE", "kbytestotal");
        }
        if (spaceError == ProcError.SHUT_DOWN) {
            return new Derived(Condition.NOT_RESPONDING, "CLOSED", "kbytestotal");
        }
        if (Boolean.FALSE.equals(lodActive)) {
            return new Derived(Condition.NOT_RESPONDING, "INACTIVE", "target_obd");
        }
        if (prealloc != null) {
            String state = prealloc == 0 ? "ACTIVE" : prealloc == ENOSPC ? "NO_SPACE" : "PREALLOC_ERROR(" + prealloc + ")";
            return new Derived(Condition.RESPONDING, state, "prealloc_status");
        }
        // An MDT-facing OSP has no prealloc_status; that is no failure.
        return new Derived(Condition.RESPONDING, "ACTIVE",
                lodActive != null ? "mdt_obd" : spaceError == null ? "kbytestotal" : "active");
    }

    record SpaceRead(Space space, ProcError error) {
    }

    /** The statfs files; stops at the first error, since the others fail the same way. */
    SpaceRead readSpace(NodeFiles files) {
        long[] v = {-1, -1, -1, -1, -1};
        for (int i = 0; i < v.length; i++) {
            try {
                v[i] = parseLong(tree.read(files.valuesRoot(), files.valuesDir() + "/" + Space.FILES[i]));
            } catch (ProcReadException e) {
                return new SpaceRead(new Space(v[0], v[1], v[2], v[3], v[4]), e.error());
            } catch (NumberFormatException e) {
                log.log(Level.WARNING, "Not a number in " + files.valuesDir() + "/" + Space.FILES[i]);
            }
        }
        return new SpaceRead(new Space(v[0], v[1], v[2], v[3], v[4]), null);
    }

    private Integer readInt(NodeFiles files, String name) {
        try {
            return Integer.parseInt(tree.read(files.valuesRoot(), files.valuesDir() + "/" + name).trim());
        } catch (ProcReadException e) {
            // EINVAL (prealloc_status of an MDT-facing OSP) or absent: no signal from this file.
            return null;
        } catch (NumberFormatException e) {
            log.log(Level.WARNING, "Not a number in " + files.valuesDir() + "/" + name);
            return null;
        }
    }

    private String readNid(OspDevice osp, NodeFiles files) {
        try {
            String nid = tree.read(files.valuesRoot(), files.valuesDir() + "/" + osp.connectionUuidFile()).trim();
            return nid.equals("<none>") ? "" : nid;
        } catch (ProcReadException e) {
            return "";
        }
    }

    private static long parseLong(String text) {
        return Long.parseLong(text.trim());
    }

    /** The health_check file: sysfs since 2.10, /proc before. Empty when unreadable or not understood. */
    Optional<HealthCheck> readHealth() {
        for (ProcRoot root : new ProcRoot[] {ProcRoot.SYSFS, ProcRoot.PROCFS}) {
            try {
                return HealthCheck.parse(tree.read(root, "health_check"));
            } catch (ProcReadException e) {
                if (e.error() != ProcError.NOT_FOUND) {
                    log.log(Level.WARNING, "Cannot read health_check: " + e.getMessage());
                    return Optional.empty();
                }
            }
        }
        return Optional.empty();
    }
}
