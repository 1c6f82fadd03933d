package org.sonicsight.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The jar's launcher on this JVM's real class path (surefire's, where JavaFX is a set of plain jars
 * as in target/lib): the app's classes come from its loader, JavaFX's from named modules built only
 * when first asked for. (That the desktop then starts without JavaFX's warning is checked on the
 * built jar by packaging/smoke-test.sh and kiosk/test-screens.sh.)
 */
class LauncherTest {

    @Test
    void theClassPathIncludesTheJavaFxJarsNamedInManifests() {
        assertTrue(Launcher.classPath().stream().map(Path::getFileName).map(Path::toString)
                .anyMatch(n -> n.startsWith("javafx-graphics-") && n.endsWith(".jar")), Launcher.classPath().toString());
    }

    @Test
    void javaFxIsANamedModuleAndOnlyBuiltWhenFirstUsed() throws Exception {
        ClassLoader loader = Launcher.appLoader();
        Launcher.AppLoader app = assertInstanceOf(Launcher.AppLoader.class, loader);

        Class<?> main = Class.forName(Launcher.MAIN, false, app);
        assertSame(app, main.getClassLoader(), "the app runs in the launcher's loader, not the system one");
        assertFalse(main.getModule().isNamed());
        Class.forName("org.sonicsight.core.dsp.MelFilterbank", true, app);
        assertNull(app.fx, "no JavaFX layer for code that does not touch JavaFX (the CLI)");

        Class<?> platform = Class.forName("javafx.application.Platform", false, app);
        assertNotNull(app.fx);
        assertEquals("javafx.graphics", platform.getModule().getName(), "JavaFX is a named module");
        assertTrue(platform.getModule().getLayer() != ModuleLayer.boot());

        // ControlsFX (class path) sees the same JavaFX, and may reach into its internals as before.
        Class<?> rangeSlider = Class.forName("org.controlsfx.control.RangeSlider", false, app);
        Class<?> control = Class.forName("javafx.scene.control.Control", false, app);
        assertTrue(control.isAssignableFrom(rangeSlider));
        assertTrue(control.getModule().isOpen("com.sun.javafx.scene.control", app.getUnnamedModule()));
    }

    @Test
    void onlyJavaFxPackagesGoToTheLayer() {
        assertTrue(Launcher.AppLoader.isJavaFx("javafx.scene.Node"));
        assertTrue(Launcher.AppLoader.isJavaFx("com.sun.javafx.event.EventHandlerManager"));
        assertFalse(Launcher.AppLoader.isJavaFx("org.sonicsight.ui.MainWindow"));
        assertFalse(Launcher.AppLoader.isJavaFx("com.sun.media.sound.WaveFileReader"));
    }
}
