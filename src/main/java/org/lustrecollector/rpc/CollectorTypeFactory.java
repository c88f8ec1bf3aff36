package org.lustrecollector.rpc;

import org.apache.xmlrpc.common.TypeFactoryImpl;
import org.apache.xmlrpc.common.XmlRpcController;
import org.apache.xmlrpc.common.XmlRpcStreamConfig;
import org.apache.xmlrpc.serializer.TypeSerializer;
import org.xml.sax.SAXException;

/** The library's types, plus {@link TrapRows}, which write themselves from cached XML. */
final class CollectorTypeFactory extends TypeFactoryImpl {
    private static final TypeSerializer TRAP_ROWS = (out, rows) -> ((TrapRows) rows).write(out);

    CollectorTypeFactory(XmlRpcController controller) {
        super(controller);
    }

    @Override
    public TypeSerializer getSerializer(XmlRpcStreamConfig config, Object object) throws SAXException {
        return object instanceof TrapRows ? TRAP_ROWS : super.getSerializer(config, object);
    }
}
