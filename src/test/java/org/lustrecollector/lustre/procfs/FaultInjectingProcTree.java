package org.lustrecollector.lustre.procfs;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.lustrecollector.demo.lustretree.FileError;

/**
 * Gives the errors a real Lustre tree gives and a plain file tree cannot: ENOTCONN on the statfs files of
 * an inactive OSP, EINVAL, permission denied on debugfs, EIO, a device folder that vanishes between the
 * listing and the read, and a read that hangs in the kernel. A fault on a path also applies to everything
 * under it.
 */
public final class FaultInjectingProcTree implements ProcTree {
    private record Fault(ProcError error, String strerror) {
    }

    private final ProcTree delegate;
    private final Map<String, Fault> readFaults = new ConcurrentHashMap<>();
    private final Map<String, ProcError> listFaults = new ConcurrentHashMap<>();
    private final Map<String, Path> hangs = new ConcurrentHashMap<>();

    public FaultInjectingProcTree(ProcTree delegate) {
        this.delegate = delegate;
    }

    /** Reads of {@code path} and of anything under it fail with {@code error}. */
    public FaultInjectingProcTree failReads(ProcRoot root, String path, ProcError error) {
        readFaults.put(key(root, path), new Fault(error, null));
        return this;
    }

    /**
     * Reads of {@code path} and of anything under it fail as the kernel's errno with this C library message
     * would ("Input/output error"), classified as {@link ProcError#of} classifies it.
     */
    public FaultInjectingProcTree failReads(ProcRoot root, String path, String strerror) {
        readFaults.put(key(root, path), new Fault(ProcError.of(new IOException(strerror)), strerror));
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

    /**
     * Reads of {@code path} hang in the kernel as a hung procfs read does: they open {@code fifo} (a FIFO)
     * for reading, which blocks, uninterruptibly, until something opens it for writing.
     */
    public FaultInjectingProcTree hangReads(ProcRoot root, String path, Path fifo) {
        hangs.put(key(root, path), fifo);
        return this;
    }

    /** Reads no longer hang; those hanging go on until the FIFO is opened for writing. */
    public void clearHangs() {
        hangs.clear();
    }

    /** Removes the injected read faults; listing faults and hangs stay. */
    public void clearReadFaults() {
        readFaults.clear();
    }

    @Override
    public String read(ProcRoot root, String path) throws ProcReadException {
        Path fifo = hangs.get(key(root, path));
        if (fifo != null) {
            try (InputStream in = new FileInputStream(fifo.toFile())) {
                in.readAllBytes();
            } catch (IOException e) {
                throw new ProcReadException(ProcError.of(e), fifo.toString(), e);
            }
        }
        Fault fault = find(readFaults, root, path);
        if (fault != null) {
            throw new ProcReadException(fault.error(), root.relativePath() + "/" + path + " (injected)",
                    fault.strerror() == null ? null : new IOException(fault.strerror()));
        }
        return delegate.read(root, path);
    }

    @Override
    public List<String> list(ProcRoot root, String path) throws ProcReadException {
        ProcError error = find(listFaults, root, path);
        if (error != null) {
            throw new ProcReadException(error, root.relativePath() + "/" + path + " (injected)");
        }
        return delegate.list(root, path);
    }

    private static <T> T find(Map<String, T> faults, ProcRoot root, String path) {
        if (faults.isEmpty()) {
            return null;
        }
        String key = key(root, path);
        for (int slash = key.length(); slash > 0; slash = key.lastIndexOf('/', slash - 1)) {
            T fault = faults.get(key.substring(0, slash));
            if (fault != null) {
                return fault;
            }
        }
        return null;
    }

    private static String key(ProcRoot root, String path) {
        return root.name() + "/" + path;
    }
}
