package org.lustrecollector.lustre.procfs;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.lustrecollector.demo.lustretree.FileError;

/**
 * Gives the errors a real Lustre tree gives and a plain file tree cannot: ENOTCONN on the statfs files of
 * an inactive OSP, EINVAL, permission denied on debugfs, a device folder that vanishes between the
 * listing and the read. A fault on a path also applies to everything under it.
 */
public final class FaultInjectingProcTree implements ProcTree {
    private final ProcTree delegate;
    private final Map<String, ProcError> readFaults = new ConcurrentHashMap<>();
    private final Map<String, ProcError> listFaults = new ConcurrentHashMap<>();

    public FaultInjectingProcTree(ProcTree delegate) {
        this.delegate = delegate;
    }

    /** Reads of {@code path} and of anything under it fail with {@code error}. */
    public FaultInjectingProcTree failReads(ProcRoot root, String path, ProcError error) {
        readFaults.put(key(root, path), error);
        return this;
    }

    /** Listing {@code path} or anything under it fails with {@code error}. */
    public FaultInjectingProcTree failLists(ProcRoot root, String path, ProcError error) {
        listFaults.put(key(root, path), error);
        return this;
    }

    public FaultInjectingProcTree failReads(List<FileError> faults) {
        faults.forEach(f -> failReads(f.root(), f.path(), f.error()));
        return this;
    }

    /** Removes the injected read faults; listing faults stay. */
    public void clearReadFaults() {
        readFaults.clear();
    }

    @Override
    public String read(ProcRoot root, String path) throws ProcReadException {
        check(readFaults, root, path);
        return delegate.read(root, path);
    }

    @Override
    public List<String> list(ProcRoot root, String path) throws ProcReadException {
        check(listFaults, root, path);
        return delegate.list(root, path);
    }

    private static void check(Map<String, ProcError> faults, ProcRoot root, String path) throws ProcReadException {
        if (faults.isEmpty()) {
            return;
        }
        String key = key(root, path);
        for (int slash = key.length(); slash > 0; slash = key.lastIndexOf('/', slash - 1)) {
            ProcError error = faults.get(key.substring(0, slash));
            if (error != null) {
                throw new ProcReadException(error, root.relativePath() + "/" + path + " (injected)");
            }
        }
    }

    private static String key(ProcRoot root, String path) {
        return root.name() + "/" + path;
    }
}
