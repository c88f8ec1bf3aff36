package org.lustrecollector.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.xmlrpc.XmlRpcException;
import org.jboss.arquillian.container.test.api.Deployer;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.lustrecollector.demo.lustretree.LustreTreeWriter;
import org.lustrecollector.demo.lustretree.NodeCondition;
import org.lustrecollector.demo.lustretree.TreeLayout;
import org.lustrecollector.monitor.MonitorRun;
import org.openqa.selenium.By;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The web view in a real browser: lustre-monitor --web watching the two MDS nodes of a pair, real
 * collectors in the managed Tomcat, each with a fixture Lustre tree (the same filesystem), a trap file and a
 * kernel log; headless Chromium loads the page. A trap written to both trap files shows once within 2 s of its
 * writing; a collector undeployed shows as down, then up again; a target disconnected in the trees turns its
 * tile red; a trap whose message is markup shows as text and runs nothing; an OSS crash in
 * both collectors' kernel logs shows as one outage above the filesystems, and its recovery lines mark it
 * ended. Screenshots are left in target/web-dashboard.png and, with the outage, target/web-dashboard-outage.png.
 */
@ExtendWith(ArquillianExtension.class)
class WebDashboardIT {
    private static final Path IT = Path.of(TomcatItSupport.prop("it.war")).getParent().resolve("it");
    private static final LustreTreeWriter TREE_A = tree(IT.resolve("web-a-root"));
    private static final LustreTreeWriter TREE_B = tree(IT.resolve("web-b-root"));
    private static final Path KERNEL_LOG_A = emptyFile(IT.resolve("web-a-kernel.log"));
    private static final Path KERNEL_LOG_B = emptyFile(IT.resolve("web-b-kernel.log"));
    private static final CollectorDeployment A = CollectorDeployment.prepare("web-a",
            "lustreroot = " + TREE_A.root().toAbsolutePath() + "\ninterval = 1s\nkernellog = " + KERNEL_LOG_A + "\n");
    private static final CollectorDeployment B = CollectorDeployment.prepare("web-b",
            "lustreroot = " + TREE_B.root().toAbsolutePath() + "\ninterval = 1s\nkernellog = " + KERNEL_LOG_B + "\n");
    /** The crashed OSS of the outage: its NID and its eight OSTs. */
    private static final String OSS_NID = "10.0.3.17@o2ib";
    private static final List<String> OSS_TARGETS = List.of("webfs-OST0010", "webfs-OST0011", "webfs-OST0012",
            "webfs-OST0013", "webfs-OST0014", "webfs-OST0015", "webfs-OST0016", "webfs-OST0017");
    private static final Duration PATIENCE = Duration.ofSeconds(60);
    /** The drawn colours of tiles.js: responding and not responding. */
    private static final String GREEN = "rgb(46,158,68)";
    private static final String RED = "rgb(214,40,40)";

    private static LustreTreeWriter tree(Path root) {
        try {
            return LustreTreeWriter.at(root, TreeLayout.V2_15).withDebugfs(false).fileSystem("webfs", 1, 1, 24)
                    .write();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path emptyFile(Path file) {
        try {
            Files.createDirectories(file.getParent());
            Files.deleteIfExists(file);
            return Files.createFile(file).toAbsolutePath();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Deployment(name = "web-a", testable = false)
    static WebArchive webA() {
        return A.war();
    }

    /** Undeployed and deployed again by the test: a collector that goes and comes back. */
    @Deployment(name = "web-b", managed = false, testable = false)
    static WebArchive webB() {
        return B.war();
    }

    @ArquillianResource
    Deployer deployer;

    private static String url(CollectorDeployment d) {
        try {
            return TomcatItSupport.contextUrl("/" + d.name).toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Test
    void thePageShowsTrapsCollectorsAndTargetsLiveAndCollectorTextAsText() throws Exception {
        deployer.deploy("web-b");
        int port = freePort();
        MonitorRun monitor = MonitorRun.start(Map.of(), "--interval", "1", "--web", "127.0.0.1:" + port, url(A), url(B));
        try (HeadlessChromium chromium = new HeadlessChromium(1400, 1000)) {
            ChromeDriver driver = chromium.driver();
            String page = "http://127.0.0.1:" + port + "/";
            TomcatItSupport.awaitCondition("the web view listening", PATIENCE, () -> monitor.err().contains(page));
            driver.get(page);
            WebDriverWait wait = new WebDriverWait(driver, PATIENCE);
            wait.until(d -> !d.findElements(By.cssSelector(".fs[data-fs='webfs'] canvas.tiles")).isEmpty());
            wait.until(d -> d.findElement(By.id("connection")).getText().equals("live"));
            wait.until(d -> GREEN.equals(tileColour(driver, "webfs-OST0002")));
            wait.until(d -> collectorState(driver, url(A)).equals("up") && collectorState(driver, url(B)).equals("up"));

            // a trap of both MDS nodes (same id): once, within 2 s of its writing to the trap files
            String p = UUID.randomUUID().toString().substring(0, 8);
            long now = System.currentTimeMillis() / 1000;
            String pairTrap = TrapFileWriter.line(p + "-pair", now, 2, "webfs", "webfs-OST0005",
                    p + " connection lost on both");
            TrapFileWriter.append(A.trapFile, pairTrap);
            TrapFileWriter.append(B.trapFile, pairTrap);
            new WebDriverWait(driver, Duration.ofSeconds(2)).until(d -> rowsContaining(driver, p).size() == 1);
            awaitServed(A, p + "-pair");
            awaitServed(B, p + "-pair");
            List<String> row = rowsContaining(driver, p).get(0);
            assertEquals("sev-CRITICAL", row.get(0));
            assertEquals(1, rowsContaining(driver, p).size(), "once across the pair");

            // markup in a message is text, and runs nothing
            String xss = "<img src=x onerror=alert(1)>";
            TrapFileWriter.append(A.trapFile, TrapFileWriter.line(p + "-xss", now, 3, "webfs", "webfs-MDT0000", xss));
            wait.until(d -> !rowsContaining(driver, xss).isEmpty());
            assertEquals(xss, rowsContaining(driver, xss).get(0).get(1));
            assertTrue(driver.findElements(By.cssSelector("#traps img")).isEmpty(), "no element made of the message");
            assertThrows(NoAlertPresentException.class, () -> driver.switchTo().alert());

            // a target disconnected in the trees: its tile turns red
            TREE_A.condition("webfs-OST0002", NodeCondition.DISCONNECTED);
            TREE_B.condition("webfs-OST0002", NodeCondition.DISCONNECTED);
            wait.until(d -> RED.equals(tileColour(driver, "webfs-OST0002")));
            wait.until(d -> "red".equals(light(driver)));
            saveScreenshot(driver, "web-dashboard.png");

            // a collector that goes away and comes back
            deployer.undeploy("web-b");
            wait.until(d -> collectorState(driver, url(B)).equals("down"));
            assertEquals("up", collectorState(driver, url(A)));
            assertEquals(RED, tileColour(driver, "webfs-OST0002"), "the map stays, from mds a");
            deployer.deploy("web-b");
            wait.until(d -> collectorState(driver, url(B)).equals("up"));
            TREE_A.condition("webfs-OST0002", NodeCondition.FULL);
            TREE_B.condition("webfs-OST0002", NodeCondition.FULL);
            wait.until(d -> GREEN.equals(tileColour(driver, "webfs-OST0002")));

            // an OSS crash as both MDSs' kernels log it: one outage of the pair, shown above the filesystems
            assertTrue(outages(driver).isEmpty(), "no outage before: " + outages(driver));
            String lost = consoleLines(OSS_TARGETS, System.currentTimeMillis() / 1000, false);
            appendTo(KERNEL_LOG_A, lost.replace(" mdsX ", " mds1 "));
            appendTo(KERNEL_LOG_B, lost.replace(" mdsX ", " mds2 "));
            wait.until(d -> outages(driver).size() == 1 && outages(driver).get(0).get(4).contains(url(B))
                    && outages(driver).get(0).get(4).contains(url(A)));
            List<String> outage = outages(driver).get(0);
            assertEquals(List.of("server", OSS_NID, "true"), outage.subList(0, 3), outage.toString());
            assertTrue(outage.get(3).startsWith("Server " + OSS_NID + ": 8 targets lost "), outage.get(3));
            assertTrue(outage.get(3).contains(" ago (webfs) — webfs-OST0010 … 0014 and 3 more"), outage.get(3));
            assertEquals("true", outageSection(driver).get(0), "shown");
            assertEquals("true", outageSection(driver).get(1), "as active");
            assertEquals("1 active outage", outageSection(driver).get(2));
            assertTrue((Boolean) driver.executeScript("return document.getElementById('outages-section')"
                    + ".compareDocumentPosition(document.getElementById('filesystems-section'))"
                    + " === Node.DOCUMENT_POSITION_FOLLOWING"), "above the filesystems");
            saveScreenshot(driver, "web-dashboard-outage.png");

            // the OSS back: the outage is over, muted, with how long it lasted
            String restored = consoleLines(OSS_TARGETS, System.currentTimeMillis() / 1000, true);
            appendTo(KERNEL_LOG_A, restored.replace(" mdsX ", " mds1 "));
            appendTo(KERNEL_LOG_B, restored.replace(" mdsX ", " mds2 "));
            wait.until(d -> outages(driver).size() == 1 && outages(driver).get(0).get(2).equals("false"));
            List<String> ended = outages(driver).get(0);
            assertTrue(ended.get(3).startsWith("Server " + OSS_NID + ": 8 targets lost at "), ended.get(3));
            assertTrue(ended.get(3).contains(" ago (webfs)") && ended.get(3).contains(", back "), ended.get(3));
            assertEquals("false", outageSection(driver).get(1), "no longer active");
            assertEquals("1 ended in the last hour", outageSection(driver).get(2));
        } finally {
            monitor.stop();
            deployer.undeploy("web-b");
        }
    }

    /**
     * Console lines of the MDS losing (or regaining) its connections to the targets, in the wording of
     * lustre/ptlrpc/import.c v2_15_0 (ptlrpc_set_import_discon(), ptlrpc_connect_interpret()), as rsyslog
     * writes them; the host is {@code mdsX}, for the caller to name.
     */
    private static String consoleLines(List<String> targets, long when, boolean restored) {
        String iso = Instant.ofEpochSecond(when).toString();
        String stamp = iso.substring(0, iso.length() - 1) + ".000000+00:00";
        StringBuilder lines = new StringBuilder();
        for (String t : targets) {
            lines.append(stamp).append(" mdsX kernel: Lustre: ").append(t).append("-osc-MDT0000: ")
                    .append(restored ? "Connection restored to " + OSS_NID + " (at " + OSS_NID + ")"
                            : "Connection to " + t + " (at " + OSS_NID + ") was lost; in progress operations using "
                                    + "this service will wait for recovery to complete")
                    .append('\n');
        }
        return lines.toString();
    }

    private static void appendTo(Path kernelLog, String lines) throws IOException {
        Files.writeString(kernelLog, lines, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    }

    /** The outages listed on the page: [kind, key, active, text, reporting collectors] each. */
    @SuppressWarnings("unchecked")
    private static List<List<String>> outages(ChromeDriver driver) {
        return (List<List<String>>) driver.executeScript("return [...document.querySelectorAll('#outages li.outage')]"
                + ".map((li) => [li.dataset.kind, li.dataset.key, li.dataset.active, li.textContent, li.title]);");
    }

    /** The outage section: [shown, marked active, its summary line]. */
    @SuppressWarnings("unchecked")
    private static List<String> outageSection(ChromeDriver driver) {
        return (List<String>) driver.executeScript("const s = document.getElementById('outages-section');"
                + " return [String(!s.hidden && s.offsetHeight > 0), String(s.classList.contains('active')),"
                + " s.querySelector('.outages-summary').textContent];");
    }

    private static String tileColour(ChromeDriver driver, String target) {
        return (String) driver.executeScript("return window.lustreDashboard.tileColour('webfs', arguments[0])", target);
    }

    /** Read in the page in one go: the page redraws its tables as events come, so elements go stale. */
    private static String collectorState(ChromeDriver driver, String url) {
        return (String) driver.executeScript("const r = [...document.querySelectorAll('#collectors tr.collector')]"
                + ".find((r) => r.dataset.url === arguments[0]); return r ? r.dataset.state : '';", url);
    }

    /** The trap rows whose text contains {@code text}: [class, message cell's text] each. */
    @SuppressWarnings("unchecked")
    private static List<List<String>> rowsContaining(ChromeDriver driver, String text) {
        return (List<List<String>>) driver.executeScript("return [...document.querySelectorAll('#traps tbody tr')]"
                + ".filter((r) => r.textContent.includes(arguments[0]))"
                + ".map((r) => [r.className, r.querySelector('td.message').textContent]);", text);
    }

    private static String light(ChromeDriver driver) {
        return (String) driver.executeScript("const c = document.querySelector(\".fs[data-fs='webfs']\");"
                + " return c ? c.dataset.light : '';");
    }

    private static void awaitServed(CollectorDeployment d, String id) {
        TomcatItSupport.awaitCondition(d.name + " serves " + id, PATIENCE, () -> {
            try {
                for (Object row : (Object[]) ((Object[]) TomcatItSupport.call(new URL(url(d)), "getTraps", 0))[0]) {
                    if (id.equals(((Object[]) row)[4])) {
                        return true;
                    }
                }
                return false;
            } catch (XmlRpcException | IOException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private static void saveScreenshot(ChromeDriver driver, String name) throws IOException {
        Path png = driver.getScreenshotAs(OutputType.FILE).toPath();
        Path target = Path.of(TomcatItSupport.prop("it.war")).getParent().resolve(name);
        Files.copy(png, target, StandardCopyOption.REPLACE_EXISTING);
    }
}
