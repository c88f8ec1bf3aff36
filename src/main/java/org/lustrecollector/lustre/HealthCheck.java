package org.lustrecollector.lustre;

import java.util.Optional;

/**
 * This node's {@code health_check}: {@code healthy}, {@code NOT HEALTHY} or {@code LBUG} on 2.13+; on 2.9
 * and older an optional LBUG line and device lines, then {@code healthy} or {@code NOT HEALTHY}.
 */
public enum HealthCheck {
    HEALTHY("healthy"), NOT_HEALTHY("NOT HEALTHY"), LBUG("LBUG");

    private final String text;

    HealthCheck(String text) {
        this.text = text;
    }

    /** The word the file shows. */
    public String text() {
        return text;
    }

    /** Empty when the text is none of the known forms. */
    public static Optional<HealthCheck> parse(String content) {
        String last = "";
        for (String line : content.split("\n")) {
            String l = line.trim();
            if (l.startsWith("LBUG")) {
                return Optional.of(LBUG);
            }
            if (!l.isEmpty()) {
                last = l;
            }
        }
        return switch (last) {
            case "healthy" -> Optional.of(HEALTHY);
            case "NOT HEALTHY" -> Optional.of(NOT_HEALTHY);
            default -> Optional.empty();
        };
    }
}
