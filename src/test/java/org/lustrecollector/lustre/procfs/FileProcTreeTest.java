package org.lustrecollector.lustre.procfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileProcTreeTest {
    @TempDir
    Path dir;

    @Test
    void readsWholeFilesUnderTheRightRootWhateverTheirSize() throws IOException {
        Path sys = dir.resolve("sys/fs/lustre/osp/x");
        Files.createDirectories(sys);
        String big = "0: lustre-OST0000_UUID ACTIVE\n".repeat(10_000); // many times the first buffer
        Files.writeString(sys.resolve("big"), big);
        Files.writeString(dir.resolve("sys/fs/lustre/health_check"), "healthy\n");
        FileProcTree tree = new FileProcTree(dir);
        assertEquals(big, tree.read(ProcRoot.SYSFS, "osp/x/big"));
        assertEquals("healthy\n", tree.read(ProcRoot.SYSFS, "health_check"));
        assertEquals(List.of("x"), tree.list(ProcRoot.SYSFS, "osp"));
        assertEquals(ProcError.NOT_FOUND,
                assertThrows(ProcReadException.class, () -> tree.read(ProcRoot.PROCFS, "health_check")).error());
        assertEquals(ProcError.NOT_FOUND,
                assertThrows(ProcReadException.class, () -> tree.list(ProcRoot.DEBUGFS, "osp")).error());
    }

    @Test
    void aRereadSeesTheFilesCurrentContent() throws IOException {
        Path osp = Files.createDirectories(dir.resolve("sys/fs/lustre/osp/x"));
        Files.writeString(osp.resolve("prealloc_status"), "0\n");
        FileProcTree tree = new FileProcTree(dir);
        assertEquals("0\n", tree.read(ProcRoot.SYSFS, "osp/x/prealloc_status"));
        Files.writeString(osp.resolve("prealloc_status"), "-107\n");
        assertEquals("-107\n", tree.reread(ProcRoot.SYSFS, "osp/x/prealloc_status"));
        Files.delete(osp.resolve("prealloc_status"));
        assertEquals(ProcError.NOT_FOUND,
                assertThrows(ProcReadException.class, () -> tree.reread(ProcRoot.SYSFS, "osp/x/prealloc_status")).error());
    }

    /** The modules reloaded: the root folder removed and made anew, which the held folder handle does not follow. */
    @Test
    void aRootFolderMadeAnewIsReadAtOnce() throws IOException {
        Files.createDirectories(dir.resolve("sys/fs/lustre/osp/x"));
        Files.writeString(dir.resolve("sys/fs/lustre/osp/x/kbytesavail"), "1\n");
        FileProcTree tree = new FileProcTree(dir);
        assertEquals("1\n", tree.read(ProcRoot.SYSFS, "osp/x/kbytesavail"));
        Files.delete(dir.resolve("sys/fs/lustre/osp/x/kbytesavail"));
        Files.delete(dir.resolve("sys/fs/lustre/osp/x"));
        Files.delete(dir.resolve("sys/fs/lustre/osp"));
        Files.delete(dir.resolve("sys/fs/lustre"));
        Files.createDirectories(dir.resolve("sys/fs/lustre/osp/x"));
        Files.writeString(dir.resolve("sys/fs/lustre/osp/x/kbytesavail"), "2\n");
        assertEquals("2\n", tree.reread(ProcRoot.SYSFS, "osp/x/kbytesavail"));
        assertEquals("2\n", tree.read(ProcRoot.SYSFS, "osp/x/kbytesavail"));
    }

    /** A root folder moved aside, a new one in its place: the listing that starts an inventory takes the new one. */
    @Test
    void aRootFolderReplacedUnderItsNameIsReadAfterTheNextListing() throws IOException {
        Files.createDirectories(dir.resolve("sys/fs/lustre/osp/x"));
        Files.writeString(dir.resolve("sys/fs/lustre/osp/x/kbytesavail"), "1\n");
        FileProcTree tree = new FileProcTree(dir);
        assertEquals("1\n", tree.read(ProcRoot.SYSFS, "osp/x/kbytesavail"));
        Files.move(dir.resolve("sys/fs/lustre"), dir.resolve("sys/fs/lustre.old"));
        Files.createDirectories(dir.resolve("sys/fs/lustre/osp/y"));
        Files.writeString(dir.resolve("sys/fs/lustre/osp/y/kbytesavail"), "2\n");
        assertEquals(List.of("y"), tree.list(ProcRoot.SYSFS, "osp"));
        assertEquals(ProcError.NOT_FOUND,
                assertThrows(ProcReadException.class, () -> tree.reread(ProcRoot.SYSFS, "osp/x/kbytesavail")).error());
        assertEquals("2\n", tree.read(ProcRoot.SYSFS, "osp/y/kbytesavail"));
    }

    @Test
    void failuresNameTheWholePathAndTheReason() throws IOException {
        Files.createDirectories(dir.resolve("sys/fs/lustre/osp/x"));
        FileProcTree tree = new FileProcTree(dir);
        ProcReadException absent = assertThrows(ProcReadException.class, () -> tree.read(ProcRoot.SYSFS, "osp/x/nothing"));
        assertEquals(dir.resolve("sys/fs/lustre/osp/x/nothing") + ": NOT_FOUND", absent.getMessage());
        assertEquals("not found", absent.reason());
        tree.close();
        assertEquals(ProcError.NOT_FOUND,
                assertThrows(ProcReadException.class, () -> tree.read(ProcRoot.DEBUGFS, "osp/x/import")).error());
    }

    @Test
    void theKernelsErrorsAreClassifiedFromTheirMessages() {
        assertEquals(ProcError.NOT_CONNECTED, ProcError.of(new IOException("Transport endpoint is not connected")));
        assertEquals(ProcError.SHUT_DOWN, ProcError.of(new IOException("Cannot send after transport endpoint shutdown")));
        assertEquals(ProcError.INVALID_ARGUMENT, ProcError.of(new IOException("Invalid argument")));
        assertEquals(ProcError.PERMISSION_DENIED, ProcError.of(new java.io.FileNotFoundException("/x/import (Permission denied)")));
        assertEquals(ProcError.PERMISSION_DENIED, ProcError.of(new AccessDeniedException("/x")));
        assertEquals(ProcError.NOT_FOUND, ProcError.of(new java.io.FileNotFoundException("/x (No such file or directory)")));
        assertEquals(ProcError.NOT_FOUND, ProcError.of(new NoSuchFileException("/x")));
        assertEquals(ProcError.NOT_FOUND, ProcError.of(new IOException("No such device")));
        assertEquals(ProcError.OTHER, ProcError.of(new IOException("Input/output error")));
    }

    @Test
    void injectedFaultsApplyToAPathAndEverythingUnderIt() throws IOException {
        Files.createDirectories(dir.resolve("sys/fs/lustre/osp/a"));
        Files.writeString(dir.resolve("sys/fs/lustre/osp/a/kbytestotal"), "1\n");
        Files.writeString(dir.resolve("sys/fs/lustre/osp/a/active"), "1\n");
        FaultInjectingProcTree tree = new FaultInjectingProcTree(new FileProcTree(dir))
                .failReads(ProcRoot.SYSFS, "osp/a/kbytestotal", ProcError.NOT_CONNECTED)
                .failLists(ProcRoot.SYSFS, "osp", ProcError.PERMISSION_DENIED);
        assertEquals(ProcError.NOT_CONNECTED,
                assertThrows(ProcReadException.class, () -> tree.read(ProcRoot.SYSFS, "osp/a/kbytestotal")).error());
        assertEquals("1\n", tree.read(ProcRoot.SYSFS, "osp/a/active"));
        assertEquals(ProcError.PERMISSION_DENIED,
                assertThrows(ProcReadException.class, () -> tree.list(ProcRoot.SYSFS, "osp")).error());
        tree.failReads(ProcRoot.SYSFS, "osp/a", ProcError.NOT_FOUND);
        assertEquals(ProcError.NOT_FOUND,
                assertThrows(ProcReadException.class, () -> tree.read(ProcRoot.SYSFS, "osp/a/active")).error());
        tree.clearReadFaults();
        assertEquals("1\n", tree.read(ProcRoot.SYSFS, "osp/a/kbytestotal"));
    }

    /** Opening a FIFO nobody writes would block for good; it is refused without being opened. */
    @Test
    void onlyRegularFilesAreOpened() throws IOException {
        Path osp = Files.createDirectories(dir.resolve("sys/fs/lustre/osp/x"));
        Fifo.make(osp.resolve("kbytesavail"));
        Files.createDirectory(osp.resolve("folder"));
        Files.writeString(osp.resolve("kbytestotal"), "7\n");
        FileProcTree tree = new FileProcTree(dir);
        ProcReadException fifo = assertTimeoutPreemptively(Duration.ofSeconds(30),
                () -> assertThrows(ProcReadException.class, () -> tree.read(ProcRoot.SYSFS, "osp/x/kbytesavail")));
        assertEquals(ProcError.NOT_REGULAR, fifo.error());
        assertEquals("not a regular file", fifo.reason());
        assertEquals(ProcError.NOT_REGULAR,
                assertThrows(ProcReadException.class, () -> tree.read(ProcRoot.SYSFS, "osp/x/folder")).error());
        assertEquals("7\n", tree.read(ProcRoot.SYSFS, "osp/x/kbytestotal"));
        assertEquals("7\n", tree.reread(ProcRoot.SYSFS, "osp/x/kbytestotal"));
    }

    @Test
    void theReasonIsTheCLibrarysMessage() {
        assertEquals("Permission denied", new ProcReadException(ProcError.PERMISSION_DENIED, "/x/import",
                new java.io.FileNotFoundException("/x/import (Permission denied)")).reason());
        assertEquals("Input/output error", new ProcReadException(ProcError.OTHER, "/x",
                new IOException("Input/output error")).reason());
        assertEquals("permission denied", new ProcReadException(ProcError.PERMISSION_DENIED, "/x",
                new AccessDeniedException("/x")).reason());
    }
}
