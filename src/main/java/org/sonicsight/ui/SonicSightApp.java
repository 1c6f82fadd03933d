package org.sonicsight.ui;

import java.util.Optional;
import javafx.application.Application;
import javafx.stage.Stage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sonicsight.core.classify.LocalModel;
import org.sonicsight.core.dsp.SpectrogramConfig;
import org.sonicsight.core.history.HistoryStore;
import org.sonicsight.core.settings.AppPaths;
import org.sonicsight.core.settings.SettingsStore;

/** The JavaFX application: wires services to the main window; owns them and closes them on exit. */
public final class SonicSightApp extends Application {

    private static final Logger LOG = LoggerFactory.getLogger(SonicSightApp.class);

    private Workers workers;
    private MainViewModel vm;
    private MainWindow window;
    private Identifier identifier;

    @Override
    public void start(Stage stage) {
        LaunchOptions options = LaunchOptions.parse(getParameters().getRaw());
        Services services = Services.create(options);
        workers = services.workers;
        vm = services.vm;
        identifier = services.identifier;
        window = new MainWindow(stage, vm, new SpaceInspector.Gradio(), options.kiosk());
        stage.setOnCloseRequest(e -> window.close());
        stage.show();
        vm.loadHistory();
        vm.startLive();
        options.openFile().ifPresent(window::open);
    }

    @Override
    public void stop() {
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
    record Services(Workers workers, MainViewModel vm, Identifier identifier) {

        static Services create(LaunchOptions options) {
            return create(options, AppPaths.resolve(), new Identifier(new Identifier.RealBackends()));
        }

        static Services create(LaunchOptions options, AppPaths paths, Identifier identifier) {
            logEnvironment(paths);
            Workers workers = new Workers();
            LiveAnalyzer live = new LiveAnalyzer(SpectrogramConfig.DEFAULT, 1024);
            MainViewModel vm = new MainViewModel(workers, live, identifier, new SettingsStore(paths),
                    new HistoryStore(paths.historyDir()), options.demoFile());
            return new Services(workers, vm, identifier);
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
