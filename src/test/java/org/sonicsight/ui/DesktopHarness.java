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
import org.sonicsight.core.config.AppConfig;

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
        AppConfig config = AppConfig.fromEnvironment(env).withPaths(AppPaths.under(root));
        DesktopOptions options = parse(config, env, args);
        java.util.concurrent.atomic.AtomicBoolean ownerExited = new java.util.concurrent.atomic.AtomicBoolean();
        return FxToolkit.setupFixture(() -> {
            SonicSightApp.Services s = SonicSightApp.Services.create(options, config.paths(),
                    Identifier.real(config), sources, org.sonicsight.app.EmbeddedWeb.factory(config));
            Stage stage = new Stage();
            MainWindow w = new MainWindow(stage, s.vm(), new SpaceInspector.Gradio(config),
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
     * The desktop options the app's command tree makes of these arguments and this environment (what
     * {@code java -jar sonicsight.jar ARGS} would open).
     *
     * @throws IllegalArgumentException with the command line's error when it refuses them
     */
    static DesktopOptions parse(AppConfig config, Map<String, String> env, String... args) {
        DesktopOptions[] opened = new DesktopOptions[1];
        java.io.StringWriter err = new java.io.StringWriter();
        int code = org.sonicsight.app.SonicSightCommand.commandLine(new java.io.PrintWriter(new java.io.StringWriter()),
                new java.io.PrintWriter(err, true), config, env, (o, c) -> {
                    opened[0] = o;
                    return 0;
                }).execute(args);
        if (code != 0 || opened[0] == null) {
            throw new IllegalArgumentException(err.toString().strip());
        }
        return opened[0];
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
