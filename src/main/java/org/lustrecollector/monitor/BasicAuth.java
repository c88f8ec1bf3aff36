package org.lustrecollector.monitor;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * User and password for HTTP basic authentication (a collector behind Apache). The password comes from a
 * file or the environment, never from the command line, where {@code ps} would show it.
 */
public record BasicAuth(String user, String password) {
    /** The environment variable that may hold the password. */
    public static final String PASSWORD_VARIABLE = "LUSTRE_MONITOR_PASSWORD";

    /**
     * @param user         --user, or the user named in the URL; empty means no authentication
     * @param passwordFile --password-file; its first line is the password
     */
    static Optional<BasicAuth> of(Optional<String> user, Optional<Path> passwordFile, Map<String, String> env) {
        Optional<String> password = passwordFile.map(BasicAuth::firstLine)
                .or(() -> Optional.ofNullable(env.get(PASSWORD_VARIABLE)));
        if (user.isEmpty()) {
            if (passwordFile.isPresent()) {
                throw new IllegalArgumentException("--password-file needs a user: --user NAME or http://NAME@host/");
            }
            return Optional.empty();
        }
        if (password.isEmpty()) {
            throw new IllegalArgumentException("user " + user.get() + " needs a password: --password-file FILE or "
                    + PASSWORD_VARIABLE);
        }
        return Optional.of(new BasicAuth(user.get(), password.get()));
    }

    private static String firstLine(Path file) {
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            int end = text.indexOf('\n');
            String line = end < 0 ? text : text.substring(0, end);
            return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the password file " + file + ": " + e.getMessage());
        }
    }

    @Override
    public String toString() {
        return "BasicAuth[user=" + user + "]"; // never the password, should a record ever be logged
    }
}
