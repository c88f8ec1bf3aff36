package org.lustrecollector.follow;

import java.util.ArrayList;
import java.util.List;

/** Everything a reader passed on, in order: "n:text" for good lines, "n!reason" for bad ones. */
public final class RecordingLineListener implements LineListener {
    public final List<String> events = new ArrayList<>();
    public int endOfReads;

    @Override
    public void line(String text, long lineNumber) {
        events.add(lineNumber + ":" + text);
    }

    @Override
    public void badLine(long lineNumber, String reason, long fingerprint) {
        events.add(lineNumber + "!" + reason);
    }

    @Override
    public void endOfRead() {
        endOfReads++;
    }

    /** The events since the last call. */
    public List<String> take() {
        List<String> copy = List.copyOf(events);
        events.clear();
        return copy;
    }
}
