package org.lustrecollector.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lustrecollector.demo.lustretree.NodeCondition;
import org.lustrecollector.lustre.LustreState;
import org.lustrecollector.lustre.procfs.FileProcTree;
import org.lustrecollector.trap.MutableInstantSource;

/**
 * The demo tells one story: the OSTs its router-failure traps name are the ones its Lustre tree takes
 * down, as the collector reads that tree, and they come back together.
 */
class DemoRouterFailureTest {
    @TempDir
    Path dir;

    private static List<String[]> lines(Path file) throws IOException {
        return Files.readAllLines(file, StandardCharsets.UTF_8).stream().map(l -> l.split("\t")).toList();
    }

    private static List<String> notResponding(LustreState state, String fs) {
        for (int i = 0; i < 3; i++) {
            state.scan(); // a scan reads at most NODES_PER_SCAN nodes
        }
        return state.fileSystem(fs).orElseThrow().notResponding();
    }

    @Test
    void theOstsInTheStormAreTheOnesThatGoDownInTheTreeAndComeBack() throws IOException {
        Path traps = dir.resolve("traps");
        Path root = dir.resolve("lustre");
        DemoTrapWriter writer = new DemoTrapWriter(traps, InstantSource.system(), new Random(11));
        DemoLustreTree tree = DemoLustreTree.create(root, new Random(11));
        LustreState state = new LustreState(new FileProcTree(root), new MutableInstantSource(1_800_000_000L), 5, "mds");

        DemoTrapWriter.RouterFailure failure = writer.writeRouterStorm(3_000);
        tree.condition(failure.osts(), NodeCondition.DISCONNECTED);
        assertEquals(DemoTrapWriter.OSTS_PER_FS / DemoTrapWriter.ROUTERS, failure.osts().size());
        List<String[]> storm = lines(traps);
        assertEquals(3_000, storm.size());
        assertTrue(storm.stream().allMatch(t -> t[3].equals(failure.fs()) && failure.osts().contains(t[4])),
                "every trap of the storm is about an OST behind the router");
        assertEquals(failure.osts(), storm.stream().filter(t -> t[2].equals("2")).map(t -> t[4]).toList(),
                "one Critical connection lost per OST");
        assertEquals(failure.osts(), notResponding(state, failure.fs()), "the tree agrees");

        writer.writeRouterBack(failure);
        tree.condition(failure.osts(), NodeCondition.FULL);
        List<String[]> back = lines(traps).subList(storm.size(), storm.size() + failure.osts().size());
        assertEquals(failure.osts(), back.stream().map(t -> t[4]).toList());
        assertTrue(back.stream().allMatch(t -> t[2].equals("0") && t[5].startsWith("Connection restored to ")));
        assertEquals(List.of(), notResponding(state, failure.fs()));
    }

    @Test
    void theEverydayMixTakesNoTargetDown() throws IOException {
        Path traps = dir.resolve("traps");
        new DemoTrapWriter(traps, InstantSource.system(), new Random(5)).writeTrickle(500);
        assertTrue(lines(traps).stream().noneMatch(t -> t[5].contains("was lost") || t[5].contains("restored")
                || t[5].contains("available space")), "state changes come from the tree and the router only");
    }
}
