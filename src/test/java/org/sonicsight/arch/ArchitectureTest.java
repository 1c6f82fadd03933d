package org.sonicsight.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The package boundaries from the README, enforced. */
class ArchitectureTest {

    static JavaClasses classes;

    @BeforeAll
    static void load() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.sonicsight");
    }

    @Test
    void coreKnowsNoFaces() {
        noClasses().that().resideInAPackage("org.sonicsight.core..")
                .should().dependOnClassesThat().resideInAnyPackage("javafx..", "io.javalin..", "org.eclipse.jetty..",
                        "org.sonicsight.ui..", "org.sonicsight.web..", "org.sonicsight.cli..", "org.sonicsight.app..", "picocli..")
                .check(classes);
    }

    /** Every package is a slice; none may reach back to one that depends on it (jdeps shows the same graph). */
    @Test
    void packagesAreFreeOfCycles() {
        slices().matching("org.sonicsight.(**)").should().beFreeOfCycles().check(classes);
    }

    /**
     * The faces (desktop/kiosk, web, CLI) know only the core: none imports another, and none imports the
     * composition root ({@code app}), which is the one place that wires them together.
     */
    @Test
    void facesAreIndependent() {
        String[] faces = {"org.sonicsight.ui..", "org.sonicsight.web..", "org.sonicsight.cli.."};
        for (String face : faces) {
            java.util.List<String> others = new java.util.ArrayList<>(java.util.List.of(faces));
            others.remove(face);
            others.add("org.sonicsight.app..");
            noClasses().that().resideInAPackage(face)
                    .should().dependOnClassesThat().resideInAnyPackage(others.toArray(String[]::new))
                    .check(classes);
        }
    }

    /** Faces ask a classifier what it can do (Classifier.windows()), never which implementation it is. */
    @Test
    void facesNameNoClassifierImplementation() {
        noClasses().that().resideInAnyPackage("org.sonicsight.web..", "org.sonicsight.ui..")
                .should().dependOnClassesThat().resideInAnyPackage("org.sonicsight.core.classify.onnx..")
                .check(classes);
    }

    /** Backends implement the interfaces of core.classify; that package names none of them. */
    @Test
    void classifierInterfacesKnowNoBackend() {
        noClasses().that().resideInAPackage("org.sonicsight.core.classify")
                .should().dependOnClassesThat().resideInAnyPackage("org.sonicsight.core.classify.gradio..",
                        "org.sonicsight.core.classify.onnx..", "org.sonicsight.core.backend..")
                .check(classes);
    }

    /** One AppConfig is built from the environment in app.Main; nothing else reads it. */
    @Test
    void onlyTheCompositionRootReadsTheEnvironment() {
        noClasses().that().resideOutsideOfPackage("org.sonicsight.app..")
                .should().callMethod(System.class, "getenv")
                .orShould().callMethod(System.class, "getenv", String.class)
                .check(classes);
    }

    @Test
    void onlyRenderUsesAwt() {
        noClasses().that().resideInAPackage("org.sonicsight.core..")
                .and().resideOutsideOfPackage("org.sonicsight.core.render..")
                .should().dependOnClassesThat().resideInAnyPackage("java.awt..", "javax.imageio..", "javax.swing..")
                .check(classes);
    }

    @Test
    void onlyUiUsesJavaFx() {
        noClasses().that().resideOutsideOfPackage("org.sonicsight.ui..")
                .should().dependOnClassesThat().resideInAPackage("javafx..")
                .check(classes);
    }

    @Test
    void onlyWebUsesJavalin() {
        noClasses().that().resideOutsideOfPackage("org.sonicsight.web..")
                .should().dependOnClassesThat().resideInAnyPackage("io.javalin..")
                .check(classes);
    }

    @Test
    void onlyCliWritesToStandardStreams() {
        noClasses().that().resideOutsideOfPackages("org.sonicsight.cli..", "org.sonicsight.app..")
                .should().accessField(System.class, "out")
                .orShould().accessField(System.class, "err")
                .check(classes);
    }
}
