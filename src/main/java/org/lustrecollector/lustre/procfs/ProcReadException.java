package org.lustrecollector.lustre.procfs;

import java.io.IOException;

/** A Lustre file or folder that could not be read, with the reason the state rules act on. */
public final class ProcReadException extends IOException {
    private static final long serialVersionUID = 1L;

    private final transient ProcError error;

    public ProcReadException(ProcError error, String path, Throwable cause) {
        super(path + ": " + error, cause);
        this.error = error;
    }

    public ProcReadException(ProcError error, String path) {
        this(error, path, null);
    }

    public ProcError error() {
        return error;
    }

    /** Why, in words: the C library's message where the JDK passed one on, else the error's name. */
    public String reason() {
        Throwable cause = getCause();
        if (cause instanceof java.nio.file.FileSystemException f) {
            return f.getReason() != null ? f.getReason() : byName(); // NIO: the file, and the C library's message apart
        }
        String message = cause == null || cause.getMessage() == null ? "" : cause.getMessage();
        int open = message.lastIndexOf(" (");
        if (open >= 0 && message.endsWith(")")) {
            return message.substring(open + 2, message.length() - 1); // FileInputStream: "<path> (<strerror>)"
        }
        if (!message.isEmpty() && !message.startsWith("/")) {
            return message;
        }
        return byName();
    }

    private String byName() {
        return switch (error) {
            case NOT_REGULAR -> "not a regular file";
            case TOO_LARGE -> "larger than " + (FileProcTree.MAX_FILE_BYTES >> 20) + " MiB";
            default -> error.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
        };
    }
}
