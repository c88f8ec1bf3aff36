package org.lustrecollector.lustre;

import java.util.ArrayList;
import java.util.List;

import org.lustrecollector.demo.lustretree.FileError;
import org.lustrecollector.demo.lustretree.LustreTreeWriter;
import org.lustrecollector.lustre.procfs.FaultInjectingProcTree;
import org.lustrecollector.lustre.procfs.FileProcTree;
import org.lustrecollector.lustre.procfs.ProcRoot;
import org.lustrecollector.source.ConnectionSignals;
import org.lustrecollector.trap.MutableInstantSource;
import org.lustrecollector.trap.Trap;

/** A monitor over a fixture tree with the kernel's errors injected and every read recorded. */
final class MonitorHarness {
    static final String HOST = "mds1";
    final LustreTreeWriter fixture;
    final FaultInjectingProcTree faults;
    final RecordingProcTree recording;
    final MutableInstantSource clock = new MutableInstantSource(1_800_000_000L);
    final LustreState monitor;
    final List<Trap> traps = new ArrayList<>();
    /** Errors to inject besides the fixture's own, e.g. permission denied on debugfs. */
    final List<FileError> extraFaults = new ArrayList<>();

    /** A read failing with the kernel's errno, as the C library names it ("Input/output error"). */
    record KernelError(ProcRoot root, String path, String strerror) {
    }

    /** Errnos to inject besides the fixture's own. */
    final List<KernelError> kernelErrors = new ArrayList<>();

    MonitorHarness(LustreTreeWriter fixture, double spaceWarn, double inodeWarn) {
        this(fixture, spaceWarn, inodeWarn, ConnectionSignals.NONE);
    }

    /** A monitor that tells {@code connections} of the losses and restorations its reads discover. */
    MonitorHarness(LustreTreeWriter fixture, ConnectionSignals connections) {
        this(fixture, 5, LustreState.DEFAULT_INODE_WARN, connections);
    }

    private MonitorHarness(LustreTreeWriter fixture, double spaceWarn, double inodeWarn, ConnectionSignals connections) {
        this.fixture = fixture;
        this.faults = new FaultInjectingProcTree(new FileProcTree(fixture.root()));
        this.recording = new RecordingProcTree(faults);
        this.monitor = new LustreState(recording, clock, spaceWarn, inodeWarn, HOST, connections);
    }

    MonitorHarness(LustreTreeWriter fixture, double spaceWarn) {
        this(fixture, spaceWarn, LustreState.DEFAULT_INODE_WARN);
    }

    MonitorHarness(LustreTreeWriter fixture) {
        this(fixture, 5);
    }

    /** Refreshes the injected errors from the fixture's conditions, advances the clock, scans. */
    List<Trap> scan() {
        faults.clearReadFaults();
        faults.failReads(fixture.faults());
        faults.failReads(extraFaults);
        kernelErrors.forEach(e -> faults.failReads(e.root(), e.path(), e.strerror()));
        clock.advance(5);
        List<Trap> raised = monitor.scan();
        traps.addAll(raised);
        return raised;
    }

    NodeStatus node(String name) {
        return monitor.node(name).orElseThrow(() -> new AssertionError("no node " + name));
    }
}
