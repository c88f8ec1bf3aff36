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
}
