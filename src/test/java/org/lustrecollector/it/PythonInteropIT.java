package org.lustrecollector.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Python's standard xmlrpc.client against the running WAR: every method, the exact shapes of the
 * answers, the fault codes. The checks live in src/test/python/xmlrpc_interop.py.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class PythonInteropIT {
    private static final CollectorDeployment DEPLOYMENT = CollectorDeployment.prepare("python", "");

    @Deployment(testable = false)
    static WebArchive deployment() {
        return DEPLOYMENT.war();
    }

    @ArquillianResource
    URL url;

    @Test
    void pythonXmlRpcClientSeesTheDocumentedApi() throws IOException, InterruptedException {
        Path script = Path.of("src/test/python/xmlrpc_interop.py").toAbsolutePath();
        Path output = DEPLOYMENT.folder.resolve("python-output.txt");
        Process python = new ProcessBuilder("python3", script.toString(), url.toString(), DEPLOYMENT.trapFile.toString())
                .redirectErrorStream(true)
                .redirectOutput(output.toFile())
                .start();
        assertTrue(python.waitFor(5, TimeUnit.MINUTES), "python script finished");
        String printed = Files.readString(output, StandardCharsets.UTF_8);
        assertEquals(0, python.exitValue(), printed);
        assertTrue(printed.lines().anyMatch(l -> l.matches("\\d+ passed, 0 failed")), printed);
    }
}
