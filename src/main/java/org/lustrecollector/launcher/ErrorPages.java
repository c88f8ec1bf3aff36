package org.lustrecollector.launcher;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The error pages of the collector's own Tomcat, for what its connectors and valves answer before (or
 * without) the web application: a malformed request (400), an unsupported HTTP version (505), a peer outside
 * the allow list (RemoteCIDRValve, 403), TRACE (405). The instance's server.xml points Tomcat's
 * ErrorReportValve at them ({@code errorCode.NNN}, {@code errorCode.0} for any other status), so every error
 * reads as the web application's own page does, {@code HTTP <status>}, with no Tomcat name, version or
 * report. Written into the instance at each start ({@code conf/errors/}).
 */
final class ErrorPages {
    /** The statuses with a page of their own; any other gets {@code error.html}. */
    static final List<Integer> STATUSES = List.of(400, 403, 404, 405, 408, 411, 413, 414, 417, 431, 500, 501, 503, 505);
    static final String FOLDER = "conf/errors";

    private ErrorPages() {
    }

    static void write(Path base) throws IOException {
        Path folder = base.resolve(FOLDER);
        Files.createDirectories(folder);
        for (int status : STATUSES) {
            Files.writeString(folder.resolve(status + ".html"), page(status), StandardCharsets.UTF_8);
        }
        Files.writeString(folder.resolve("error.html"), "HTTP error\n", StandardCharsets.UTF_8);
    }

    /** The same words as the web application's error page (AccessFilter): the status alone. */
    static String page(int status) {
        return "HTTP " + status + "\n";
    }
}
