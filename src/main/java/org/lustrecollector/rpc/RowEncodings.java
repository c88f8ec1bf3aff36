package org.lustrecollector.rpc;

import java.util.List;

import org.lustrecollector.trap.StoredTrap;
import org.lustrecollector.trap.TrapSnapshot;
import org.xml.sax.SAXException;

/**
 * The XML of getTraps rows, written once per store snapshot and reused by every answer from that snapshot:
 * polling clients ask for the same traps again and again, and writing them is most of what an answer
 * costs. Keyed on {@link TrapSnapshot#version()}: holds the rows of one snapshot from some position to its
 * end. A new snapshot is encoded at its first answer, copying the rows of traps the previous encoding
 * already held (traps never change). One thread encodes at a time, so a crowd of requests for a new
 * snapshot builds it once; answers that find their rows encoded never wait.
 */
final class RowEncodings {
    /** A run of encoded rows: {@code xml[from .. from + count)}; not to be changed. */
    record Rows(byte[] xml, int from, int count) {
    }

    /**
     * Rows {@code first ..} of the snapshot of {@code version}: row i is
     * {@code xml[offsets[i - first] .. offsets[i - first + 1])}, for the trap of sequence
     * {@code sequences[i - first]}.
     */
    private record Encoded(long version, int first, long[] sequences, byte[] xml, int[] offsets) {
        int size() {
            return sequences.length;
        }

        boolean holds(TrapSnapshot snapshot, int from) {
            return version == snapshot.version() && from >= first;
        }
    }

    private static final Rows NONE = new Rows(new byte[0], 0, 0);

    private volatile Encoded last = new Encoded(-1, 0, new long[0], new byte[0], new int[] {0});

    /** The rows of the traps of {@code snapshot} from index {@code from} to its end, in receive order. */
    Rows rows(TrapSnapshot snapshot, int from) throws SAXException {
        if (from >= snapshot.traps().size()) {
            return NONE;
        }
        Encoded encoded = last;
        if (!encoded.holds(snapshot, from)) {
            encoded = encode(snapshot, from);
        }
        int start = encoded.offsets()[from - encoded.first()];
        return new Rows(encoded.xml(), start, encoded.offsets()[encoded.size()] - start);
    }

    private synchronized Encoded encode(TrapSnapshot snapshot, int from) throws SAXException {
        Encoded previous = last;
        if (previous.holds(snapshot, from)) {
            return previous;
        }
        Encoded encoded = encode(snapshot.version(), snapshot.traps(), from, previous);
        if (encoded.version() >= previous.version()) {
            last = encoded;
        }
        return encoded;
    }

    /** Encodes traps {@code first ..}, copying the rows {@code previous} holds (both are in sequence order). */
    private static Encoded encode(long version, List<StoredTrap> traps, int first, Encoded previous)
            throws SAXException {
        int count = traps.size() - first;
        long[] sequences = new long[count];
        int[] offsets = new int[count + 1];
        Utf8XmlWriter writer = new Utf8XmlWriter();
        int p = 0;
        for (int i = 0; i < count; i++) {
            StoredTrap trap = traps.get(first + i);
            sequences[i] = trap.sequence();
            while (p < previous.size() && previous.sequences()[p] < trap.sequence()) {
                p++;
            }
            if (p < previous.size() && previous.sequences()[p] == trap.sequence()) {
                int start = previous.offsets()[p];
                writer.append(previous.xml(), start, previous.offsets()[p + 1] - start);
            } else {
                TrapRows.writeRow(writer, trap.trap());
            }
            offsets[i + 1] = Math.toIntExact(writer.length());
        }
        return new Encoded(version, first, sequences, writer.toByteArray(), offsets);
    }
}
