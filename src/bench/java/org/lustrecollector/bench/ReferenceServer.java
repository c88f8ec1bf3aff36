package org.lustrecollector.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One Python reference server of the polling comparison ({@code src/bench/reference_server.py}), run
 * as a child process on a loopback port.
 */
final class ReferenceServer implements AutoCloseable {
    /** The kinds reference_server.py serves, in the order the report lists them. */
    enum Kind {
        STDLIB("python-stdlib", "stdlib", "xmlrpc"),
        THREADING("python-threading", "threading", "xmlrpc"),
        TWISTED("python-twisted", "twisted", "twisted.web.xmlrpc");

        final String label;
        final String argument;
        final String module;

        Kind(String label, String argument, String module) {
            this.label = label;
            this.argument = argument;
            this.module = module;
        }
    }

    /** Where Debian's python3-* packages go when python3 on the PATH is another one (pyenv, venv). */
    private static final List<String> PYTHONS = List.of("python3", "/usr/bin/python3");

    private final Kind kind;
    private final Process process;
    private final InetSocketAddress address;

    private ReferenceServer(Kind kind, Process process, InetSocketAddress address) {
        this.kind = kind;
        this.process = process;
        this.address = address;
    }

    /** The first Python that can import the kind's module, if any. */
    static Optional<String> python(Kind kind) {
        for (String python : PYTHONS) {
            try {
                Process p = new ProcessBuilder(python, "-c", "import " + kind.module).redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                if (p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0) {
                    return Optional.of(python);
                }
            } catch (IOException | InterruptedException notThisOne) {
                // Not installed there: try the next.
            }
        }
        return Optional.empty();
    }

    static ReferenceServer start(Kind kind, String python, Path script, Path trapsJson, int port, Path log)
            throws IOException {
        Process process = new ProcessBuilder(python, script.toString(), "--port", String.valueOf(port),
                "--traps", trapsJson.toString(), "--kind", kind.argument)
                .redirectError(log.toFile()).start();
        ReferenceServer server = new ReferenceServer(kind, process, new InetSocketAddress("127.0.0.1", port));
        CompletableFuture<String> ready = CompletableFuture.supplyAsync(() -> {
            try {
                return new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))
                        .readLine();
            } catch (IOException e) {
                return null;
            }
        });
        try {
            String line = ready.get(30, TimeUnit.SECONDS);
            if (!"ready".equals(line)) {
                throw new IOException(kind.label + " did not start; see " + log);
            }
        } catch (InterruptedException | ExecutionException | TimeoutException e) {
            server.close();
            throw new IOException(kind.label + " did not start within 30 s; see " + log, e);
        } catch (IOException e) {
            server.close();
            throw e;
        }
        return server;
    }

    Kind kind() {
        return kind;
    }

    InetSocketAddress address() {
        return address;
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
