package org.lustrecollector;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackages;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.type;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The layers of docs/architecture.md, checked on the compiled main classes: the trap domain at the
 * bottom, the sources above it and independent of each other, the collector loop that wires them, RPC,
 * metrics and web on top; the monitor and the launcher reach the collector's code only through the shared API.
 */
class ArchitectureTest {
    private static final String ROOT = "org.lustrecollector";
    private static JavaClasses classes;

    @BeforeAll
    static void importMainClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(ROOT);
    }

    @Test
    void noPackageCycles() {
        slices().matching(ROOT + ".(**)").should().beFreeOfCycles().check(classes);
    }

    @Test
    void layersPointOneWay() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("api").definedBy(ROOT + ".api..")
                .layer("trap").definedBy(ROOT + ".trap..")
                .layer("logging").definedBy(ROOT + ".logging..")
                .layer("follow").definedBy(ROOT + ".follow..")
                .layer("source").definedBy(ROOT + ".source..")
                .layer("trapfile").definedBy(ROOT + ".trapfile..")
                .layer("kernellog").definedBy(ROOT + ".kernellog..")
                .layer("lustre").definedBy(ROOT + ".lustre..")
                .layer("outage").definedBy(ROOT + ".outage..")
                .layer("config").definedBy(ROOT + ".config..")
                .layer("demo").definedBy(ROOT + ".demo..")
                .layer("collector").definedBy(ROOT + ".collector..")
                .layer("rpc").definedBy(ROOT + ".rpc..")
                .layer("web").definedBy(ROOT + ".web..")
                .layer("metrics").definedBy(ROOT + ".metrics..")
                .layer("monitor").definedBy(ROOT + ".monitor..")
                .layer("launcher").definedBy(ROOT + ".launcher..")

                .whereLayer("launcher").mayNotBeAccessedByAnyLayer()
                .whereLayer("monitor").mayNotBeAccessedByAnyLayer()
                .whereLayer("web").mayNotBeAccessedByAnyLayer()
                .whereLayer("metrics").mayNotBeAccessedByAnyLayer()
                .whereLayer("rpc").mayOnlyBeAccessedByLayers("web")
                .whereLayer("collector").mayOnlyBeAccessedByLayers("rpc", "web", "metrics")
                .whereLayer("demo").mayOnlyBeAccessedByLayers("web")
                .whereLayer("config").mayOnlyBeAccessedByLayers("collector", "rpc", "web", "demo", "launcher")
                .whereLayer("trapfile").mayOnlyBeAccessedByLayers("collector", "config")
                .whereLayer("kernellog").mayOnlyBeAccessedByLayers("collector")
                .whereLayer("outage").mayOnlyBeAccessedByLayers("collector", "rpc")
                .whereLayer("lustre").mayOnlyBeAccessedByLayers("collector", "rpc", "demo", "metrics")
                .whereLayer("source").mayOnlyBeAccessedByLayers("trapfile", "kernellog", "lustre", "outage", "collector",
                        "rpc", "metrics")
                .whereLayer("follow").mayOnlyBeAccessedByLayers("trapfile", "kernellog")
                .whereLayer("trap").mayOnlyBeAccessedByLayers("source", "trapfile", "kernellog", "lustre", "outage",
                        "collector", "rpc", "metrics")
                .check(classes);
    }

    @Test
    void theTrapDomainDependsOnlyOnTheSharedApiAndTheJdk() {
        classes().that().resideInAPackage(ROOT + ".trap..")
                .should().onlyDependOnClassesThat().resideInAnyPackage(ROOT + ".trap..", ROOT + ".api..", "java..")
                .check(classes);
    }

    /** The outage detector is a peer of the sources: it hears their signals and knows nothing of any source. */
    @Test
    void theOutageDetectorUsesOnlySourceTrapApiAndLogging() {
        noClasses().that().resideInAPackage(ROOT + ".outage..")
                .should().dependOnClassesThat(resideInAPackage(ROOT + "..")
                        .and(resideOutsideOfPackages(ROOT + ".outage..", ROOT + ".source..", ROOT + ".trap..",
                                ROOT + ".api..", ROOT + ".logging..")))
                .check(classes);
    }

    @Test
    void theSharedApiDependsOnlyOnTheJdk() {
        classes().that().resideInAPackage(ROOT + ".api..")
                .should().onlyDependOnClassesThat().resideInAnyPackage(ROOT + ".api..", "java..")
                .check(classes);
    }

    /** What lustre-monitor.jar packs of the project: its own classes and the API (src/assembly/lustre-monitor.xml). */
    @Test
    void theMonitorUsesOnlyTheSharedApi() {
        noClasses().that().resideInAPackage(ROOT + ".monitor..")
                .should().dependOnClassesThat(resideInAPackage(ROOT + "..")
                        .and(resideOutsideOfPackages(ROOT + ".monitor..", ROOT + ".api..")))
                .check(classes);
    }

    /** What lustre-collector-cli.jar packs of the project (src/assembly/lustre-collector-cli.xml). */
    @Test
    void theLauncherUsesOnlyTheConfigurationAndTheSharedApi() {
        noClasses().that().resideInAPackage(ROOT + ".launcher..")
                .should().dependOnClassesThat(resideInAPackage(ROOT + "..")
                        .and(resideOutsideOfPackages(ROOT + ".launcher..", ROOT + ".config..", ROOT + ".api..")))
                .check(classes);
    }

    /** The configuration reaches into one source only for the trap file's reading mode, its option's value. */
    @Test
    void theConfigurationUsesOnlyTheApiAndTheTrapFileMode() {
        noClasses().that().resideInAPackage(ROOT + ".config..")
                .should().dependOnClassesThat(resideInAPackage(ROOT + "..")
                        .and(resideOutsideOfPackages(ROOT + ".config..", ROOT + ".api.."))
                        .and(not(type(org.lustrecollector.trapfile.TrapFileMode.class))))
                .check(classes);
    }
}
