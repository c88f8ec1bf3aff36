package org.lustrecollector.rpc;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;

/**
 * Generates hostile XML-RPC request bodies for the fuzz test: random bytes, mangled calls, deep nesting,
 * huge strings, DOCTYPEs with internal, external and recursive entities, wrong types and values, odd
 * encodings and floods of elements. Everything comes from one {@link Random}, so a seed reproduces a run.
 */
final class HostileBodies {
    private static final List<String> METHODS = List.of("getTraps", "getLastTimestamp", "getStatus",
            "system.listMethods", "system.methodHelp", "system.methodSignature", "system.multicall", "getTrap",
            "", " getTraps", "TrapRpc.getTraps", "java.lang.Runtime.exec", "../../etc/passwd", "getTraps\u0000");
    private static final List<String> VALUES = List.of("<int>0</int>", "<int>-3600</int>", "<i4>2147483647</i4>",
            "<int>2147483648</int>", "<int>99999999999999999999</int>", "<int></int>", "<int>0x10</int>",
            "<i8>9223372036854775807</i8>", "<double>NaN</double>", "<double>1e999</double>", "<boolean>2</boolean>",
            "<boolean>1</boolean>", "<string>yesterday</string>", "plain text", "<base64>!!!notbase64</base64>",
            "<base64>AAAA</base64>", "<dateTime.iso8601>20260101T99:99:99</dateTime.iso8601>", "<nil/>",
            "<ex:nil xmlns:ex=\"http://ws.apache.org/xmlrpc/namespaces/extensions\"/>",
            "<ex:serializable xmlns:ex=\"http://ws.apache.org/xmlrpc/namespaces/extensions\">rO0ABXNy</ex:serializable>",
            "<struct><member><value><int>1</int></value></member></struct>", "<struct><member><name>a</name></member></struct>",
            "<array><data/></array>", "<array></array>", "<unknown>1</unknown>", "<int><int>1</int></int>");
    private static final List<String> DOCTYPES = List.of(
            "<!DOCTYPE methodCall [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>",
            "<!DOCTYPE methodCall [<!ENTITY x SYSTEM \"http://127.0.0.1:1/evil\">]>",
            "<!DOCTYPE methodCall SYSTEM \"http://127.0.0.1:1/evil.dtd\">",
            "<!DOCTYPE methodCall [<!ENTITY % p SYSTEM \"file:///etc/hostname\"> %p;]>",
            "<!DOCTYPE methodCall [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">"
                    + "<!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\"><!ENTITY x \"&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;\">]>",
            "<!DOCTYPE methodCall [<!ENTITY x \"&x;\">]>",
            "<!DOCTYPE methodCall [<!ELEMENT methodCall ANY>]>");
    private static final List<String> PROLOGS = List.of("", "<?xml version=\"1.0\"?>",
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>", "<?xml version=\"1.0\" encoding=\"UTF-16\"?>",
            "<?xml version=\"1.0\" encoding=\"UTF-7\"?>", "<?xml version=\"1.0\" encoding=\"EBCDIC-nope\"?>",
            "<?xml version=\"1.1\"?>", "<?xml version=\"2.0\"?>", "\uFEFF<?xml version=\"1.0\"?>",
            "<?xml-stylesheet href=\"http://127.0.0.1:1/x.xsl\"?>", "<?xml version=\"1.0\"?><?xml version=\"1.0\"?>");

    private final Random random;
    private final int maxBodyBytes;

    HostileBodies(Random random, int maxBodyBytes) {
        this.random = random;
        this.maxBodyBytes = maxBodyBytes;
    }

    byte[] next() {
        return switch (random.nextInt(9)) {
            case 0 -> randomBytes(random.nextInt(2048));
            case 1 -> utf8(mangle(call()));
            case 2 -> utf8(deepNesting());
            case 3 -> utf8(hugeString());
            case 4 -> utf8(pick(PROLOGS) + pick(DOCTYPES) + call().replace("<methodName>", "<methodName>&x;"));
            case 5 -> utf8(call());
            case 6 -> encodingGames();
            case 7 -> utf8(elementFlood());
            default -> utf8(mangle(mangle(call())));
        };
    }

    private String call() {
        StringBuilder params = new StringBuilder();
        int n = random.nextInt(4);
        for (int i = 0; i < n; i++) {
            params.append("<param><value>").append(pick(VALUES)).append("</value></param>");
        }
        String methodName = random.nextInt(10) == 0 ? "" : "<methodName>" + pick(METHODS) + "</methodName>";
        String paramsElement = random.nextInt(10) == 0 ? "" : "<params>" + params + "</params>";
        return pick(PROLOGS) + "<methodCall>" + methodName + paramsElement + "</methodCall>";
    }

    /** Cuts, duplicates, inserts or swaps a random piece of the text. */
    private String mangle(String text) {
        if (text.isEmpty()) {
            return "<";
        }
        int a = random.nextInt(text.length());
        int b = a + random.nextInt(Math.min(40, text.length() - a) + 1);
        return switch (random.nextInt(5)) {
            case 0 -> text.substring(0, a) + text.substring(b);
            case 1 -> text.substring(0, b) + text.substring(a, b) + text.substring(b);
            case 2 -> text.substring(0, a) + pick(List.of("<", ">", "&", "&amp", "]]>", "<![CDATA[", "</value>",
                    "<value>", "\u0000", "\uFFFF", "\uD800", "&#0;", "&#x110000;", "<!--", "<?pi?>", "\"'"))
                    + text.substring(a);
            case 3 -> text.substring(0, a) + (char) random.nextInt(0x3000) + text.substring(a);
            default -> text.substring(b) + text.substring(0, a);
        };
    }

    private String deepNesting() {
        int depth = 1 + random.nextInt(random.nextBoolean() ? 40 : 5000);
        String open = random.nextBoolean() ? "<value><array><data>" : "<value><struct><member><name>m</name>";
        String close = open.startsWith("<value><array>") ? "</data></array></value>" : "</member></struct></value>";
        StringBuilder body = new StringBuilder("<?xml version=\"1.0\"?><methodCall><methodName>getTraps</methodName>"
                + "<params><param>");
        body.append(open.repeat(depth)).append("<value><int>1</int></value>");
        if (random.nextInt(4) != 0) {
            body.append(close.repeat(depth)).append("</param></params></methodCall>");
        }
        return body.toString();
    }

    private String hugeString() {
        int size = random.nextInt(maxBodyBytes * 2);
        char c = (char) ('a' + random.nextInt(26));
        String filler = random.nextBoolean() ? String.valueOf(c).repeat(size) : "&lt;".repeat(size / 4);
        return "<?xml version=\"1.0\"?><methodCall><methodName>" + (random.nextBoolean() ? filler : "getTraps")
                + "</methodName><params><param><value><string>" + filler + "</string></value></param></params></methodCall>";
    }

    private byte[] encodingGames() {
        String call = call();
        return switch (random.nextInt(4)) {
            case 0 -> call.getBytes(StandardCharsets.UTF_16);
            case 1 -> call.getBytes(StandardCharsets.UTF_16LE);
            case 2 -> {
                byte[] bytes = utf8(call);
                bytes[random.nextInt(bytes.length)] = (byte) (0x80 | random.nextInt(0x80));
                yield bytes;
            }
            default -> utf8("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>" + call.replaceFirst("<\\?xml[^>]*>", ""));
        };
    }

    private String elementFlood() {
        String element = pick(List.of("<param><value><int>1</int></value></param>", "<a/>", "<param/>"));
        int count = random.nextInt(Math.max(1, maxBodyBytes / element.length()) * 2);
        return "<?xml version=\"1.0\"?><methodCall><methodName>getTraps</methodName><params>" + element.repeat(count)
                + "</params></methodCall>";
    }

    private byte[] randomBytes(int n) {
        byte[] bytes = new byte[n];
        random.nextBytes(bytes);
        return bytes;
    }

    private <T> T pick(List<T> list) {
        return list.get(random.nextInt(list.size()));
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
