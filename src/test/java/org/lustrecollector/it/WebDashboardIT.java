package org.lustrecollector.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
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
 * collectors in the managed Tomcat, each with a fixture Lustre tree (the same filesystem) and a trap file;
 * headless Chromium loads the page. A trap written to both trap files shows once within 2 s of its writing;
 * a collector undeployed shows as down, then up again; a target disconnected in the
 * trees turns its tile red; a trap whose message is markup shows as text and runs nothing. A screenshot is
 * left in target/web-dashboard.png.
 */
@ExtendWith(ArquillianExtension.class)
class WebDashboardIT {
    private static final Path IT = Path.of(TomcatItSupport.prop("it.war")).getParent().resolve("it");
    private static final LustreTreeWriter TREE_A = tree(IT.resolve("web-a-root"));
    private static final LustreTreeWriter TREE_B = tree(IT.resolve("web-b-root"));
    private static final CollectorDeployment A = CollectorDeployment.prepare("web-a",
            "lustreroot = " + TREE_A.root().toAbsolutePath() + "\ninterval = 1s\n");
    private static final CollectorDeployment B = CollectorDeployment.prepare("web-b",
            "lustreroot = " + TREE_B.root().toAbsolutePath() + "\ninterval = 1s\n");
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
            saveScreenshot(driver);

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
        } finally {
            monitor.stop();
            deployer.undeploy("web-b");
        }
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

    private static void saveScreenshot(ChromeDriver driver) throws IOException {
        Path png = driver.getScreenshotAs(OutputType.FILE).toPath();
        Path target = Path.of(TomcatItSupport.prop("it.war")).getParent().resolve("web-dashboard.png");
        Files.copy(png, target, StandardCopyOption.REPLACE_EXISTING);
    }
}
