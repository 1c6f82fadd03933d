package org.sonicsight.ui;

import java.util.Optional;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.stage.Stage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sonicsight.core.backend.LocalModel;
import org.sonicsight.core.dsp.SpectrogramConfig;
import org.sonicsight.core.history.HistoryStore;
import org.sonicsight.core.config.AppConfig;
import org.sonicsight.core.settings.AppPaths;
import org.sonicsight.core.settings.SettingsStore;
import org.sonicsight.core.live.LiveAnalyzer;

/** The JavaFX application: wires services to the main window; owns them and closes them on exit. */
public final class SonicSightApp extends Application {

    private static final Logger LOG = LoggerFactory.getLogger(SonicSightApp.class);

    private Workers workers;
    private MainViewModel vm;
    private MainWindow window;
    private Identifier identifier;
    private Optional<EmbeddedServer> web = Optional.empty();

    /**
     * The process exit status once the window has closed. A kiosk that stops
     * without the owner's exit reports a failure, so that systemd starts it
     * again; the owner's exit is 0 (the unit does not restart on 0).
     */
    private static volatile int exitStatus;

    static int exitStatus() {
        return exitStatus;
    }

    /** How to start, what with, and what serves the web page beside the window; set by the launcher before
     *  JavaFX builds this class (it builds it with no arguments). */
    private static volatile DesktopOptions launchOptions = DesktopOptions.desktop();
    private static volatile AppConfig launchConfig = AppConfig.defaults();
    private static volatile EmbeddedServer.Factory servers = EmbeddedServer.Factory.NONE;

    static void use(DesktopOptions options, AppConfig config, EmbeddedServer.Factory factory) {
        launchOptions = options;
        launchConfig = config;
        servers = factory;
    }

    @Override
    public void start(Stage stage) {
        DesktopOptions options = launchOptions;
        AppConfig config = launchConfig;
        Services services = Services.create(options, config, servers);
        workers = services.workers;
        vm = services.vm;
        identifier = services.identifier;
        web = services.web;
        exitStatus = options.kiosk() && options.kioskWindow().isEmpty() ? 1 : 0;
        Optional<KioskMode.Config> kiosk = options.kioskConfig(() -> {
            LOG.info("Owner exit from the kiosk");
            exitStatus = 0;
            Platform.exit();
        });
        window = new MainWindow(stage, vm, new SpaceInspector.Gradio(config), kiosk);
        stage.show();
        if (Boolean.getBoolean(DesktopLauncher.FIRST_FRAME_EXIT)) {
            exitAfterFirstFrame(stage.getScene());
        }
        vm.loadHistory();
        vm.startLive();
        if (options.listen()) {
            vm.setListening(true);
        }
        options.openFile().ifPresent(window::open);
        web.ifPresent(w -> FxThread.whenDone(w.started(), (server, error) -> {
            if (error != null) {
                vm.fail(MainViewModel.Problem.Kind.WEB, "Web endpoint", "The web page could not start: " + MainViewModel.message(error));
            } else {
                vm.status.set("Web page on port " + server);
            }
        }));
    }

    /**
     * For {@code bench startup}: a pulse starts only once the previous frame has been rendered, so at the second
     * pulse after the window was shown its first frame is on screen; say so and exit.
     */
    private static void exitAfterFirstFrame(javafx.scene.Scene scene) {
        scene.addPostLayoutPulseListener(new Runnable() {
            private int pulses;

            @Override
            public void run() {
                if (++pulses == 2) {
                    scene.removePostLayoutPulseListener(this);
                    DesktopLauncher.firstFrameReport().run();
                    Platform.exit();
                }
            }
        });
    }

    @Override
    public void stop() {
        web.ifPresent(EmbeddedServer::close);
        if (window != null) {
            window.close();
        }
        if (vm != null) {
            vm.close();
        }
        if (identifier != null) {
            identifier.close();
        }
        if (workers != null) {
            workers.close();
        }
    }

    /** Everything the window needs, built once (tests build it with their own folders). */
    record Services(Workers workers, MainViewModel vm, Identifier identifier, Optional<EmbeddedServer> web) {

        static Services create(DesktopOptions options, AppConfig config, EmbeddedServer.Factory servers) {
            for (String warning : config.warnings()) {
                LOG.warn("{}", warning);
            }
            return create(options, config.paths(), Identifier.real(config), MainViewModel.REAL_SOURCES, servers);
        }

        static Services create(DesktopOptions options, AppPaths paths, Identifier identifier,
                               MainViewModel.SourceOpener sources, EmbeddedServer.Factory servers) {
            logEnvironment(paths);
            Workers workers = new Workers();
            LiveAnalyzer live = new LiveAnalyzer(SpectrogramConfig.DEFAULT, 1024);
            MainViewModel vm = new MainViewModel(workers, live, identifier, new SettingsStore(paths),
                    new HistoryStore(paths.historyDir()), options.demoFile(), sources);
            options.space().ifPresent(vm::useSpaceForThisRun);
            options.language().ifPresent(vm::useLanguage);
            Optional<EmbeddedServer> web = options.servePort().isPresent()
                    ? Optional.of(servers.start(options.servePort().getAsInt(), options.serveHost(), options.space(),
                            workers.analysis))
                    : Optional.empty();
            return new Services(workers, vm, identifier, web);
        }
    }

    private static void logEnvironment(AppPaths paths) {
        LOG.info("Java {} ({}), JavaFX {}, prism {}, config {}, data {}, local model {}",
                System.getProperty("java.version"), System.getProperty("java.vendor"),
                System.getProperty("javafx.runtime.version"), System.getProperty("prism.order", "default"),
                paths.configDir(), paths.dataDir(), LocalModel.isPresent() ? "present" : "missing");
    }

    Optional<MainWindow> window() {
        return Optional.ofNullable(window);
    }
}
