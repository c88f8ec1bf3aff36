package org.lustrecollector.lustre.procfs;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The real trees under {@code lustreroot}: {@code <lustreroot>/sys/fs/lustre} and so on, "/" on an MDS,
 * a fixture folder in tests and the demo.
 *
 * <p>Each root folder is held open ({@link ProcFolder}) and files are opened and checked relative to it,
 * which spares the kernel the walk from "/" at each of a scan's thousands of reads.
 *
 * <p>Only regular files are opened: procfs, sysfs and debugfs files are regular files, and opening a
 * FIFO, a device or a socket could block for good (a FIFO's open waits for a writer). {@link #read} checks
 * the type first ({@code fstatat}) and fails such a file with {@link ProcError#NOT_REGULAR} without opening
 * it. {@link #reread}, for a file the caller has just read successfully, skips the check: procfs, sysfs and
 * debugfs files keep their type, and the check would be a fifth of a scan's cost.
 *
 * <p>One open, reads into a reused buffer until end of file, one close, and no per-file allocation beyond
 * the text. A sysfs attribute is at most a page and comes whole from its first read (kernfs hands the
 * attribute's show output over at once), so a first read that leaves room in the buffer is its end: no
 * second read to see end of file. Reads are serialised (a scan reads one file at a time; scans do not
 * overlap).
 */
public final class FileProcTree implements ProcTree {
    /** target_obd of a filesystem with the maximum 8150 OSTs is about 300 KB. */
    static final int MAX_FILE_BYTES = 4 << 20;

    private final Map<ProcRoot, ProcFolder> folders = new EnumMap<>(ProcRoot.class);
    private byte[] buffer = new byte[4096];

    public FileProcTree(Path lustreRoot) {
        for (ProcRoot root : ProcRoot.values()) {
            folders.put(root, new ProcFolder(lustreRoot.resolve(root.relativePath())));
        }
    }

    @Override
    public synchronized String read(ProcRoot root, String path) throws ProcReadException {
        return read(root, path, true);
    }

    @Override
    public synchronized String reread(ProcRoot root, String path) throws ProcReadException {
        return read(root, path, false);
    }

    private String read(ProcRoot root, String path, boolean checkType) throws ProcReadException {
        ProcFolder folder = folders.get(root);
        Path file = Path.of(path);
        try {
            return read(folder, file, root == ProcRoot.SYSFS, checkType);
        } catch (NoSuchFileException e) {
            if (folder.staleFor(file)) {
                try {
                    return read(folder, file, root == ProcRoot.SYSFS, checkType);
                } catch (IOException again) {
                    throw failure(folder, path, again);
                }
            }
            throw failure(folder, path, e);
        } catch (IOException e) {
            throw failure(folder, path, e);
        }
    }

    private String read(ProcFolder folder, Path file, boolean wholeAtFirstRead, boolean checkType) throws IOException {
        if (checkType && !folder.attributes(file).isRegularFile()) {
            throw new ProcReadException(ProcError.NOT_REGULAR, file.toString());
        }
        try (SeekableByteChannel in = folder.open(file)) {
            int length = 0;
            while (true) {
                if (length == buffer.length) {
                    if (buffer.length >= MAX_FILE_BYTES) {
                        throw new ProcReadException(ProcError.TOO_LARGE, file.toString());
                    }
                    buffer = Arrays.copyOf(buffer, buffer.length * 2);
                }
                int n = in.read(ByteBuffer.wrap(buffer, length, buffer.length - length));
                if (n < 0) {
                    return new String(buffer, 0, length, StandardCharsets.ISO_8859_1);
                }
                length += n;
                if (wholeAtFirstRead && length < buffer.length) {
                    return new String(buffer, 0, length, StandardCharsets.ISO_8859_1);
                }
            }
        }
    }

    /** The failure, named by the file's whole path. */
    private static ProcReadException failure(ProcFolder folder, String path, IOException e) {
        String file = folder.path().resolve(path).toString();
        if (e instanceof ProcReadException p) {
            return new ProcReadException(p.error(), file, p.getCause());
        }
        return new ProcReadException(ProcError.of(e), file, e);
    }

    @Override
    public List<String> list(ProcRoot root, String path) throws ProcReadException {
        ProcFolder rootFolder = folders.get(root);
        synchronized (this) {
            rootFolder.revalidate(); // listing is the inventory's work: the moment to notice a replaced root
        }
        Path folder = path.isEmpty() ? rootFolder.path() : rootFolder.path().resolve(path);
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(folder)) {
            for (Path entry : entries) {
                names.add(entry.getFileName().toString());
            }
        } catch (IOException e) {
            throw new ProcReadException(ProcError.of(e), folder.toString(), e);
        } catch (java.nio.file.DirectoryIteratorException e) {
            throw new ProcReadException(ProcError.of(e.getCause()), folder.toString(), e.getCause());
        }
        return names;
    }

    /** Closes the folders held open; a later read opens them again. */
    @Override
    public synchronized void close() {
        folders.values().forEach(ProcFolder::close);
    }
}
