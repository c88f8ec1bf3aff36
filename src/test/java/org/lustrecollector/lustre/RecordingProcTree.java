package org.lustrecollector.lustre;

import java.util.ArrayList;
import java.util.List;

import org.lustrecollector.lustre.procfs.ProcReadException;
import org.lustrecollector.lustre.procfs.ProcRoot;
import org.lustrecollector.lustre.procfs.ProcTree;

/** Remembers every file read and folder listed, for tests of what a scan costs. */
final class RecordingProcTree implements ProcTree {
    private final ProcTree delegate;
    final List<String> reads = new ArrayList<>();
    final List<String> lists = new ArrayList<>();

    RecordingProcTree(ProcTree delegate) {
        this.delegate = delegate;
    }

    @Override
    public String read(ProcRoot root, String path) throws ProcReadException {
        reads.add(root + ":" + path);
        return delegate.read(root, path);
    }

    @Override
    public List<String> list(ProcRoot root, String path) throws ProcReadException {
        lists.add(root + ":" + path);
        return delegate.list(root, path);
    }

    void reset() {
        reads.clear();
        lists.clear();
    }
}
