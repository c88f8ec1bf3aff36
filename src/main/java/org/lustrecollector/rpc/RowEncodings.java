package org.lustrecollector.rpc;

import java.util.Arrays;
import java.util.List;

import org.lustrecollector.trap.StoredTrap;
import org.lustrecollector.trap.TrapSlice;
import org.xml.sax.SAXException;

/**
 * The XML of getTraps rows, written once per stored trap and reused while the store's snapshot does not
 * change. Holds the rows of the last answer that was not covered, in receive order; an answer whose traps
 * are a run of those (any getTraps of the same snapshot: all of it, or what came after a timestamp) is one
 * array copy. A new snapshot (a new batch of traps) is encoded again at its first answer: at most a few
 * hundred rows, once. Immutable encodings, published through a volatile field: request threads never wait.
 */
final class RowEncodings {
    /**
     * Rows in receive order: row i is {@code xml[offsets[i] .. offsets[i + 1])}. {@code slice} is the
     * store's slice they were written from, when it was one: a later slice of the same snapshot finds its
     * rows without comparing trap by trap.
     */
    private record Encoded(long[] sequences, byte[] xml, int[] offsets, TrapSlice slice) {
        int size() {
            return sequences.length;
        }
    }

    private volatile Encoded last = new Encoded(new long[0], new byte[0], new int[] {0}, null);

    /** Writes the rows of {@code traps} (in receive order) into {@code out}. */
    void write(List<StoredTrap> traps, Utf8XmlWriter out) throws SAXException {
        if (traps.isEmpty()) {
            return;
        }
        Encoded encoded = last;
        int first = runStart(encoded, traps);
        if (first < 0) {
            encoded = encode(traps);
            last = encoded;
            first = 0;
        }
        int from = encoded.offsets()[first];
        out.raw(encoded.xml(), from, encoded.offsets()[first + traps.size()] - from);
    }

    /** Where {@code traps} start in {@code encoded} if they are a run of its rows, else -1. */
    private static int runStart(Encoded encoded, List<StoredTrap> traps) {
        if (encoded.slice() != null && traps instanceof TrapSlice slice) {
            int start = slice.startWithin(encoded.slice());
            if (start >= 0) {
                return start;
            }
        }
        int first = Arrays.binarySearch(encoded.sequences(), traps.get(0).sequence());
        if (first < 0 || first + traps.size() > encoded.size()) {
            return -1;
        }
        for (int i = 1; i < traps.size(); i++) {
            if (encoded.sequences()[first + i] != traps.get(i).sequence()) {
                return -1;
            }
        }
        return first;
    }

    private static Encoded encode(List<StoredTrap> traps) throws SAXException {
        long[] sequences = new long[traps.size()];
        int[] offsets = new int[traps.size() + 1];
        Utf8XmlWriter writer = new Utf8XmlWriter(null);
        for (int i = 0; i < traps.size(); i++) {
            sequences[i] = traps.get(i).sequence();
            TrapRows.writeRow(writer, traps.get(i).trap());
            offsets[i + 1] = writer.length();
        }
        return new Encoded(sequences, writer.toByteArray(), offsets, traps instanceof TrapSlice s ? s : null);
    }
}
