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
    final String name;
    final Path folder;
    final Path trapFile;
    final Path configFile;

    private CollectorDeployment(String name, Path folder) {
        this.name = name;
        this.folder = folder;
        this.trapFile = folder.resolve("traps");
        this.configFile = folder.resolve("config");
    }

    /** A fresh folder under target/it/NAME holding the configuration and an empty trap file. */
    static CollectorDeployment prepare(String name, String extraConfig) {
        Path folder = Path.of(TomcatItSupport.prop("it.war")).getParent().resolve("it").resolve(name);
        CollectorDeployment d = new CollectorDeployment(name, folder.toAbsolutePath());
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
