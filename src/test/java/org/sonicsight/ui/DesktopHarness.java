package org.sonicsight.ui;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import javafx.stage.Stage;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;
import org.sonicsight.core.settings.AppPaths;

/** Starts the real main window (real services, folders under a temp dir) and stops it like the app does. */
final class DesktopHarness implements AutoCloseable {

    final SonicSightApp.Services services;
    final MainWindow window;
    final Stage stage;

    private DesktopHarness(SonicSightApp.Services services, MainWindow window, Stage stage,
                           java.util.concurrent.atomic.AtomicBoolean ownerExited) {
        this.ownerExited = ownerExited;
        this.services = services;
        this.window = window;
        this.stage = stage;
    }

    /** Set when the kiosk's owner exit ran (the app would exit with status 0). */
    final java.util.concurrent.atomic.AtomicBoolean ownerExited;

    static DesktopHarness start(Path root, String... args) throws Exception {
        return start(root, Map.of(), MainViewModel.REAL_SOURCES, args);
    }

    /**
     * @param env     the launch environment (SONICSIGHT_KIOSK_PIN…); the real one is never read
     * @param sources opens live inputs (tests pass one that fails)
     */
    static DesktopHarness start(Path root, Map<String, String> env, MainViewModel.SourceOpener sources, String... args)
            throws Exception {
        FxToolkit.registerPrimaryStage();
        LaunchOptions options = LaunchOptions.parse(List.of(args), env);
        java.util.concurrent.atomic.AtomicBoolean ownerExited = new java.util.concurrent.atomic.AtomicBoolean();
        return FxToolkit.setupFixture(() -> {
            SonicSightApp.Services s = SonicSightApp.Services.create(options, AppPaths.under(root),
                    new Identifier(new Identifier.RealBackends()), sources, org.sonicsight.app.EmbeddedWeb::start);
            Stage stage = new Stage();
            MainWindow w = new MainWindow(stage, s.vm(), new SpaceInspector.Gradio(),
                    options.kioskConfig(() -> ownerExited.set(true)));
            stage.show();
            s.vm().loadHistory();
            s.vm().startLive();
            if (options.listen()) {
                s.vm().setListening(true);
            }
            options.openFile().ifPresent(w::open);
            return new DesktopHarness(s, w, stage, ownerExited);
        });
    }

    /**
     * Saves settings with this snapshot length where an app started on {@code root} will read them, recording
     * what comes after the press (the flow these tests were written for).
     */
    static void saveSnapshotSeconds(Path root, double seconds) {
        saveSettings(root, org.sonicsight.core.settings.Settings.DEFAULTS.withSnapshotSeconds(seconds)
                .withSnapshotMode(org.sonicsight.core.settings.Settings.SnapshotMode.NEXT));
    }

    static void saveSettings(Path root, org.sonicsight.core.settings.Settings settings) {
        try (org.sonicsight.core.settings.SettingsStore s = new org.sonicsight.core.settings.SettingsStore(
                AppPaths.under(root))) {
            s.save(settings);
        }
    }

    MainViewModel vm() {
        return services.vm();
    }

    static void waitUntil(int seconds, String what, BooleanSupplier condition) throws Exception {
        try {
            WaitForAsyncUtils.waitFor(seconds, TimeUnit.SECONDS, condition::getAsBoolean);
            WaitForAsyncUtils.waitForFxEvents(); // let the FX runnable that flipped the condition finish
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("timed out after " + seconds + " s waiting for " + what, e);
        }
    }

    /** Runs on the FX thread and waits. */
    static void fx(Runnable r) throws Exception {
        FxToolkit.setupFixture(r);
    }

    @Override
    public void close() throws Exception {
        FxToolkit.setupFixture(() -> {
            services.web().ifPresent(EmbeddedServer::close);
            window.close();
            stage.hide();
            services.vm().close();
            services.identifier().close();
            services.workers().close();
        });
    }
}
