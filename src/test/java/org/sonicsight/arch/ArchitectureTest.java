package org.sonicsight.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

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
                        "org.sonicsight.ui..", "org.sonicsight.web..", "org.sonicsight.cli..", "picocli..")
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
