package org.lustrecollector.trapfile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

import org.lustrecollector.follow.AppendedFileFollower;
import org.lustrecollector.follow.FileFollower;


/** Chooses how to read a trap file. */
public final class TrapFileFollowers {
    /** Pseudo-filesystems whose files report size 0 and never produce change events. */
    private static final Set<String> PSEUDO_FILESYSTEMS = Set.of("proc", "sysfs", "debugfs", "tracefs");

    private TrapFileFollowers() {
    }

    public static FileFollower open(Path path, TrapFileMode mode) {
        boolean procfs = switch (mode) {
            case PROCFS -> true;
            case REGULAR -> false;
            case AUTO -> isOnPseudoFilesystem(path);
        };
        return procfs ? new TrapRingReader(path) : new AppendedFileFollower(path, "Trap file");
    }

    /** Asks the file system type of the nearest existing ancestor; the path alone decides for files not there yet. */
    static boolean isOnPseudoFilesystem(Path path) {
        Path absolute = path.toAbsolutePath().normalize();
        for (Path p = absolute; p != null; p = p.getParent()) {
            if (Files.exists(p)) {
                try {
                    return PSEUDO_FILESYSTEMS.contains(Files.getFileStore(p).type());
                } catch (IOException e) {
                    break;
                }
            }
        }
        return absolute.startsWith("/proc") || absolute.startsWith("/sys");
    }
}
