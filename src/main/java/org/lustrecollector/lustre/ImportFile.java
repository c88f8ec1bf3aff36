package org.lustrecollector.lustre;

import java.util.Optional;

/**
 * The parts of an OSP's {@code import} file the collector uses. The file is YAML-like; 2.16 quotes NIDs
 * and adds a {@code nids_stats:} block, so lines are matched by key and quotes stripped rather than the
 * whole file parsed.
 *
 * @param state             the import state: FULL, DISCONN, CONNECTING, ...
 * @param currentConnection NID of the current connection; empty when none
 * @param deactivated       {@code import_flags} has {@code deactive}: an administrator set active=0
 */
public record ImportFile(String state, String currentConnection, boolean deactivated) {

    /** Empty when the text has no {@code state:} line (not an import file, or cut short). */
    public static Optional<ImportFile> parse(String text) {
        String state = null;
        String connection = "";
        boolean deactivated = false;
        int start = 0;
        while (start < text.length()) {
            int end = text.indexOf('\n', start);
            if (end < 0) {
                end = text.length();
            }
            String line = text.substring(start, end).trim();
            start = end + 1;
            if (state == null && line.startsWith("state:")) {
                state = value(line);
            } else if (line.startsWith("current_connection:")) {
                connection = value(line);
            } else if (line.startsWith("import_flags:")) {
                deactivated = line.matches(".*[\\[ ,]deactive[ ,\\]].*");
            }
        }
        if (state == null || state.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new ImportFile(state, "<none>".equals(connection) ? "" : connection, deactivated));
    }

    private static String value(String line) {
        String v = line.substring(line.indexOf(':') + 1).trim();
        if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
            v = v.substring(1, v.length() - 1);
        }
        return v;
    }
}
