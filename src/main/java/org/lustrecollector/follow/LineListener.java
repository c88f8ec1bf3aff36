package org.lustrecollector.follow;

/** Receives the complete lines a trap-file reader finds, in file order. */
public interface LineListener {

    /** A complete, valid UTF-8 line without its line terminator. */
    void line(String text, long lineNumber);

    /**
     * A line that cannot be text: longer than the limit, invalid UTF-8, or control characters.
     *
     * @param fingerprint a hash of the raw bytes, so a reader that sees the same line again can recognise it
     */
    void badLine(long lineNumber, String reason, long fingerprint);

    /** The reader reached the end of what is there now: a good moment to publish what was read. */
    default void endOfRead() {
    }
}
