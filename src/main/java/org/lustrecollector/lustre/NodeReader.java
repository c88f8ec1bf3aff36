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
    static final int ENODEV = -19;
    static final int EAGAIN = -11;
    static final int ENOSPC = -28;
    static final int ENOTCONN = -107;
    static final int ESHUTDOWN = -108;
    static final int ETIMEDOUT = -110;
    /** What {@link #readPrealloc} gives for a file that failed unexpectedly. */
    static final int UNREADABLE = Integer.MIN_VALUE;

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
            return unknown(errors, space, "", false, null);
        }
        return new NodeReading(Condition.RESPONDING, LOCAL_STATE, "mdt", false, space, "", false, false, "", null);
    }

    private static final ProcRoot[] RECOVERY_ROOTS = {ProcRoot.PROCFS, ProcRoot.DEBUGFS};

    /** A read of a file read successfully last time skips the tree's type check ({@link ProcTree#reread}). */
    private String read(ProcRoot root, String path, boolean again) throws ProcReadException {
        return again ? tree.reread(root, path) : tree.read(root, path);
    }

    /** What {@link #readEvictions} gives for an absent file (before 2.16). */
    static final long ABSENT = -2;

    /**
     * A local MDT's {@code eviction_count} (sysfs {@code mdt/<mdt>/}, {@code "%u\n"}, 2.16+: clients it evicted
     * since mount); {@link #ABSENT} when the file does not exist, -1 when unreadable (an unexpected error is
     * logged, rate-limited). {@code again}: the last read of it succeeded (see {@link ProcTree#reread}).
     */
    long readEvictions(TargetName mdt, boolean again) {
        String path = "mdt/" + mdt.name() + "/eviction_count";
        try {
            return Long.parseLong(read(ProcRoot.SYSFS, path, again).trim());
        } catch (ProcReadException e) {
            if (e.error() == ProcError.NOT_FOUND) {
                return ABSENT;
            }
            log.log(Level.WARNING, "Cannot read " + e.getMessage());
            return -1;
        } catch (NumberFormatException e) {
            log.log(Level.WARNING, "Not a number in " + path);
            return -1;
        }
    }

    /**
     * A local MDT's {@code recovery_status}: /proc up to 2.16, debugfs from 2.16.59 (2.17). Unknown when
     * absent or unreadable (an unexpected error is logged, rate-limited). {@code again}: the last read gave
     * a known status.
     */
    Recovery readRecovery(TargetName mdt, boolean again) {
        String path = "mdt/" + mdt.name() + "/recovery_status";
        for (ProcRoot root : RECOVERY_ROOTS) {
            try {
                Optional<Recovery> r = Recovery.parse(read(root, path, again));
                if (r.isEmpty()) {
                    log.log(Level.WARNING, "No 'status:' in " + path);
                }
                return r.orElse(Recovery.UNKNOWN);
            } catch (ProcReadException e) {
                if (e.error() != ProcError.NOT_FOUND && e.error() != ProcError.PERMISSION_DENIED) {
                    log.log(Level.WARNING, "Cannot read " + e.getMessage());
                    return Recovery.UNKNOWN;
                }
            }
        }
        return Recovery.UNKNOWN;
    }

    /**
     * The fast read: an OST-facing OSP's {@code prealloc_status} alone, the one small file that changes on
     * a plain disconnection. Null when absent or EINVAL; {@link #UNREADABLE} on an unexpected error (not
     * counted here: the node's full read, which follows, counts and reports it). {@code again}: the last
     * read of it gave a value.
     */
    Integer readPrealloc(NodeFiles files, boolean again) {
        try {
            return Integer.parseInt(read(files.valuesRoot(), files.valuesDir() + "/prealloc_status", again).trim());
        } catch (ProcReadException e) {
            return NORMAL_VALUE_ERRORS.contains(e.error()) ? null : UNREADABLE;
        } catch (NumberFormatException e) {
            return UNREADABLE;
        }
    }

    /**
     * A LOD's own statfs files ({@code lod_statfs()} sums); unknown values where unreadable. {@code again}:
     * the last read gave every value.
     */
    Space readLodSpace(ProcRoot root, String folder, boolean again) {
        long[] v = {-1, -1, -1, -1, -1};
        for (int i = 0; i < v.length; i++) {
            String path = folder + "/" + Space.FILES[i];
            try {
                v[i] = parseLong(read(root, path, again));
            } catch (ProcReadException e) {
                if (e.error() != ProcError.NOT_FOUND) {
                    log.log(Level.WARNING, "Cannot read " + e.getMessage());
                }
                break;
            } catch (NumberFormatException e) {
                log.log(Level.WARNING, "Not a number in " + path);
            }
        }
        return new Space(v[0], v[1], v[2], v[3], v[4]);
    }

    /**
     * A target seen through an OSP.
     *
     * @param lodActive what the LOD's target_obd/mdt_obd last said; null when it does not list the target
     * @param prealloc  prealloc_status as the fast round read it in this scan; null to read it here
     */
    NodeReading readOsp(OspDevice osp, NodeFiles files, Boolean lodActive, Integer prealloc) {
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
        // Read with the import too: it tells precreate errors (-30...) that the import state does not.
        if (prealloc == null && osp.target().type() == NodeType.OST) {
            prealloc = readInt(files, "prealloc_status", errors);
        }
        if (errors.any()) {
            return unknown(errors, space.space(), imp == null ? "" : imp.currentConnection(), importDenied, prealloc);
        }
        if (imp != null) {
            Condition condition = imp.deactivated() ? Condition.DEACTIVATED
                    : imp.state().equals("FULL") || imp.state().equals("IDLE") ? Condition.RESPONDING
                    : Condition.NOT_RESPONDING;
            return new NodeReading(condition, imp.state(), "import", false, space.space(), imp.currentConnection(),
                    false, importDenied, "", prealloc);
        }
        Integer active = prealloc == null || prealloc != 0 ? readInt(files, "active", errors) : null;
        String nid = readNid(osp, files, errors);
        if (errors.any()) {
            return unknown(errors, space.space(), nid, importDenied, prealloc);
        }
        Derived d = derive(prealloc, active, space.error(), lodActive);
        return new NodeReading(d.condition, d.state, d.signal, prealloc != null && tentative(prealloc),
                space.space(), nid, false, importDenied, "", prealloc);
    }

    /**
     * prealloc_status values that count as not responding only once a second read still shows them: -11
     * (not connected yet since the MDT started), -107 and -110 (a precreate or orphan cleanup that failed
     * on the connection).
     */
    static boolean tentative(int prealloc) {
        return prealloc == EAGAIN || prealloc == ENOTCONN || prealloc == ETIMEDOUT;
    }

    /**
     * Whether a prealloc_status is a precreate failure on a connected OSP (-5, -30...): anything but 0,
     * ENOSPC and the connection states. The OST responds but this MDT cannot create objects on it.
     */
    static boolean createError(Integer prealloc) {
        return prealloc != null && prealloc != 0 && prealloc != ENOSPC && prealloc != ENODEV && prealloc != ESHUTDOWN
                && !tentative(prealloc) && prealloc != UNREADABLE;
    }

    private static NodeReading unknown(FirstError errors, Space space, String nid, boolean importDenied,
                                       Integer prealloc) {
        return new NodeReading(Condition.UNKNOWN, UNKNOWN_STATE, errors.file, false, space, nid, false, importDenied,
                errors.text, prealloc);
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
        if (prealloc != null && (prealloc == ENOTCONN || prealloc == ETIMEDOUT)) {
            return new Derived(Condition.NOT_RESPONDING, "PREALLOC_ERROR(" + prealloc + ")", "prealloc_status");
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
        return readInt(files.valuesRoot(), files.valuesDir() + "/" + name, errors);
    }

    private Integer readInt(ProcRoot root, String path, FirstError errors) {
        try {
            return Integer.parseInt(tree.read(root, path).trim());
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
