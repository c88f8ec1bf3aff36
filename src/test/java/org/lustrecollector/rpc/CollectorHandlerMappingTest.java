package org.lustrecollector.rpc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.lustrecollector.rpc.RpcTestSupport.call;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import org.apache.xmlrpc.XmlRpcException;
import org.apache.xmlrpc.server.XmlRpcNoSuchHandlerException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.lustrecollector.api.Category;
import org.lustrecollector.collector.TestCollector;
import org.lustrecollector.trap.MutableInstantSource;
import org.lustrecollector.trap.Trap;

class CollectorHandlerMappingTest {
    private static final long NOW = 1_800_000_000L;

    @TempDir
    Path dir;

    private final MutableInstantSource clock = new MutableInstantSource(NOW);
    private TestCollector collector;
    private CollectorHandlerMapping mapping;

    @BeforeEach
    void build() throws XmlRpcException {
        collector = RpcTestSupport.collector(dir.resolve("traps"), clock);
        mapping = RpcTestSupport.mapping(new TrapRpc(collector.store(), collector.loop()));
    }

    private static String helpOf(String method) throws NoSuchMethodException {
        for (var m : TrapRpc.class.getMethods()) {
            if (m.getName().equals(method)) {
                return m.getAnnotation(RpcHelp.class).value();
            }
        }
        throw new NoSuchMethodException(method);
    }

    @Test
    void listMethodsNamesTheTrapMethodsWithoutPrefixAndTheSystemMethods() throws XmlRpcException {
        Object result = call(mapping, "system.listMethods");
        String[] names = assertInstanceOf(String[].class, result);
        assertEquals(Set.of("getTraps", "waitTraps", "getLastTimestamp", "getStatus",
                "system.listMethods", "system.methodHelp", "system.methodSignature", "system.multicall",
                "system.getCapabilities"), Set.of(names));
        assertEquals(9, names.length);
    }

    @ParameterizedTest
    @ValueSource(strings = {"getTraps", "getLastTimestamp", "getStatus"})
    void methodHelpIsTheRpcHelpText(String method) throws Exception {
        String help = helpOf(method);
        assertFalse(help.isBlank());
        assertEquals(help, call(mapping, "system.methodHelp", method));
        assertTrue(help.startsWith(method + "("), help);
    }

    @ParameterizedTest
    @ValueSource(strings = {"listMethods", "methodHelp", "methodSignature"})
    void systemMethodsHaveTheirOwnHelp(String method) throws XmlRpcException {
        String help = (String) call(mapping, "system.methodHelp", "system." + method);
        assertTrue(help.startsWith("system." + method + "("), help);
        assertFalse(help.contains("org.apache.xmlrpc"), "not the library's generated text: " + help);
    }

    @Test
    void methodSignaturesUseXmlRpcTypeNames() throws XmlRpcException {
        assertArrayEquals(new String[][] {{"array", "int"}},
                (String[][]) call(mapping, "system.methodSignature", "getTraps"));
        assertArrayEquals(new String[][] {{"int"}},
                (String[][]) call(mapping, "system.methodSignature", "getLastTimestamp"));
        assertArrayEquals(new String[][] {{"struct"}},
                (String[][]) call(mapping, "system.methodSignature", "getStatus"));
        assertArrayEquals(new String[][] {{"string", "string"}},
                (String[][]) call(mapping, "system.methodSignature", "system.methodHelp"));
    }

    @Test
    void getTrapsWithAStringArgumentIsInvalidParams() {
        XmlRpcException e = assertThrows(XmlRpcException.class, () -> call(mapping, "getTraps", "0"));
        assertEquals(FaultCodes.INVALID_PARAMS, e.code);
        assertTrue(e.getMessage().contains("getTraps expects (int time)"), e.getMessage());
        assertTrue(e.getMessage().contains("got (string)"), e.getMessage());
    }

    @Test
    void getTrapsWithNoArgumentIsInvalidParams() {
        XmlRpcException e = assertThrows(XmlRpcException.class, () -> call(mapping, "getTraps"));
        assertEquals(FaultCodes.INVALID_PARAMS, e.code);
        assertTrue(e.getMessage().contains("getTraps expects (int time)"), e.getMessage());
        assertTrue(e.getMessage().contains("got ()"), e.getMessage());
    }

    @Test
    void getTrapsWithTooManyOrWronglyTypedArgumentsIsInvalidParams() {
        XmlRpcException two = assertThrows(XmlRpcException.class, () -> call(mapping, "getTraps", 1, 2));
        assertEquals(FaultCodes.INVALID_PARAMS, two.code);
        assertTrue(two.getMessage().contains("got (int, int)"), two.getMessage());

        XmlRpcException dbl = assertThrows(XmlRpcException.class, () -> call(mapping, "getTraps", 1.5));
        assertEquals(FaultCodes.INVALID_PARAMS, dbl.code);
        assertTrue(dbl.getMessage().contains("got (double)"), dbl.getMessage());

        XmlRpcException nil = assertThrows(XmlRpcException.class,
                () -> call(mapping, "getTraps", new Object[] {null}));
        assertEquals(FaultCodes.INVALID_PARAMS, nil.code);
        assertTrue(nil.getMessage().contains("got (nil)"), nil.getMessage());
    }

    @Test
    void methodsWithoutParametersRefuseArguments() {
        XmlRpcException e = assertThrows(XmlRpcException.class, () -> call(mapping, "getStatus", 5));
        assertEquals(FaultCodes.INVALID_PARAMS, e.code);
        assertTrue(e.getMessage().contains("getStatus expects ()"), e.getMessage());
    }

    @Test
    void wrongArgumentsToASystemMethodNameIt() {
        XmlRpcException e = assertThrows(XmlRpcException.class, () -> call(mapping, "system.methodHelp", 3));
        assertEquals(FaultCodes.INVALID_PARAMS, e.code);
        assertTrue(e.getMessage().startsWith("system.methodHelp expects (string"), e.getMessage());
        assertTrue(e.getMessage().contains("got (int)"), e.getMessage());
    }

    @Test
    void getTrapsWithAnIntArgumentAnswers() throws XmlRpcException {
        collector.store().add(new Trap("id-1", 1_700_000_000L, Category.FATAL, "fs1", "node1", "boom"));
        Object[] answer = (Object[]) call(mapping, "getTraps", 0);
        assertEquals(2, answer.length);
        Object[] traps = ((List<?>) answer[0]).toArray();
        assertEquals(1, traps.length);
        assertArrayEquals(new Object[] {"boom", 3, "node1", "fs1", "id-1", 1_700_000_000}, (Object[]) traps[0]);
        assertEquals((int) NOW, answer[1]);
        assertEquals((int) NOW, call(mapping, "getLastTimestamp"));
    }

    @Test
    void anUnknownMethodHasNoHandler() {
        XmlRpcNoSuchHandlerException e = assertThrows(XmlRpcNoSuchHandlerException.class,
                () -> mapping.getHandler("getTrap"));
        XmlRpcException fault = (XmlRpcException) new CollectorXmlRpcServer(CollectorXmlRpcServerTest.LIMITS).convertThrowable(e);
        assertEquals(FaultCodes.METHOD_NOT_FOUND, fault.code);
        assertTrue(fault.getMessage().contains("getTrap"), fault.getMessage());
        assertTrue(fault.getMessage().contains("system.listMethods"), fault.getMessage());
    }

    @Test
    void helpForAnUnknownMethodHasNoHandler() {
        assertThrows(XmlRpcNoSuchHandlerException.class, () -> call(mapping, "system.methodHelp", "nope"));
    }

    @Test
    void eachHandlerClassIsRegistered() throws XmlRpcException {
        CollectorHandlerMapping two = RpcTestSupport.mapping(new TrapRpc(collector.store(), collector.loop()), new Echo());
        assertEquals("hi", call(two, "echo", "hi"));
        assertEquals(List.of("echo", "getLastTimestamp", "getStatus", "getTraps", "system.getCapabilities",
                        "system.listMethods", "system.methodHelp", "system.methodSignature", "system.multicall",
                        "waitTraps"),
                List.of((String[]) call(two, "system.listMethods")).stream().sorted().toList());
    }

    /** A second handler class. */
    public static final class Echo {
        @RpcHelp("echo(text) -> string.")
        public String echo(String text) {
            return text;
        }
    }
}
