package org.lustrecollector.monitor;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;

/**
 * The relay's status file (--relay-status): one JSON object, replaced whole. {@link #write} writes a
 * temporary file in the same folder and renames it over the old one, so that a reader sees the old or the
 * new status, never half of one. {@link #read} takes the fields it knows and skips others.
 */
final class RelayStatusFile {
    /** The file is missing, unreadable or not a relay status; the message says which, in one line. */
    static final class BadStatusException extends Exception {
        BadStatusException(String message) {
            super(message);
        }
    }

    static final String DEFAULT_NAME = "relay-status.json";
    private static final JsonFactory JSON = new JsonFactory();
    private static final int MAX_BYTES = 1 << 20;

    private final Path path;

    RelayStatusFile(Path path) {
        this.path = path.toAbsolutePath();
    }

    Path path() {
        return path;
    }

    /** Replaces the file with {@code status}; the file is as before when this throws. */
    void write(RelayStatus status) throws IOException {
        try {
            replace(status);
        } catch (NoSuchFileException e) {
            throw new IOException("no folder " + path.getParent(), e);
        } catch (AccessDeniedException e) {
            throw new IOException("permission denied in " + path.getParent(), e);
        } catch (FileSystemException e) {
            // the message would name the temporary file, which changes each time
            throw new IOException((e.getReason() == null ? e.getClass().getSimpleName() : e.getReason()) + " in "
                    + path.getParent(), e);
        }
    }

    private void replace(RelayStatus status) throws IOException {
        Path temp = Files.createTempFile(path.getParent(), "." + path.getFileName(), ".tmp");
        try {
            try (OutputStream out = Files.newOutputStream(temp);
                    JsonGenerator g = JSON.createGenerator(out, JsonEncoding.UTF8)) {
                g.useDefaultPrettyPrinter();
                g.writeStartObject();
                g.writeStringField("started", status.started().toString());
                g.writeStringField("written", status.written().toString());
                g.writeBooleanField("running", status.running());
                g.writeNumberField("active", status.active());
                g.writeNumberField("letGo", status.letGo());
                g.writeArrayFieldStart("alertmanagers");
                for (RelayStatus.Target t : status.alertmanagers()) {
                    g.writeStartObject();
                    g.writeStringField("url", t.url());
                    g.writeNumberField("sent", t.sent());
                    g.writeNumberField("failed", t.failed());
                    g.writeNumberField("discarded", t.discarded());
                    g.writeNumberField("waiting", t.waiting());
                    g.writeStringField("lastError", t.lastError());
                    g.writeEndObject();
                }
                g.writeEndArray();
                g.writeEndObject();
            }
            try {
                Files.move(temp, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, path, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** The status in the file. */
    RelayStatus read() throws BadStatusException {
        byte[] bytes;
        try {
            if (Files.size(path) > MAX_BYTES) {
                throw new BadStatusException(path + " is not a relay status: larger than " + MAX_BYTES + " bytes");
            }
            bytes = Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            throw new BadStatusException("no relay status at " + path + ": relay not running?");
        } catch (IOException e) {
            throw new BadStatusException("relay status " + path + " not readable: "
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
        }
        if (bytes.length == 0) {
            throw new BadStatusException(path + " is not a relay status: empty");
        }
        try (JsonParser p = JSON.createParser(bytes)) {
            return parse(p);
        } catch (JsonProcessingException e) {
            throw new BadStatusException(path + " is not a relay status: " + e.getOriginalMessage());
        } catch (IOException | DateTimeException | IllegalStateException e) {
            throw new BadStatusException(path + " is not a relay status: " + e.getMessage());
        }
    }

    private RelayStatus parse(JsonParser p) throws IOException {
        expect(p.nextToken() == JsonToken.START_OBJECT, "not a JSON object");
        Instant started = null;
        Instant written = null;
        boolean running = false;
        int active = 0;
        long letGo = 0;
        List<RelayStatus.Target> targets = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken value = p.nextToken();
            switch (field) {
                case "started" -> started = Instant.parse(text(p, value, field));
                case "written" -> written = Instant.parse(text(p, value, field));
                case "running" -> {
                    expect(value.isBoolean(), "running is not true or false");
                    running = p.getBooleanValue();
                }
                case "active" -> active = (int) number(p, value, field, Integer.MAX_VALUE);
                case "letGo" -> letGo = number(p, value, field, Long.MAX_VALUE);
                case "alertmanagers" -> targets = targets(p, value);
                default -> p.skipChildren();
            }
        }
        expect(started != null && written != null && targets != null,
                "started, written or alertmanagers missing");
        return new RelayStatus(started, written, running, active, letGo, targets);
    }

    private static List<RelayStatus.Target> targets(JsonParser p, JsonToken value) throws IOException {
        expect(value == JsonToken.START_ARRAY, "alertmanagers is not a list");
        List<RelayStatus.Target> targets = new ArrayList<>();
        while (p.nextToken() == JsonToken.START_OBJECT) {
            String url = null;
            long sent = 0;
            long failed = 0;
            long discarded = 0;
            int waiting = 0;
            String lastError = "";
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken v = p.nextToken();
                switch (field) {
                    case "url" -> url = text(p, v, field);
                    case "sent" -> sent = number(p, v, field, Long.MAX_VALUE);
                    case "failed" -> failed = number(p, v, field, Long.MAX_VALUE);
                    case "discarded" -> discarded = number(p, v, field, Long.MAX_VALUE);
                    case "waiting" -> waiting = (int) number(p, v, field, Integer.MAX_VALUE);
                    case "lastError" -> lastError = text(p, v, field);
                    default -> p.skipChildren();
                }
            }
            expect(url != null, "an Alertmanager without url");
            targets.add(new RelayStatus.Target(url, sent, failed, discarded, waiting, lastError));
        }
        expect(p.currentToken() == JsonToken.END_ARRAY, "alertmanagers holds something else than objects");
        return targets;
    }

    private static String text(JsonParser p, JsonToken value, String field) throws IOException {
        expect(value == JsonToken.VALUE_STRING, field + " is not a string");
        return p.getText();
    }

    private static long number(JsonParser p, JsonToken value, String field, long max) throws IOException {
        expect(value == JsonToken.VALUE_NUMBER_INT, field + " is not a whole number");
        long n = p.getLongValue();
        expect(n >= 0 && n <= max, field + " out of range: " + n);
        return n;
    }

    private static void expect(boolean ok, String problem) {
        if (!ok) {
            throw new IllegalStateException(problem);
        }
    }
}
