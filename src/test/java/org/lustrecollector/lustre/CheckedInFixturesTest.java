package org.lustrecollector.lustre;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.lustrecollector.demo.lustretree.LustreTreeWriter;
import org.lustrecollector.demo.lustretree.NodeCondition;
import org.lustrecollector.demo.lustretree.TreeLayout;
import org.lustrecollector.lustre.procfs.FaultInjectingProcTree;
import org.lustrecollector.lustre.procfs.FileProcTree;
import org.lustrecollector.trap.MutableInstantSource;

/**
 * The small trees under src/test/resources/lustre, one per layout, made by {@link #main} with the
 * generator and checked in so that a change to the generator cannot silently change what the reader
 * is tested against.
 */
class CheckedInFixturesTest {
    static final String[] LAYOUTS = {"v2_11", "v2_12", "v2_15", "v2_16"};

    /** Regenerates the trees: {@code java -cp ... CheckedInFixturesTest src/test/resources/lustre}. */
    public static void main(String[] args) throws IOException {
        for (String name : LAYOUTS) {
            generator(Path.of(args[0]).resolve(name), TreeLayout.valueOf(name.toUpperCase(java.util.Locale.ROOT))).write();
        }
    }

    static LustreTreeWriter generator(Path root, TreeLayout layout) throws IOException {
        return LustreTreeWriter.at(root, layout).withDebugfs(true).fileSystem("lustre", 1, 1, 4)
                .condition("lustre-OST0001", NodeCondition.DISCONNECTED)
                .condition("lustre-OST0002", NodeCondition.INACTIVE)
                .condition("lustre-OST0003", NodeCondition.DEACTIVATED);
    }

    @ParameterizedTest
    @ValueSource(strings = {"v2_11", "v2_12", "v2_15", "v2_16"})
    void theCheckedInTreeReadsAsItWasMade(String name) throws IOException, URISyntaxException {
        Path root = Path.of(CheckedInFixturesTest.class.getResource("/lustre/" + name).toURI());
        TreeLayout layout = TreeLayout.valueOf(name.toUpperCase(java.util.Locale.ROOT));
        // The generator's own errors (ENOTCONN...) for the same conditions, without writing anything.
        LustreTreeWriter same = generator(Files.createTempDirectory("unused"), layout);
        FaultInjectingProcTree tree = new FaultInjectingProcTree(new FileProcTree(root)).failReads(same.faults());
        LustreState m = new LustreState(tree, new MutableInstantSource(1_800_000_000L), 5, "mds");
        m.scan();
        assertEquals(List.of("lustre"), m.fileSystems());
        assertEquals(List.of("lustre-MDT0000", "lustre-MDT0001", "lustre-OST0000", "lustre-OST0001", "lustre-OST0002",
                "lustre-OST0003"), m.nodeNames("lustre"));
        FileSystemSummary fs = m.fileSystem("lustre").orElseThrow();
        assertEquals(List.of("lustre-OST0001", "lustre-OST0002"), fs.notResponding());
        assertEquals(List.of("lustre-OST0003"), fs.deactivated());
        assertEquals("import", m.node("lustre-OST0000").orElseThrow().signal());
    }
}
