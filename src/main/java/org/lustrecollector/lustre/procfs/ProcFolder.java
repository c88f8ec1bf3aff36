package org.lustrecollector.lustre.procfs;

import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;
import java.util.Set;

/**
 * One of the trees' root folders ({@code <lustreroot>/sys/fs/lustre}...) held open, so that its files are
 * opened and checked relative to it ({@code openat}, {@code fstatat}): the kernel then walks the few names
 * under the root rather than the whole path from "/" at each of a scan's thousands of reads.
 *
 * <p>The handle follows the folder it opened. When that folder is replaced (the Lustre modules reloaded, a
 * fixture tree rewritten), names are no longer found through it: a file not found through the handle but
 * present by its path means the handle is stale, and it is reopened ({@link #staleFor}); {@link #revalidate},
 * called when the tree's folders are listed, also reopens a handle whose folder is no longer the one at the
 * path. Where the platform has no {@code openat} the files are opened by their whole path. Not thread-safe.
 */
final class ProcFolder implements Closeable {
    private static final Set<OpenOption> READ = Set.of(StandardOpenOption.READ);

    private final Path path;
    private SecureDirectoryStream<Path> handle;
    private Object handleKey;
    private boolean noOpenat;

    ProcFolder(Path path) {
        this.path = path;
    }

    Path path() {
        return path;
    }

    /** Opens {@code relative} for reading. */
    SeekableByteChannel open(Path relative) throws IOException {
        SecureDirectoryStream<Path> h = handle();
        return h == null ? Files.newByteChannel(path.resolve(relative), READ) : h.newByteChannel(relative, READ);
    }

    /** The attributes of the file {@code relative} names (links followed, as the open follows them). */
    BasicFileAttributes attributes(Path relative) throws IOException {
        SecureDirectoryStream<Path> h = handle();
        return h == null ? Files.readAttributes(path.resolve(relative), BasicFileAttributes.class)
                : h.getFileAttributeView(relative, BasicFileAttributeView.class).readAttributes();
    }

    /**
     * After {@code relative} was not found through the handle: whether the handle is stale, the file being
     * there by its path. A stale handle is closed, to be reopened by the next open.
     */
    boolean staleFor(Path relative) {
        if (handle == null || !Files.exists(path.resolve(relative))) {
            return false;
        }
        close();
        return true;
    }

    /** Closes the handle if the folder at the path is no longer the one it holds (or is gone). */
    void revalidate() {
        if (handle == null) {
            return;
        }
        try {
            Object now = Files.readAttributes(path, BasicFileAttributes.class).fileKey();
            if (now != null && Objects.equals(now, handleKey)) {
                return;
            }
        } catch (IOException e) {
            // gone or unreadable: reopened (or failing) at the next open
        }
        close();
    }

    private SecureDirectoryStream<Path> handle() throws IOException {
        if (handle != null || noOpenat) {
            return handle;
        }
        DirectoryStream<Path> opened = Files.newDirectoryStream(path);
        if (opened instanceof SecureDirectoryStream<Path> secure) {
            handle = secure;
            handleKey = secure.getFileAttributeView(BasicFileAttributeView.class).readAttributes().fileKey();
        } else {
            opened.close();
            noOpenat = true;
        }
        return handle;
    }

    @Override
    public void close() {
        if (handle != null) {
            try {
                handle.close();
            } catch (IOException e) {
                // a directory handle's close has nothing to report
            }
            handle = null;
            handleKey = null;
        }
    }
}
