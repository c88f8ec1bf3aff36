package org.lustrecollector.demo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.random.RandomGenerator;

import org.lustrecollector.demo.lustretree.LustreTreeWriter;
import org.lustrecollector.demo.lustretree.NodeCondition;
import org.lustrecollector.demo.lustretree.TreeLayout;

/**
 * The demo's Lustre tree under {@code lustreroot}: the demo filesystems with an MDT here, one elsewhere
 * and their OSTs, in the 2.15 layout as a non-root user sees it (no debugfs), each OST reached at its
 * server's NID behind its router ({@link DemoFabric}). Now and then one OST
 * fails, is deactivated or fills up, and the previous one recovers, so the collector's own traps show.
 */
final class DemoLustreTree {
    /** Marks a folder as the demo's, so the demo never writes into a real tree. */
    static final String MARKER = ".lustre-collector-demo";
    private static final List<NodeCondition> TROUBLES = List.of(NodeCondition.DISCONNECTED, NodeCondition.INACTIVE,
            NodeCondition.DEACTIVATED, NodeCondition.LOW_SPACE);

    private final LustreTreeWriter fixture;
    private final RandomGenerator random;
    private String troubled;

    private DemoLustreTree(LustreTreeWriter fixture, RandomGenerator random) {
        this.fixture = fixture;
        this.random = random;
    }

    /** Writes the tree; refuses a folder that has content and is not the demo's. */
    static DemoLustreTree create(Path root, RandomGenerator random) throws IOException {
        if (Files.isDirectory(root) && !Files.exists(root.resolve(MARKER))) {
            try (var entries = Files.list(root)) {
                if (entries.findAny().isPresent()) {
                    throw new IOException(root + " is not empty and not a demo tree; not writing into it");
                }
            }
        }
        Files.createDirectories(root);
        Files.writeString(root.resolve(MARKER), "written by the lustre-collector demo\n");
        LustreTreeWriter fixture = LustreTreeWriter.at(root, TreeLayout.V2_15).withDebugfs(false);
        for (String fs : DemoTrapWriter.FILESYSTEMS) {
            fixture.fileSystem(fs, 1, 1, DemoTrapWriter.OSTS_PER_FS);
            for (int i = 0; i < DemoTrapWriter.OSTS_PER_FS; i++) {
                fixture.nids(LustreTreeWriter.ostName(fs, i), DemoFabric.nid(fs, i), DemoFabric.failoverNid(fs, i));
            }
        }
        return new DemoLustreTree(fixture.write(), random);
    }

    /** Puts OSTs in a condition: the demo's router failure (DISCONNECTED) and its end (FULL). */
    void condition(List<String> osts, NodeCondition condition) throws IOException {
        for (String ost : osts) {
            fixture.condition(ost, condition);
        }
    }

    /** The OST in trouble, if any, recovers: before a router failure, so that only the router's OSTs are down. */
    void recover() throws IOException {
        if (troubled != null) {
            fixture.condition(troubled, NodeCondition.FULL);
            troubled = null;
        }
    }

    /** The previous troubled OST recovers; another one gets into trouble. */
    void flip() throws IOException {
        recover();
        String fs = DemoTrapWriter.FILESYSTEMS.get(random.nextInt(DemoTrapWriter.FILESYSTEMS.size()));
        troubled = LustreTreeWriter.ostName(fs, random.nextInt(DemoTrapWriter.OSTS_PER_FS));
        fixture.condition(troubled, TROUBLES.get(random.nextInt(TROUBLES.size())));
    }
}
