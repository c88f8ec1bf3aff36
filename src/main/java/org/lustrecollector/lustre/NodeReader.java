package org.lustrecollector.lustre;

import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
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
 *
 * <p>Errors Lustre gives in normal states keep their meaning (ENOTCONN and ESHUTDOWN on the statfs files
 * of an inactive or closed OSP, EINVAL on {@code prealloc_status} of an MDT-facing OSP, permission denied
 * on debugfs for a user that is not root, a file that is absent). Any other error on a file the rules
 * read (permission denied on a world-readable sysfs file, EIO, a file that is not a regular file) makes
 * the node {@link Condition#UNKNOWN}, with the file and the reason, and is counted.
 */
final class NodeReader {
    static final String LOCAL_STATE = "LOCAL";
    static final String UNKNOWN_STATE = "UNKNOWN";
    private static final int ENODEV = -19;
    private static final int EAGAIN = -11;
    private static final int ENOSPC = -28;
    private static final int ESHUTDOWN = -108;

    /** What the single-value files may give while their OSP is inactive, closed, or of an MDT. */
    private static final Set<ProcError> NORMAL_VALUE_ERRORS = EnumSet.of(ProcError.NOT_FOUND,
            ProcError.NOT_CONNECTED, ProcError.SHUT_DOWN, ProcError.INVALID_ARGUMENT);
    /** What the import file may give: absent, or debugfs for a user that is not root. */
    private static final Set<ProcError> NORMAL_IMPORT_ERRORS = EnumSet.of(ProcError.NOT_FOUND,
            ProcError.PERMISSION_DENIED);

    private final ProcTree tree;
    private final RateLimitedLog log = RateLimitedLog.perMinute(NodeReader.class, 10);
    private final AtomicLong unreadable = new AtomicLong();

    NodeReader(ProcTree tree) {
        this.tree = tree;
    }

    /** Files that failed with an unexpected error, one count per failed read. */
    long unreadable() {
        return unreadable.get();
    }

    /** The first unexpected error of one node read. */
    private final class FirstError {
        String file;
        String text = "";

        void note(String path, ProcReadException e) {
            unreadable.incrementAndGet();
            if (file == null) {
                file = path.substring(path.lastIndexOf('/') + 1);
                text = path + ": " + e.reason();
            }
        }

        boolean any() {
            return file != null;
        }
    }

    /** A local MDT: it is this server's own, so it responds; its space comes from its OSD. */
    NodeReading readLocal(NodeFiles files) {
        FirstError errors = new FirstError();
        Space space = files.valuesRoot() == null ? Space.UNKNOWN : readSpace(files, errors).space();
        if (errors.any()) {
            return unknown(errors, space, "", false);
        }
        return new NodeReading(Condition.RESPONDING, LOCAL_STATE, "mdt", false, space, "", false, false, "");
    }

    /**
     * A target seen through an OSP.
     *
     * @param lodActive what the LOD's target_obd/mdt_obd last said; null when it does not list the target
     */
    NodeReading readOsp(OspDevice osp, NodeFiles files, Boolean lodActive) {
        FirstError errors = new FirstError();
        ImportFile imp = null;
        boolean importDenied = false;
        if (files.importRoot() != null) {
            String path = files.importDir() + "/import";
            try {
                imp = ImportFile.parse(tree.read(files.importRoot(), path)).orElse(null);
                if (imp == null) {
                    log.log(Level.WARNING, "No 'state:' in " + path + "; using the other files");
                }
            } catch (ProcReadException e) {
                importDenied = e.error() == ProcError.PERMISSION_DENIED;
                if (!NORMAL_IMPORT_ERRORS.contains(e.error())) {
                    errors.note(path, e);
                }
            }
        }
        SpaceRead space = readSpace(files, errors);
        if (space.error() == ProcError.NOT_FOUND) {
            return NodeReading.vanishedNode();
        }
        if (errors.any()) {
            return unknown(errors, space.space(), imp == null ? "" : imp.currentConnection(), importDenied);
        }
        if (imp != null) {
            Condition condition = imp.deactivated() ? Condition.DEACTIVATED
                    : imp.state().equals("FULL") || imp.state().equals("IDLE") ? Condition.RESPONDING
                    : Condition.NOT_RESPONDING;
            return new NodeReading(condition, imp.state(), "import", false, space.space(), imp.currentConnection(),
                    false, importDenied, "");
        }
        Integer prealloc = osp.target().type() == NodeType.OST ? readInt(files, "prealloc_status", errors) : null;
        Integer active = prealloc == null || prealloc != 0 ? readInt(files, "active", errors) : null;
        String nid = readNid(osp, files, errors);
        if (errors.any()) {
            return unknown(errors, space.space(), nid, importDenied);
        }
        Derived d = derive(prealloc, active, space.error(), lodActive);
        return new NodeReading(d.condition, d.state, d.signal, prealloc != null && prealloc == EAGAIN,
                space.space(), nid, false, importDenied, "");
    }

    private static NodeReading unknown(FirstError errors, Space space, String nid, boolean importDenied) {
        return new NodeReading(Condition.UNKNOWN, UNKNOWN_STATE, errors.file, false, space, nid, false, importDenied,
                errors.text);
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
    private SpaceRead readSpace(NodeFiles files, FirstError errors) {
        long[] v = {-1, -1, -1, -1, -1};
        for (int i = 0; i < v.length; i++) {
            String path = files.valuesDir() + "/" + Space.FILES[i];
            try {
                v[i] = parseLong(tree.read(files.valuesRoot(), path));
            } catch (ProcReadException e) {
                if (!NORMAL_VALUE_ERRORS.contains(e.error())) {
                    errors.note(path, e);
                }
                return new SpaceRead(new Space(v[0], v[1], v[2], v[3], v[4]), e.error());
            } catch (NumberFormatException e) {
                log.log(Level.WARNING, "Not a number in " + path);
            }
        }
        return new SpaceRead(new Space(v[0], v[1], v[2], v[3], v[4]), null);
    }

    private Integer readInt(NodeFiles files, String name, FirstError errors) {
        String path = files.valuesDir() + "/" + name;
        try {
            return Integer.parseInt(tree.read(files.valuesRoot(), path).trim());
        } catch (ProcReadException e) {
            // EINVAL (prealloc_status of an MDT-facing OSP) or absent: no signal from this file.
            if (!NORMAL_VALUE_ERRORS.contains(e.error())) {
                errors.note(path, e);
            }
            return null;
        } catch (NumberFormatException e) {
            log.log(Level.WARNING, "Not a number in " + path);
            return null;
        }
    }

    private String readNid(OspDevice osp, NodeFiles files, FirstError errors) {
        String path = files.valuesDir() + "/" + osp.connectionUuidFile();
        try {
            String nid = tree.read(files.valuesRoot(), path).trim();
            return nid.equals("<none>") ? "" : nid;
        } catch (ProcReadException e) {
            if (!NORMAL_VALUE_ERRORS.contains(e.error())) {
                errors.note(path, e);
            }
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
