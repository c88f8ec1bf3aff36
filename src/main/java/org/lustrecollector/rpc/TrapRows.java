package org.lustrecollector.rpc;

import java.util.AbstractList;
import java.util.List;
import java.util.RandomAccess;

import org.lustrecollector.trap.StoredTrap;
import org.lustrecollector.trap.Trap;
import org.lustrecollector.trap.TrapQuery;
import org.lustrecollector.trap.TrapSnapshot;
import org.xml.sax.ContentHandler;
import org.xml.sax.SAXException;
import org.xml.sax.helpers.AttributesImpl;

/**
 * The traps of a getTraps answer: a list of rows {@code [message, category, nodeName, fsName, id, time]}, as
 * XML-RPC's array of arrays. {@link XmlRpcExchange} writes it from the rows {@link RowEncodings} keeps for
 * its snapshot; as a list it serves any other reader.
 */
final class TrapRows extends AbstractList<Object[]> implements RandomAccess {
    private static final AttributesImpl NO_ATTRIBUTES = new AttributesImpl();

    private final TrapSnapshot snapshot;
    private final int first;
    private final List<StoredTrap> traps;

    TrapRows(TrapQuery query) {
        this.snapshot = query.snapshot();
        this.first = query.first();
        this.traps = query.traps();
    }

    TrapSnapshot snapshot() {
        return snapshot;
    }

    /** Index in {@link #snapshot} of the first row. */
    int first() {
        return first;
    }

    @Override
    public Object[] get(int index) {
        return row(traps.get(index).trap());
    }

    @Override
    public int size() {
        return traps.size();
    }

    static Object[] row(Trap t) {
        return new Object[] {t.message(), t.category().code(), t.node(), t.fsName(), t.id(), TrapRpc.toInt(t.time())};
    }

    /** One row as the library's serializers write an Object[] of strings and ints. */
    static void writeRow(ContentHandler out, Trap t) throws SAXException {
        start(out, "value");
        start(out, "array");
        start(out, "data");
        string(out, t.message());
        i4(out, t.category().code());
        string(out, t.node());
        string(out, t.fsName());
        string(out, t.id());
        i4(out, TrapRpc.toInt(t.time()));
        end(out, "data");
        end(out, "array");
        end(out, "value");
    }

    private static void string(ContentHandler out, String s) throws SAXException {
        start(out, "value");
        out.characters(s.toCharArray(), 0, s.length());
        end(out, "value");
    }

    private static void i4(ContentHandler out, int n) throws SAXException {
        start(out, "value");
        start(out, "i4");
        String text = Integer.toString(n);
        out.characters(text.toCharArray(), 0, text.length());
        end(out, "i4");
        end(out, "value");
    }

    static void start(ContentHandler out, String name) throws SAXException {
        out.startElement("", name, name, NO_ATTRIBUTES);
    }

    static void end(ContentHandler out, String name) throws SAXException {
        out.endElement("", name, name);
    }
}
