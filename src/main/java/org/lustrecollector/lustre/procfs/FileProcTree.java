package org.lustrecollector.lustre.procfs;

import java.io.File;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The real trees under {@code lustreroot}: {@code <lustreroot>/sys/fs/lustre} and so on, "/" on an MDS,
 * a fixture folder in tests and the demo.
 *
 * <p>Only regular files are opened: procfs, sysfs and debugfs files are regular files, and opening a
 * FIFO, a device or a socket could block for good (a FIFO's open waits for a writer). Such a file fails
 * with {@link ProcError#NOT_REGULAR} without being opened. The check is one {@code stat} before the open
 * ({@link File#isFile()}, which allocates nothing); only when it says no does a second {@code stat} tell
 * why (absent, not regular, permission denied).
 *
 * <p>A plain {@link FileInputStream} into a reused buffer: one open, reads until end of file, one close,
 * and no per-file allocation beyond the text, since a scan reads thousands of these tiny files. A sysfs
 * attribute is at most a page and comes whole from its first read (kernfs hands the attribute's show
 * output over at once), so a first read that leaves room in the buffer is its end: no second read to see
 * end of file.
 * Reads are serialised (a scan reads one file at a time; scans do not overlap).
 */
public final class FileProcTree implements ProcTree {
    /** target_obd of a filesystem with the maximum 8150 OSTs is about 300 KB. */
    static final int MAX_FILE_BYTES = 4 << 20;

    private final Map<ProcRoot, Path> roots = new EnumMap<>(ProcRoot.class);
    private final Map<ProcRoot, String> rootPrefixes = new EnumMap<>(ProcRoot.class);
    private byte[] buffer = new byte[4096];

    public FileProcTree(Path lustreRoot) {
        for (ProcRoot root : ProcRoot.values()) {
            roots.put(root, lustreRoot.resolve(root.relativePath()));
            rootPrefixes.put(root, roots.get(root).toString() + "/");
        }
    }

    @Override
    public synchronized String read(ProcRoot root, String path) throws ProcReadException {
        boolean wholeAtFirstRead = root == ProcRoot.SYSFS;
        String file = rootPrefixes.get(root) + path;
        if (!new File(file).isFile()) {
            try {
                if (!Files.readAttributes(Path.of(file), BasicFileAttributes.class).isRegularFile()) {
                    throw new ProcReadException(ProcError.NOT_REGULAR, file);
                }
            } catch (ProcReadException e) {
                throw e;
            } catch (IOException e) {
                throw new ProcReadException(ProcError.of(e), file, e);
            }
        }
        try (InputStream in = new FileInputStream(file)) {
            int length = 0;
            while (true) {
                if (length == buffer.length) {
                    if (buffer.length >= MAX_FILE_BYTES) {
                        throw new ProcReadException(ProcError.TOO_LARGE, file);
                    }
                    buffer = Arrays.copyOf(buffer, buffer.length * 2);
                }
                int n = in.read(buffer, length, buffer.length - length);
                if (n < 0) {
                    return new String(buffer, 0, length, StandardCharsets.ISO_8859_1);
                }
                length += n;
                if (wholeAtFirstRead && length < buffer.length) {
                    return new String(buffer, 0, length, StandardCharsets.ISO_8859_1);
                }
            }
        } catch (ProcReadException e) {
            throw e;
        } catch (IOException e) {
            throw new ProcReadException(ProcError.of(e), file, e);
        }
    }

    @Override
    public List<String> list(ProcRoot root, String path) throws ProcReadException {
        Path folder = path.isEmpty() ? roots.get(root) : roots.get(root).resolve(path);
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
}
