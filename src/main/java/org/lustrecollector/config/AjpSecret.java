package org.lustrecollector.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The secret Apache httpd's mod_proxy_ajp and Tomcat's AJP connector share. No secret ships with the
 * collector: while the file does not exist, the AJP connector stays off. A file that exists but cannot be
 * used stops start-up, since the administrator clearly meant AJP to be on.
 *
 * <p>16 to 63 characters without spaces or quotes: mod_proxy keeps at most 63, and the value goes into
 * both server.xml and Apache's {@code ProxyPass ... secret=} unquoted. {@code openssl rand -hex 24}
 * makes a good one.
 */
public final class AjpSecret {
    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9._~+/=-]{16,63}");

    private AjpSecret() {
    }

    public static Optional<String> read(Path file) {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        String secret;
        try {
            secret = Files.readString(file, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new ConfigException("Cannot read the AJP secret file " + file + " (ajpsecretfile): "
                    + (e instanceof java.nio.file.AccessDeniedException ? "permission denied" : e.getMessage()));
        }
        if (!VALID.matcher(secret).matches()) {
            throw new ConfigException("Bad AJP secret in " + file + " (ajpsecretfile): expected 16 to 63 letters, "
                    + "digits or ._~+/=- on one line, such as the output of: openssl rand -hex 24");
        }
        return Optional.of(secret);
    }
}
