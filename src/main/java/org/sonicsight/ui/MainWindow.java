package org.sonicsight.ui;

import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javafx.animation.AnimationTimer;
import javafx.beans.binding.Bindings;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Scene;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.Separator;
import javafx.scene.control.TextInputControl;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToolBar;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.KeyEvent;
import javafx.scene.input.TransferMode;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.scene.paint.Color;
import javafx.stage.FileChooser;
import javafx.stage.Stage;
import javafx.util.Duration;
import org.controlsfx.control.Notifications;
import org.controlsfx.control.RangeSlider;
import org.sonicsight.core.audio.AudioDecoder;
import org.sonicsight.core.settings.Settings;
import org.sonicsight.core.i18n.Messages;

/**
 * The main window: live spectrogram (or an opened file), Record &amp; Identify,
 * the result, spectrogram controls and a status bar. Views only draw and
 * forward intents to the {@link MainViewModel}. Kiosk mode is the same window
 * with the {@code kiosk} style class and full screen.
 */
final class MainWindow implements KioskHost {

    static final String STYLESHEET = MainWindow.class.getResource("sonicsight.css").toExternalForm();

    final MainViewModel vm;
    final Stage stage;
    final Scene scene;
    final BorderPane root = new BorderPane();
    final LiveSpectrogramView liveView;
    final FileView fileView = new FileView();
    final ResultView resultView = new ResultView();
    final Button record = new Button("Record & Identify");
    final Button identifyFile = new Button("Identify");
    final ComboBox<String> input = new ComboBox<>();
    final ComboBox<String> colormap = new ComboBox<>();
    final ComboBox<Settings.FrequencyScale> scale = new ComboBox<>();
    final RangeSlider dbRange = new RangeSlider(-120, 20, -80, 0);
    final ToggleButton freeze = new ToggleButton("Freeze");
    final ToggleButton listen = new ToggleButton("Listen");
    final javafx.scene.control.ListView<HeardEvent> heardList = new javafx.scene.control.ListView<>();
    final ProgressIndicator ring = new ProgressIndicator(0);
    final Label countdown = new Label("");
    final ProgressBar level = new ProgressBar(0);
    final Label levelText = new Label("-∞ dB");
    final Label status = new Label("");
    final Label readout = new Label("");
    final Button cancel = new Button("Cancel");
    final Player player;
    private final SpaceInspector inspector;
    private final boolean kiosk;
    /** Present in kiosk mode: the same views, laid out for a touchscreen, with the kiosk's locks. */
    final Optional<KioskMode> kioskMode;
    private HistoryWindow historyWindow;
    private Alert openAlert;
    /** The model over whole files: the opened file's timeline and batches. */
    final ScanModel scanModel;
    final TimelinePane timeline;
    final BatchViewModel batch;
    private BatchWindow batchWindow;
    final WhyPane why;
    final DetailLoader detail;

    /** @param kioskConfig present: kiosk mode (full screen, one big button, locked); empty: the desktop window */
    MainWindow(Stage stage, MainViewModel vm, SpaceInspector inspector, Optional<KioskMode.Config> kioskConfig) {
        this.stage = stage;
        this.vm = vm;
        this.inspector = inspector;
        this.kiosk = kioskConfig.isPresent();
        this.kioskMode = kioskConfig.map(c -> new KioskMode(this, c));
        this.liveView = new LiveSpectrogramView(vm.live());
        this.player = new Player(m -> vm.fail(MainViewModel.Problem.Kind.PLAYBACK, vm.m().get("desk.problem.playback"), m));
        player.onPosition(fileView::setPlayhead);
        this.scanModel = new ScanModel(vm::localWindows);
        this.timeline = new TimelinePane(new TimelineViewModel(scanModel, vm.messages), fileView, player, vm.openedFile, vm.messages);
        this.batch = new BatchViewModel(scanModel, vm.messages);
        this.why = new WhyPane(scanModel, vm.result, vm.openedFile, fileView, vm.messages);
        this.detail = new DetailLoader(fileView, vm.openedFile);

        root.getStyleClass().add("main");
        // The live view's boxes: what Record & Identify analysed, and what listening heard.
        Runnable markers = () -> {
            List<LiveSpectrogramView.Marker> all = new java.util.ArrayList<>();
            vm.heard.forEach(h -> all.add(h.marker()));
            if (vm.analysedSpan.get() != null) {
                all.add(vm.analysedSpan.get());
            }
            liveView.setMarkers(all);
        };
        vm.analysedSpan.addListener((o, old, span) -> markers.run());
        vm.heard.addListener((javafx.collections.ListChangeListener<HeardEvent>) c -> markers.run());
        listen.setId("listen");
        listen.textProperty().bind(Bindings.createStringBinding(() -> vm.m().get(listen.isSelected()
                ? "desk.listening" : "desk.listen"), listen.selectedProperty(), vm.messages));
        listen.selectedProperty().bindBidirectional(vm.listening);
        listen.selectedProperty().addListener((o, was, on) -> vm.setListening(on));
        if (kiosk) {
            root.getStyleClass().add("kiosk");
            prepareRecordButton();
            root.setCenter(kioskMode.get().layout(liveView));
        } else {
            root.setTop(new VBox(menu(), toolbar()));
            root.setCenter(center());
            root.setRight(side());
            root.setBottom(statusBar());
        }
        KioskMode.WindowSize size = kioskConfig.flatMap(KioskMode.Config::window)
                .orElse(new KioskMode.WindowSize(1280, 720));
        scene = new Scene(root, size.width(), size.height());
        scene.getStylesheets().add(STYLESHEET);
        installShortcuts();
        if (!kiosk) {
            installDragAndDrop();
        }
        bind();
        stage.setTitle("SonicSight");
        stage.setScene(scene);
        if (kiosk) {
            kioskMode.get().install(scene, stage);
        } else {
            stage.setMinWidth(960);
            stage.setMinHeight(560);
            // Keyboard focus starts on Record & Identify: Space there records (as it does wherever Space is not
            // a control's own key), Tab goes on to the toolbar.
            stage.setOnShown(e -> record.requestFocus());
        }
        stage.setOnCloseRequest(e -> {
            if (kioskMode.isPresent()) {
                kioskMode.get().onCloseRequest(e);
            }
            if (!e.isConsumed()) {
                close();
            }
        });
    }

    private MenuBar menu() {
        var m = vm.messages;
        MenuItem open = UiText.text(new MenuItem(), m, "desk.menu.open");
        open.setAccelerator(new KeyCodeCombination(KeyCode.O, KeyCombination.SHORTCUT_DOWN));
        open.setOnAction(e -> chooseFile());
        MenuItem history = UiText.text(new MenuItem(), m, "desk.menu.history");
        history.setAccelerator(new KeyCodeCombination(KeyCode.H, KeyCombination.SHORTCUT_DOWN));
        history.setOnAction(e -> showHistory());
        MenuItem savePng = UiText.text(new MenuItem(), m, "desk.menu.savePng");
        savePng.setAccelerator(new KeyCodeCombination(KeyCode.S, KeyCombination.SHORTCUT_DOWN));
        savePng.setOnAction(e -> saveViewAsPng());
        MenuItem batchItem = UiText.text(new MenuItem(), m, "desk.menu.batch");
        batchItem.setAccelerator(new KeyCodeCombination(KeyCode.B, KeyCombination.SHORTCUT_DOWN));
        batchItem.setOnAction(e -> showBatch());
        MenuItem settings = UiText.text(new MenuItem(), m, "desk.menu.settings");
        settings.setAccelerator(new KeyCodeCombination(KeyCode.COMMA, KeyCombination.SHORTCUT_DOWN));
        settings.setOnAction(e -> showSettings());
        MenuItem quit = UiText.text(new MenuItem(), m, "desk.menu.quit");
        quit.setAccelerator(new KeyCodeCombination(KeyCode.Q, KeyCombination.SHORTCUT_DOWN));
        quit.setOnAction(e -> stage.close());
        MenuItem dark = UiText.text(new MenuItem(), m, "desk.menu.dark");
        dark.setOnAction(e -> vm.updateSettings(vm.settings.get().withTheme(Settings.Theme.DARK)));
        MenuItem light = UiText.text(new MenuItem(), m, "desk.menu.light");
        light.setOnAction(e -> vm.updateSettings(vm.settings.get().withTheme(Settings.Theme.LIGHT)));
        MenuItem contrast = UiText.text(new MenuItem(), m, "desk.menu.highContrast");
        contrast.setOnAction(e -> vm.updateSettings(vm.settings.get().withTheme(Settings.Theme.HIGH_CONTRAST)));
        MenuItem larger = UiText.text(new MenuItem(), m, "desk.menu.larger");
        larger.setAccelerator(new KeyCodeCombination(KeyCode.EQUALS, KeyCombination.SHORTCUT_DOWN));
        larger.setOnAction(e -> textScale(vm.settings.get().textScale() * 1.15));
        MenuItem smaller = UiText.text(new MenuItem(), m, "desk.menu.smaller");
        smaller.setAccelerator(new KeyCodeCombination(KeyCode.MINUS, KeyCombination.SHORTCUT_DOWN));
        smaller.setOnAction(e -> textScale(vm.settings.get().textScale() / 1.15));
        MenuItem normal = UiText.text(new MenuItem(), m, "desk.menu.normalSize");
        normal.setAccelerator(new KeyCodeCombination(KeyCode.DIGIT0, KeyCombination.SHORTCUT_DOWN));
        normal.setOnAction(e -> textScale(1.0));
        Menu file = new Menu(null, null, open, batchItem, savePng, history, settings, quit);
        file.textProperty().bind(UiText.of(m, "desk.menu.file"));
        Menu view = new Menu(null, null, dark, light, contrast, new javafx.scene.control.SeparatorMenuItem(), larger,
                smaller, normal);
        view.textProperty().bind(UiText.of(m, "desk.menu.view"));
        MenuBar bar = new MenuBar(file, view);
        bar.setUseSystemMenuBar(true);
        return bar;
    }

    private ToolBar toolbar() {
        var m = vm.messages;
        Button open = UiText.help(UiText.text(new Button(), m, "desk.open"), m, "desk.open.help");
        open.setId("open");
        open.setOnAction(e -> chooseFile());
        input.setId("input");
        input.setItems(vm.inputs);
        input.setPrefWidth(240);
        input.promptTextProperty().bind(UiText.of(m, "desk.input.none"));
        UiText.name(UiText.help(input, m, "desk.input.help"), m, "desk.input");
        input.setCellFactory(list -> new InputCell());
        input.setButtonCell(new InputCell());
        input.setOnAction(e -> {
            String chosen = input.getValue();
            if (chosen != null && !chosen.equals(vm.input.get())) {
                vm.selectInput(chosen);
            }
        });
        colormap.setId("colormap");
        colormap.getItems().setAll("magma", "viridis", "grey");
        UiText.name(UiText.help(colormap, m, "desk.colours.help"), m, "desk.colours");
        colormap.setOnAction(e -> {
            if (colormap.getValue() != null) {
                vm.updateSettings(vm.settings.get().withColormap(colormap.getValue()));
            }
        });
        scale.setId("scale");
        scale.getItems().setAll(Settings.FrequencyScale.values());
        UiText.name(UiText.help(scale, m, "desk.scale.help"), m, "desk.scale");
        scale.setOnAction(e -> {
            if (scale.getValue() != null) {
                vm.updateSettings(vm.settings.get().withFrequencyScale(scale.getValue()));
            }
        });
        dbRange.setId("db-range");
        dbRange.setPrefWidth(180);
        dbRange.setShowTickMarks(false);
        dbRange.setBlockIncrement(5);
        UiText.name(UiText.help(dbRange, m, "desk.db.help"), m, "desk.db");
        Runnable rangeChanged = () -> {
            if (dbRange.getHighValue() - dbRange.getLowValue() >= 10) {
                vm.updateSettings(vm.settings.get().withDbRange(Math.round(dbRange.getLowValue()),
                        Math.round(dbRange.getHighValue())));
            }
        };
        dbRange.lowValueProperty().addListener((o, a, b) -> rangeChanged.run());
        dbRange.highValueProperty().addListener((o, a, b) -> rangeChanged.run());
        freeze.setId("freeze");
        UiText.help(UiText.text(freeze, m, "desk.freeze"), m, "desk.freeze.help");
        freeze.selectedProperty().addListener((o, a, frozen) -> liveView.setFrozen(frozen));
        Button settings = UiText.help(UiText.text(new Button(), m, "desk.settings"), m, "desk.settings.help");
        settings.setId("settings");
        settings.setOnAction(e -> showSettings());
        Button history = UiText.help(UiText.text(new Button(), m, "desk.history"), m, "desk.history.help");
        history.setId("history");
        history.setOnAction(e -> showHistory());
        Region grow = new Region();
        HBox.setHgrow(grow, Priority.ALWAYS);
        UiText.help(listen, m, "desk.listen.help");
        Label inputLabel = UiText.text(new Label(), m, "desk.input");
        inputLabel.setLabelFor(input);
        Label coloursLabel = UiText.text(new Label(), m, "desk.colours");
        coloursLabel.setLabelFor(colormap);
        Label scaleLabel = UiText.text(new Label(), m, "desk.scale");
        scaleLabel.setLabelFor(scale);
        Label dbLabel = UiText.text(new Label(), m, "desk.db");
        dbLabel.setLabelFor(dbRange);
        ToolBar bar = new ToolBar(open, inputLabel, input, listen, new Separator(), coloursLabel, colormap,
                scaleLabel, scale, dbLabel, dbRange, freeze, grow, history, settings);
        // Larger text or a longer language: whole words, and what does not fit goes to the toolbar's overflow menu.
        keepWhole(bar.getItems());
        return bar;
    }

    private StackPane center() {
        var m = vm.messages;
        Button back = UiText.help(UiText.text(new Button(), m, "desk.back"), m, "desk.back.help");
        back.setOnAction(e -> {
            player.stop();
            vm.closeFile();
        });
        Button play = UiText.help(UiText.text(new Button(), m, "desk.play"), m, "desk.play.help");
        play.setId("play");
        play.textProperty().bind(Bindings.createStringBinding(() -> m.getValue().get(
                switch (player.stateProperty().get()) {
                    case PLAYING -> "desk.pause";
                    case PAUSED -> "desk.resume";
                    default -> "desk.play";
                }), player.stateProperty(), m));
        play.setOnAction(e -> {
            if (player.isPlaying()) {
                player.togglePause();
            } else if (vm.openedFile.get() != null) {
                player.play(vm.openedFile.get().path());
            }
        });
        // A click on the spectrogram while the file plays (or is paused) moves playback there.
        fileView.onClick(seconds -> {
            if (player.isPlaying()) {
                player.seek(seconds);
            }
        });
        identifyFile.setId("identify-file");
        UiText.help(UiText.text(identifyFile, m, "desk.identify"), m, "desk.identify.help");
        UiText.name(fileView, m, "desk.fileView");
        fileView.accessibleHelpProperty().bind(UiText.of(m, "desk.fileView.help"));
        UiText.name(liveView, m, "desk.liveView");
        liveView.accessibleHelpProperty().bind(UiText.of(m, "desk.liveView.help"));
        identifyFile.setDefaultButton(false);
        identifyFile.setOnAction(e -> vm.identifyOpenedFile(fileView.selectionProperty().get()));
        Label selection = new Label();
        selection.textProperty().bind(Bindings.createStringBinding(() -> fileView.selectionProperty().get()
                .map(t -> vm.m().get("desk.selected", vm.m().fixed(t.startSeconds(), 1), vm.m().fixed(t.endSeconds(), 1)))
                .orElse(vm.m().get("desk.wholeFile")), fileView.selectionProperty(), vm.messages));
        // Said when the selection changes, so a screen reader user hears what the arrows selected.
        selection.setAccessibleRole(javafx.scene.AccessibleRole.TEXT);
        fileView.accessibleTextProperty().unbind();
        fileView.accessibleTextProperty().bind(Bindings.concat(UiText.of(m, "desk.fileView"), ": ",
                selection.textProperty()));
        Label name = new Label();
        name.getStyleClass().add("file-name");
        name.textProperty().bind(Bindings.createStringBinding(
                () -> vm.openedFile.get() == null ? "" : vm.openedFile.get().name(), vm.openedFile));
        keepWhole(List.of(back, play, identifyFile));
        HBox fileBar = new HBox(10, back, name, play, identifyFile, selection);
        fileBar.setAlignment(Pos.CENTER_LEFT);
        fileBar.getStyleClass().add("file-bar");
        BorderPane filePane = new BorderPane(fileView);
        filePane.setTop(fileBar);
        filePane.setBottom(timeline);
        filePane.visibleProperty().bind(vm.openedFile.isNotNull());
        liveView.visibleProperty().bind(vm.openedFile.isNull());
        StackPane center = new StackPane(liveView, filePane);
        center.getStyleClass().add("spectrogram-area");
        return center;
    }

    private void prepareRecordButton() {
        record.setId("record");
        record.getStyleClass().add("record-button");
        record.setMaxWidth(Double.MAX_VALUE);
        record.setMinWidth(Region.USE_PREF_SIZE);
        record.setOnAction(e -> vm.recordAndIdentify());
        if (!kiosk) {
            UiText.help(UiText.text(record, vm.messages, "desk.record"), vm.messages, "desk.record.help");
        }
        ring.getStyleClass().add("progress-ring");
        ring.setId("progress-ring");
    }

    private VBox side() {
        prepareRecordButton();
        countdown.getStyleClass().add("countdown");
        StackPane progress = new StackPane(ring, countdown);
        progress.getStyleClass().add("progress-holder");
        resultView.setId("result");
        VBox side = new VBox(18, record, progress, resultView, why, heardPanel());
        side.getStyleClass().add("side");
        side.setPadding(new Insets(16));
        side.setPrefWidth(380);
        side.setMinWidth(300);
        return side;
    }

    /** What listening heard: time, verdict and confidence, play, delete; newest first. */
    private VBox heardPanel() {
        Label title = UiText.text(new Label(), vm.messages, "desk.heard");
        title.getStyleClass().add("heard-title");
        heardList.setId("heard");
        heardList.setItems(vm.heard);
        Label empty = UiText.text(new Label(), vm.messages, "desk.heard.empty");
        empty.setWrapText(true);
        heardList.setPlaceholder(empty);
        UiText.name(heardList, vm.messages, "desk.heard");
        heardList.setPrefHeight(180);
        heardList.setCellFactory(list -> new javafx.scene.control.ListCell<>() {
            @Override
            protected void updateItem(HeardEvent h, boolean empty) {
                super.updateItem(h, empty);
                if (empty || h == null) {
                    setGraphic(null);
                    setText(null);
                    return;
                }
                Label text = new Label(String.format(Locale.ROOT, "%tT  %s",
                        java.util.Date.from(h.heardAt()), h.label()));
                text.setMaxWidth(Double.MAX_VALUE);
                HBox.setHgrow(text, Priority.ALWAYS);
                Button play = new Button("▶");
                UiText.name(UiText.help(play, vm.messages, "desk.heard.play"), vm.messages, "desk.heard.play");
                play.setOnAction(e -> h.saved().thenAccept(entry -> FxThread.run(() ->
                        vm.historyStore().audio(entry).ifPresent(player::play))));
                Button delete = new Button("✕");
                UiText.name(UiText.help(delete, vm.messages, "desk.heard.delete"), vm.messages, "desk.heard.delete");
                delete.setOnAction(e -> vm.deleteHeard(h));
                HBox row = new HBox(6, text, play, delete);
                row.setAlignment(Pos.CENTER_LEFT);
                setText(null);
                setGraphic(row);
            }
        });
        VBox panel = new VBox(6, title, heardList);
        VBox.setVgrow(heardList, Priority.ALWAYS);
        return panel;
    }

    private HBox statusBar() {
        level.getStyleClass().add("level-meter");
        level.setId("level");
        level.setPrefWidth(160);
        levelText.getStyleClass().add("level-text");
        levelText.setMinWidth(64);
        status.setId("status");
        status.setMaxWidth(Double.MAX_VALUE);
        HBox.setHgrow(status, Priority.ALWAYS);
        readout.setId("readout");
        readout.textProperty().bind(liveView.readoutProperty());
        cancel.setId("cancel");
        cancel.setOnAction(e -> vm.cancel());
        Label levelLabel = UiText.text(new Label(), vm.messages, "desk.level");
        levelLabel.setLabelFor(level);
        UiText.name(level, vm.messages, "desk.level");
        UiText.text(cancel, vm.messages, "desk.cancel");
        HBox bar = new HBox(10, levelLabel, level, levelText, new Separator(), status, readout, cancel);
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.getStyleClass().add("status-bar");
        return bar;
    }

    private void bind() {
        status.textProperty().bind(vm.status);
        vm.input.addListener((o, a, now) -> input.setValue(now));
        cancel.visibleProperty().bind(Bindings.createBooleanBinding(vm::busy, vm.phase));
        record.disableProperty().bind(Bindings.createBooleanBinding(vm::busy, vm.phase));
        identifyFile.disableProperty().bind(Bindings.createBooleanBinding(vm::busy, vm.phase));
        ring.progressProperty().bind(vm.progress);
        ring.visibleProperty().bind(Bindings.createBooleanBinding(vm::busy, vm.phase));
        countdown.visibleProperty().bind(ring.visibleProperty());
        countdown.textProperty().bind(Bindings.createStringBinding(() -> {
            if (vm.phase.get() == MainViewModel.Phase.RECORDING) {
                double left = vm.settings.get().snapshotSeconds() * (1 - Math.max(0, vm.progress.get()));
                return String.format(Locale.ROOT, "%.0f", Math.ceil(left));
            }
            return "";
        }, vm.phase, vm.progress));

        resultView.messages.bind(vm.messages);
        vm.phase.addListener((o, old, phase) -> showPhase(phase));
        vm.messages.addListener((o, old, now) -> showPhase(vm.phase.get()));
        vm.result.addListener((o, old, id) -> {
            if (id != null) {
                resultView.show(id);
                // Screen readers (Orca, NVDA, VoiceOver) are told the answer arrived: the card's text changed.
                resultView.setAccessibleText(resultView.announcement());
                resultView.notifyAccessibleAttributeChanged(javafx.scene.AccessibleAttribute.TEXT);
                if (id.fellBack()) {
                    notify(vm.m().get("desk.notify.fellBack"), id.note(), false);
                }
            }
        });
        vm.problem.addListener((o, old, p) -> {
            if (p != null) {
                showProblem(p);
            }
        });
        vm.openedFile.addListener((o, old, file) -> {
            if (file != null) {
                fileView.show(file.spectrogram(), vm.settings.get());
                fileView.requestFocus(); // the keyboard can select a span at once
            }
        });
        vm.settings.addListener((o, old, s) -> applySettings(s));
        applySettings(vm.settings.get());

        AnimationTimer meter = new AnimationTimer() {
            private double shown = Double.NaN;

            @Override
            public void handle(long now) {
                double db = vm.live().levels().rmsDbfs();
                if (Double.isNaN(shown) || Math.abs(db - shown) > 0.5) {
                    shown = db;
                    level.setProgress(Math.max(0, Math.min(1, (db + 60) / 60)));
                    levelText.setText(db <= -119 ? "-∞ dB" : String.format(Locale.ROOT, "%.0f dB", db));
                    level.pseudoClassStateChanged(javafx.css.PseudoClass.getPseudoClass("hot"), db > -6);
                }
            }
        };
        meter.start();
        liveView.start();
        resultView.showIdle(idleHint());
    }

    /** The answer card while busy or idle, in the window's language (results draw themselves). */
    private void showPhase(MainViewModel.Phase phase) {
        org.sonicsight.core.i18n.Messages m = vm.m();
        switch (phase) {
            case RECORDING -> resultView.showBusy(m.get("ui.busy.listening"), kiosk ? m.get("ui.busy.makeSound")
                    : m.get("ui.busy.recordingFrom", vm.live().sourceName()));
            case IDENTIFYING -> resultView.showBusy(m.get("ui.busy.thinking"), m.get("ui.busy.asking"));
            case ANALYSING -> resultView.showBusy(m.get("ui.busy.opening"), m.get("ui.busy.reading"));
            case IDLE -> resultView.showIdle(idleHint());
            default -> { }
        }
    }

    private String idleHint() {
        org.sonicsight.core.i18n.Messages m = vm.m();
        long seconds = Math.round(vm.settings.get().snapshotSeconds());
        boolean past = vm.settings.get().snapshotMode() != Settings.SnapshotMode.NEXT;
        if (kiosk) {
            return past ? m.get("kiosk.hint.past", seconds) : m.get("kiosk.hint.next", seconds);
        }
        return vm.openedFile.get() != null ? m.get("ui.hint.file")
                : past ? m.get("ui.hint.past", seconds) : m.get("ui.hint.next");
    }

    private void applySettings(Settings s) {
        root.getStyleClass().removeAll(THEME_CLASSES);
        root.getStyleClass().addAll(themeClass(s));
        Color ink = switch (s.theme()) {
            case DARK -> Color.gray(0.85);
            case LIGHT -> Color.gray(0.2);
            case HIGH_CONTRAST -> Color.WHITE;
        };
        if (!kiosk) {
            // The text size the user chose; everything in the window is sized in em, so it all follows.
            root.setStyle(String.format(Locale.ROOT, "-fx-font-size: %.1fpx;", BASE_FONT_PX * s.textScale()));
        }
        liveView.setInk(ink);
        fileView.setInk(ink);
        if (!s.colormap().equals(colormap.getValue())) {
            colormap.setValue(LiveSpectrogramView.parseColormap(s.colormap()) == org.sonicsight.core.dsp.Colormap.GRAYSCALE
                    ? "grey" : s.colormap());
        }
        if (s.frequencyScale() != scale.getValue()) {
            scale.setValue(s.frequencyScale());
        }
        if (dbRange.getLowValue() != s.minDb() || dbRange.getHighValue() != s.maxDb()) {
            dbRange.setHighValue(s.maxDb());
            dbRange.setLowValue(s.minDb());
        }
        liveView.apply(s);
        fileView.apply(s);
    }

    private void installShortcuts() {
        scene.addEventFilter(KeyEvent.KEY_PRESSED, e -> {
            if (e.getCode() == KeyCode.SPACE && !usesSpace(scene.getFocusOwner()) && !e.isShortcutDown()) {
                if (vm.openedFile.get() != null) {
                    vm.identifyOpenedFile(fileView.selectionProperty().get());
                } else {
                    vm.recordAndIdentify();
                }
                e.consume();
            } else if (e.getCode() == KeyCode.ESCAPE && vm.busy()) {
                vm.cancel();
                e.consume();
            } else if (e.getCode() == KeyCode.L && !kiosk && !(scene.getFocusOwner() instanceof TextInputControl)
                    && !e.isShortcutDown()) {
                listen.setSelected(!listen.isSelected());
                e.consume();
            }
        });
    }

    private void installDragAndDrop() {
        scene.setOnDragOver(e -> {
            if (e.getDragboard().hasFiles()) {
                e.acceptTransferModes(TransferMode.COPY);
            }
            e.consume();
        });
        scene.setOnDragDropped(e -> {
            List<File> files = e.getDragboard().getFiles();
            boolean ok = files != null && !files.isEmpty();
            if (ok && (files.size() > 1 || files.get(0).isDirectory())) {
                showBatch().vm.add(files.stream().map(File::toPath).toList());
            } else if (ok) {
                open(files.get(0).toPath());
            }
            e.setDropCompleted(ok);
            e.consume();
        });
    }

    void open(Path file) {
        player.stop();
        vm.openFile(file);
    }

    /** Asks for a file to open; the native dialog (tests replace it: TestFX cannot type into GTK's dialog). */
    java.util.function.Function<Stage, Optional<Path>> fileChooser = this::nativeChooser;

    private void chooseFile() {
        fileChooser.apply(stage).ifPresent(this::open);
    }

    /** Controls that Space operates themselves (buttons, lists, text): there Space is theirs, not Identify. */
    private static boolean usesSpace(javafx.scene.Node focus) {
        return focus instanceof TextInputControl || focus instanceof javafx.scene.control.ButtonBase
                || focus instanceof javafx.scene.control.ComboBoxBase || focus instanceof javafx.scene.control.ListView
                || focus instanceof javafx.scene.control.TableView || focus instanceof javafx.scene.control.Slider
                || focus instanceof org.controlsfx.control.RangeSlider;
    }

    private Optional<Path> nativeChooser(Stage stage) {
        return nativeChooser(stage, vm.m());
    }

    private static Optional<Path> nativeChooser(Stage stage, Messages words) {
        FileChooser chooser = new FileChooser();
        chooser.setTitle(words.get("desk.open.title", AudioDecoder.SUPPORTED));
        chooser.getExtensionFilters().addAll(
                new FileChooser.ExtensionFilter(words.get("desk.open.filter.audio"),
                        org.sonicsight.core.audio.AudioFiles.EXTENSIONS.stream().sorted().map(x -> "*." + x).toList()),
                new FileChooser.ExtensionFilter(words.get("desk.open.filter.all"), "*.*"));
        File f = chooser.showOpenDialog(stage);
        return Optional.ofNullable(f).map(File::toPath);
    }

    SettingsDialog settingsDialog() {
        SettingsDialog d = new SettingsDialog(stage, vm.settings.get(), vm.token().orElse(""), inspector,
                settingsWorker, vm.m());
        d.getDialogPane().getStylesheets().add(STYLESHEET);
        d.getDialogPane().getStyleClass().addAll(themeClass());
        return d;
    }

    private final java.util.concurrent.ExecutorService settingsWorker = java.util.concurrent.Executors
            .newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "space-inspector");
                t.setDaemon(true);
                return t;
            });

    void showSettings() {
        SettingsDialog d = settingsDialog();
        Optional<SettingsDialog.Result> result = d.showAndWait();
        result.ifPresent(r -> {
            vm.saveToken(r.token());
            vm.updateSettings(r.settings());
        });
    }

    private static void keepWhole(List<? extends javafx.scene.Node> nodes) {
        for (javafx.scene.Node n : nodes) {
            if (n instanceof javafx.scene.control.Labeled l) {
                l.setMinWidth(Region.USE_PREF_SIZE);
            }
        }
    }

    /** Text size as a multiple of the normal size, saved with the settings (View menu, Ctrl+= / Ctrl+- / Ctrl+0). */
    void textScale(double scale) {
        vm.updateSettings(vm.settings.get().withTextScale(Math.round(scale * 100) / 100.0));
    }

    HistoryWindow historyWindowForTests() {
        return historyWindow;
    }

    void showHistory() {
        if (historyWindow == null) {
            historyWindow = new HistoryWindow(stage, vm, player, STYLESHEET, themeClass(), this::reopen);
        }
        historyWindow.getScene().getRoot().getStyleClass().removeAll(THEME_CLASSES);
        historyWindow.getScene().getRoot().getStyleClass().addAll(themeClass());
        vm.loadHistory(); // the limits may have removed old entries since the list was read
        historyWindow.show();
        historyWindow.toFront();
        historyWindow.focusNewest();
    }

    /** The batch window (created on first use), shown and in front. */
    BatchWindow showBatch() {
        if (batchWindow == null) {
            batchWindow = new BatchWindow(stage, batch, path -> {
                open(path);
                stage.toFront();
            }, STYLESHEET, themeClass(), vm.messages);
        }
        batchWindow.getScene().getRoot().getStyleClass().removeAll(THEME_CLASSES);
        batchWindow.getScene().getRoot().getStyleClass().addAll(themeClass());
        batchWindow.show();
        batchWindow.toFront();
        return batchWindow;
    }

    /** The spectrogram on screen (the opened file's, or the live one), with its axes, as a PNG the user names. */
    void saveViewAsPng() {
        FileChooser chooser = new FileChooser();
        chooser.setTitle(vm.m().get("desk.savePng.title"));
        String base = vm.openedFile.get() != null ? vm.openedFile.get().name().replaceFirst("\\.[^.]+$", "")
                : "live";
        chooser.setInitialFileName(base + "-spectrogram.png");
        chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter("PNG", "*.png"));
        File target = chooser.showSaveDialog(stage);
        if (target != null) {
            FxThread.whenDone(saveViewAsPng(target.toPath()), (p, error) -> {
                if (error != null) {
                    vm.fail(MainViewModel.Problem.Kind.EXPORT, vm.m().get("desk.savePng.failed"), error.getMessage());
                } else {
                    vm.status.set(vm.m().get("desk.savePng.saved", p));
                }
            });
        }
    }

    /** Writes the visible spectrogram view to {@code target} (FX thread). */
    java.util.concurrent.CompletableFuture<Path> saveViewAsPng(Path target) {
        return ViewPng.save(vm.openedFile.get() != null ? fileView : liveView, target);
    }

    /** A history entry again in the main view: its audio as the opened file, its answer as the result. */
    void reopen(org.sonicsight.core.history.HistoryEntry entry) {
        Optional<Path> audio = vm.historyStore().audio(entry);
        if (audio.isEmpty()) {
            vm.fail(MainViewModel.Problem.Kind.HISTORY, vm.m().get("history.title"), vm.m().get("history.noAudio"));
            return;
        }
        player.stop();
        FxThread.whenDone(vm.openFile(audio.get()), (file, error) -> {
            if (file != null) {
                vm.result.set(new Identification(entry.toPrediction(), file.clip(), entry.source(), entry.note()));
            }
        });
        stage.toFront();
    }

    HistoryWindow historyWindow() {
        return historyWindow;
    }

    /** Every style class a theme may put on a window's root. */
    static final List<String> THEME_CLASSES = List.of("dark", "light", "high-contrast");
    /** The desktop's normal text size (sonicsight.css), which the text-size setting multiplies. */
    static final double BASE_FONT_PX = 13;

    private List<String> themeClass() {
        return themeClass(vm.settings.get());
    }

    /** High contrast is the dark palette with black, white and yellow on top (.high-contrast in sonicsight.css). */
    static List<String> themeClass(Settings s) {
        return switch (s.theme()) {
            case DARK -> List.of("dark");
            case LIGHT -> List.of("light");
            case HIGH_CONTRAST -> List.of("dark", "high-contrast");
        };
    }

    private void showProblem(MainViewModel.Problem p) {
        if (p.kind() == MainViewModel.Problem.Kind.OPEN_FILE) {
            if (openAlert != null) {
                openAlert.close();
            }
            openAlert = new Alert(Alert.AlertType.ERROR, p.message());
            openAlert.initOwner(stage);
            openAlert.setTitle("SonicSight");
            openAlert.setHeaderText(p.title());
            openAlert.getDialogPane().setId("error-dialog");
            openAlert.getDialogPane().getStylesheets().add(STYLESHEET);
            openAlert.getDialogPane().getStyleClass().addAll(themeClass());
            openAlert.show();
        } else {
            if (vm.phase.get() == MainViewModel.Phase.ERROR) {
                resultView.showBusy(p.title(), p.message());
            }
            notify(p.title(), p.message(), true);
        }
    }

    private void notify(String title, String text, boolean error) {
        // The kiosk shows problems on its card and notice line: popups are separate windows for a kiosk compositor.
        if (!stage.isShowing() || kiosk) {
            return;
        }
        Notifications n = Notifications.create().title(title).text(text).owner(stage).hideAfter(Duration.seconds(8));
        if (vm.settings.get().theme() != Settings.Theme.LIGHT) {
            n.darkStyle();
        }
        if (error) {
            n.showError();
        } else {
            n.showInformation();
        }
    }

    /** Shows a demo input by its file name, not its whole path. */
    private static final class InputCell extends javafx.scene.control.ListCell<String> {
        @Override
        protected void updateItem(String item, boolean empty) {
            super.updateItem(item, empty);
            if (empty || item == null) {
                setText(null);
            } else if (item.startsWith(MainViewModel.DEMO_PREFIX)) {
                setText("Demo: " + Path.of(item.substring(MainViewModel.DEMO_PREFIX.length())).getFileName());
            } else {
                setText(item);
            }
        }
    }

    /** Hides popups before exit (JavaFX can crash exiting with a notification showing under Xvfb). */
    void close() {
        player.stop();
        liveView.stop();
        if (openAlert != null) {
            openAlert.close();
        }
        if (historyWindow != null) {
            historyWindow.close();
        }
        if (batchWindow != null) {
            batchWindow.close();
        }
        scanModel.close();
        detail.close();
        settingsWorker.shutdownNow();
    }

    // ---- what the kiosk layout may use (KioskHost) ---------------------------------------------------------

    @Override
    public MainViewModel viewModel() {
        return vm;
    }

    @Override
    public BorderPane root() {
        return root;
    }

    @Override
    public ResultView resultView() {
        return resultView;
    }

    @Override
    public Button recordButton() {
        return record;
    }

    @Override
    public ProgressIndicator ring() {
        return ring;
    }

    @Override
    public Label countdown() {
        return countdown;
    }
}
