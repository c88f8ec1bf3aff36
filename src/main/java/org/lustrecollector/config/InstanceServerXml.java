package org.lustrecollector.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;

/**
 * Writes the server.xml of the collector's own Tomcat from the template {@code tomcat/conf/server.xml},
 * filling in what plain {@code ${property}} substitution cannot: the AJP connector, which exists only
 * when the secret file does, and the users Tomcat's SecurityListener refuses to run as. The file holds
 * the AJP secret, so only its owner may read it.
 */
public final class InstanceServerXml {
    static final String AJP_MARKER = "<!--@AJP_CONNECTOR@-->";
    static final String REFUSED_USERS_MARKER = "@REFUSED_OS_USERS@";

    private InstanceServerXml() {
    }

    /**
     * @param refusedUsers comma-separated users Tomcat refuses to run as ("root"); empty only for a demo
     *                     that root runs on a development machine
     */
    static String render(String template, CollectorConfig config, Optional<String> secret, String refusedUsers) {
        if (!template.contains(AJP_MARKER) || !template.contains(REFUSED_USERS_MARKER)) {
            throw new ConfigException("The server.xml template lacks " + AJP_MARKER + " or " + REFUSED_USERS_MARKER);
        }
        String ajp = secret.map(s -> "<Connector protocol=\"AJP/1.3\" address=\"" + xml(config.ajpHost())
                        + "\" port=\"" + config.ajpPort() + "\"\n"
                        + "               secretRequired=\"true\" secret=\"" + xml(s) + "\" tomcatAuthentication=\"false\"\n"
                        + "               maxThreads=\"32\" minSpareThreads=\"2\" connectionTimeout=\"20000\" />")
                .orElse("<!-- AJP off: no secret file at " + xml(config.ajpSecretFile().toString()).replace("--", "- -")
                        + " (ajpsecretfile) -->");
        return template.replace(AJP_MARKER, ajp).replace(REFUSED_USERS_MARKER, xml(refusedUsers));
    }

    static void write(Path template, Path target, CollectorConfig config, Optional<String> secret,
                      String refusedUsers) {
        try {
            String text = render(Files.readString(template, StandardCharsets.UTF_8), config, secret, refusedUsers);
            Path temp = Files.createTempFile(target.getParent(), "server", ".xml",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(temp, text, StandardCharsets.UTF_8);
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new ConfigException("Cannot write " + target + " from " + template + ": " + e.getMessage());
        }
    }

    private static String xml(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
