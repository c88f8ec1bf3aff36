package org.lustrecollector.lustre.procfs;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/**
 * Why a Lustre file could not be read. The kernel's show functions return an errno, which the JDK only
 * passes on as the C library's message; these are the ones that mean something to the state rules.
 */
public enum ProcError {
    /** ENOENT, ENODEV, ENOTDIR: the file or its device is not (or no longer) there. */
    NOT_FOUND,
    /** EACCES, EPERM: typically debugfs for a user that is not root. */
    PERMISSION_DENIED,
    /** ENOTCONN: an OSP's statfs files while its import is inactive. */
    NOT_CONNECTED,
    /** ESHUTDOWN: an OSP's statfs files while its import is closed. */
    SHUT_DOWN,
    /** EINVAL: e.g. {@code prealloc_status} of an MDT-facing OSP. */
    INVALID_ARGUMENT,
    /** The file is larger than a Lustre file can sensibly be; not read. */
    TOO_LARGE,
    /** Not a regular file (a FIFO, device, socket or folder): not opened, since opening or reading it could block. */
    NOT_REGULAR,
    /** Anything else (EIO among them). */
    OTHER;

    /** Classifies an exception the JDK threw while opening, listing or reading a file. */
    public static ProcError of(IOException e) {
        if (e instanceof ProcReadException p) {
            return p.error();
        }
        if (e instanceof NoSuchFileException || e instanceof NotDirectoryException) {
            return NOT_FOUND;
        }
        if (e instanceof AccessDeniedException) {
            return PERMISSION_DENIED;
        }
        String message = e.getMessage() == null ? "" : e.getMessage();
        // glibc's strerror texts; the JDK appends them in parentheses for open() failures.
        if (message.contains("Transport endpoint is not connected")) {
            return NOT_CONNECTED;
        }
        if (message.contains("Cannot send after transport endpoint shutdown")) {
            return SHUT_DOWN;
        }
        if (message.contains("Invalid argument")) {
            return INVALID_ARGUMENT;
        }
        if (message.contains("Permission denied") || message.contains("Operation not permitted")) {
            return PERMISSION_DENIED;
        }
        if (e instanceof FileNotFoundException || message.contains("No such file or directory")
                || message.contains("No such device") || message.contains("Not a directory")) {
            return NOT_FOUND;
        }
        return OTHER;
    }
}
