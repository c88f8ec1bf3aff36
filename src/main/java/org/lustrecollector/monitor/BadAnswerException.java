package org.lustrecollector.monitor;

/** The server answered, but not as a collector does ({@code docs/api.md}): a wrong URL, or not a collector. */
public final class BadAnswerException extends Exception {
    private static final long serialVersionUID = 1L;

    BadAnswerException(String message) {
        super(message);
    }
}
