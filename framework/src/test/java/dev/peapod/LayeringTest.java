package dev.peapod;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.dependencies.Slice;
import dev.peapod.spi.ReportAttachment;

import java.util.List;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.equivalentTo;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * DESIGN §1's layers, top to bottom; imports point down only:
 * <pre>
 * junit
 * façade: dev.peapod (FakeCluster, ClusterSpec, NodeSpec), assertions, behaviour
 * engine parts: apiserver | controllers | kubelet | scheduler   (never each other: they meet in the store)
 * spi: the plug points and ClusterContext
 * parts: runtime, admission, manifest, printers, events, timeline
 * store
 * time
 * core (PeapodException)
 * </pre>
 * cucumber-steps and reports are other modules, above junit. A package not named here fails the
 * test until it is placed: add it to the layer it belongs to.
 */
@AnalyzeClasses(packages = "dev.peapod", importOptions = ImportOption.DoNotIncludeTests.class)
class LayeringTest {
    private static final String JUNIT = "JUnit extension";
    private static final String FACADE = "Façade";
    private static final String APISERVER = "API server";
    private static final String CONTROLLERS = "Controllers";
    private static final String KUBELET = "Kubelet";
    private static final String SCHEDULER = "Scheduler";
    private static final String SPI = "Plug points";
    private static final String PARTS = "Parts";
    private static final String STORE = "Store";
    private static final String TIME = "Time";
    private static final String CORE = "Core";

    private static final String[] ENGINE_PACKAGES = {
            "dev.peapod.apiserver..", "dev.peapod.controllers..", "dev.peapod.kubelet..", "dev.peapod.scheduler.."};
    private static final List<String> ENGINE_PARTS = List.of("apiserver", "controllers", "kubelet", "scheduler");

    /**
     * Frozen exception: ReportAttachment is handed the finished FakeCluster. It is a plug point for
     * the layers above the façade (the JUnit extension, the Cucumber hooks, peapod-allure), so it
     * should move up out of spi; moving it changes peapod-allure's service file, so it waits for
     * the report work. Nothing else in spi may use the façade.
     */
    private static final DescribedPredicate<JavaClass> REPORT_ATTACHMENT = equivalentTo(ReportAttachment.class);

    @ArchTest
    static final ArchRule layersPointDown = layeredArchitecture()
            .consideringOnlyDependenciesInLayers()
            .layer(JUNIT).definedBy("dev.peapod.junit..")
            .layer(FACADE).definedBy("dev.peapod", "dev.peapod.assertions..", "dev.peapod.behaviour..")
            .optionalLayer(APISERVER).definedBy("dev.peapod.apiserver..")
            .optionalLayer(CONTROLLERS).definedBy("dev.peapod.controllers..")
            .layer(KUBELET).definedBy("dev.peapod.kubelet..")
            .layer(SCHEDULER).definedBy("dev.peapod.scheduler..")
            .layer(SPI).definedBy("dev.peapod.spi..")
            .layer(PARTS).definedBy("dev.peapod.runtime..", "dev.peapod.admission..", "dev.peapod.manifest..",
                    "dev.peapod.printers..", "dev.peapod.events..", "dev.peapod.timeline..")
            .layer(STORE).definedBy("dev.peapod.store..")
            .layer(TIME).definedBy("dev.peapod.time..")
            .layer(CORE).definedBy("dev.peapod.core..")

            .whereLayer(JUNIT).mayNotBeAccessedByAnyLayer()
            .whereLayer(FACADE).mayOnlyBeAccessedByLayers(JUNIT)
            .whereLayer(APISERVER).mayOnlyBeAccessedByLayers(JUNIT, FACADE)
            .whereLayer(CONTROLLERS).mayOnlyBeAccessedByLayers(JUNIT, FACADE)
            .whereLayer(KUBELET).mayOnlyBeAccessedByLayers(JUNIT, FACADE)
            .whereLayer(SCHEDULER).mayOnlyBeAccessedByLayers(JUNIT, FACADE)
            .whereLayer(SPI).mayOnlyBeAccessedByLayers(JUNIT, FACADE, APISERVER, CONTROLLERS, KUBELET, SCHEDULER)
            .whereLayer(PARTS).mayOnlyBeAccessedByLayers(JUNIT, FACADE, APISERVER, CONTROLLERS, KUBELET, SCHEDULER, SPI)
            .whereLayer(STORE).mayOnlyBeAccessedByLayers(JUNIT, FACADE, APISERVER, CONTROLLERS, KUBELET, SCHEDULER, SPI,
                    PARTS)
            .whereLayer(TIME).mayOnlyBeAccessedByLayers(JUNIT, FACADE, APISERVER, CONTROLLERS, KUBELET, SCHEDULER, SPI,
                    PARTS, STORE)
            .whereLayer(CORE).mayOnlyBeAccessedByLayers(JUNIT, FACADE, APISERVER, CONTROLLERS, KUBELET, SCHEDULER, SPI,
                    PARTS, STORE, TIME)
            .ignoreDependency(REPORT_ATTACHMENT, equivalentTo(FakeCluster.class))
            .ensureAllClassesAreContainedInArchitecture();

    /** The same rule for the façade, with its own message: no engine class imports dev.peapod. */
    @ArchTest
    static final ArchRule noEnginePackageImportsTheFacade = noClasses()
            .that().resideOutsideOfPackages("dev.peapod", "dev.peapod.assertions..", "dev.peapod.behaviour..",
                    "dev.peapod.junit..")
            .and(DescribedPredicate.not(REPORT_ATTACHMENT))
            .should().dependOnClassesThat().resideInAPackage("dev.peapod")
            .because("the façade builds the engine; the engine gets values (e.g. kubelet.NodeConfig), never NodeSpec "
                    + "or FakeCluster");

    /** Kubernetes components meet in the store, never call each other. */
    @ArchTest
    static final ArchRule enginePartsDoNotImportEachOther = slices().matching("dev.peapod.(*)..")
            .that(new DescribedPredicate<Slice>("are engine parts " + ENGINE_PARTS) {
                @Override
                public boolean test(Slice slice) {
                    return ENGINE_PARTS.contains(slice.getNamePart(1));
                }
            })
            .should().notDependOnEachOther()
            .because("engine parts meet in the store, as Kubernetes components do (DESIGN §1)");

    /** Plug points are implemented by engine parts and users, never the other way round. */
    @ArchTest
    static final ArchRule spiDoesNotImportEngineParts = noClasses()
            .that().resideInAPackage("dev.peapod.spi..")
            .should().dependOnClassesThat().resideInAnyPackage(ENGINE_PACKAGES);

    /** DESIGN §6: the runtime runs what the kubelet hands it; volume rendering and everything read from the API stay in the kubelet. */
    @ArchTest
    static final ArchRule theRuntimeNeverReadsTheStore = noClasses()
            .that().resideInAPackage("dev.peapod.runtime..")
            .should().dependOnClassesThat().resideInAPackage("dev.peapod.store..")
            .because("a node's runtime never reads the store: the kubelet gives it what it needs (DESIGN §6)");
}
