package org.lustrecollector.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.importer.ZipImporter;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/**
 * The built WAR, deployed under its own name with its own configuration file, as a site would configure
 * a drop-in WAR: a {@code lustre.collector.filename} context parameter in {@code META-INF/context.xml}.
 * Each IT class gets its own trap file and store, so they can share one Tomcat.
 */
final class CollectorDeployment {
    private static final String KERNEL_LOG = "lustre-kernel.log";

    final String name;
    final Path folder;
    final Path trapFile;
    final Path configFile;
    /** Configured only by {@link #prepareWithKernelLog}. */
    final Path kernelLog;

    private CollectorDeployment(String name, Path folder) {
        this.name = name;
        this.folder = folder;
        this.trapFile = folder.resolve("traps");
        this.configFile = folder.resolve("config");
        this.kernelLog = folder.resolve(KERNEL_LOG);
    }

    private static Path folderOf(String name) {
        return Path.of(TomcatItSupport.prop("it.war")).getParent().resolve("it").resolve(name).toAbsolutePath();
    }

    /** As {@link #prepare}, with an empty kernel log configured as a second source. */
    static CollectorDeployment prepareWithKernelLog(String name) {
        CollectorDeployment d = prepare(name, "kernellog = " + folderOf(name).resolve(KERNEL_LOG) + "\n");
        try {
            Files.deleteIfExists(d.kernelLog);
            Files.createFile(d.kernelLog);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return d;
    }

    /** A fresh folder under target/it/NAME holding the configuration and an empty trap file. */
    static CollectorDeployment prepare(String name, String extraConfig) {
        Path folder = folderOf(name);
        CollectorDeployment d = new CollectorDeployment(name, folder);
        try {
            Files.createDirectories(folder);
            Files.deleteIfExists(d.trapFile);
            Files.createFile(d.trapFile);
            Files.writeString(d.configFile, "; written by " + CollectorDeployment.class.getSimpleName() + "\n"
                    + "trapfile = " + d.trapFile + "\n"
                    + "trapfilemode = regular\n"
                    + extraConfig);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return d;
    }

    WebArchive war() {
        return ShrinkWrap.create(ZipImporter.class, name + ".war")
                .importFrom(TomcatItSupport.builtWar())
                .as(WebArchive.class)
                .addAsManifestResource(new StringAsset("<Context>\n"
                        + "  <Parameter name=\"lustre.collector.filename\" value=\"" + configFile
                        + "\" override=\"false\"/>\n</Context>\n"), "context.xml");
    }
}
