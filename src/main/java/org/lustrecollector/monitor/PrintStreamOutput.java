package org.lustrecollector.monitor;

import java.io.PrintStream;

/** An output to a stream: standard output, or a test's buffer. */
abstract class PrintStreamOutput implements MonitorOutput {
    protected final PrintStream out;

    protected PrintStreamOutput(PrintStream out) {
        this.out = out;
    }

    @Override
    public void flush() {
        out.flush();
    }

    @Override
    public boolean broken() {
        return out.checkError();
    }
}
