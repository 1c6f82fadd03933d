package org.sonicsight.ui;

import java.util.Locale;
import java.util.Optional;
import javafx.animation.PauseTransition;
import javafx.beans.binding.Bindings;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Cursor;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.ContentDisplay;
import javafx.scene.control.Label;
import javafx.scene.control.ToggleButton;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.KeyEvent;
import javafx.scene.input.MouseEvent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import javafx.stage.WindowEvent;
import javafx.util.Duration;
import org.sonicsight.core.i18n.Languages;
import org.sonicsight.core.i18n.Messages;
import org.sonicsight.core.settings.Settings;

/**
 * What kiosk mode changes in the main window: the live spectrogram fills the
 * screen as a backdrop, one huge Record &amp; Identify button, the result in
 * large type on a card, no menus or toolbar, a hidden cursor, no way out for
 * visitors (Esc, window close and leaving full screen are refused) and the
 * owner's way out: a 3-second press in the top-left corner, or Ctrl+Alt+Q,
 * then the PIN. Results go back to the ready screen on their own.
 */
final class KioskMode {

    /**
     * @param returnSeconds how long a result or an error stays on screen
     * @param pin           the owner's PIN, if one was set
     * @param window        a window of this size instead of full screen (trying the layout on a desktop)
     * @param ownerExit     what the owner's exit does (the app: exit with status 0)
     * @param attractSeconds after this long without visitors, the attract screen shows
     */
    record Config(double returnSeconds, Optional<String> pin, Optional<WindowSize> window, Runnable ownerExit,
                  double attractSeconds) {
    }

    /** A sound this loud (RMS of the last block) wakes the kiosk from its attract screen. */
    static final double WAKE_DBFS = -30;

    record WindowSize(int width, int height) {
    }

    static final Duration OWNER_HOLD = Duration.seconds(3);
    static final Duration CURSOR_HIDE = Duration.seconds(3);
    /** The record button's share of the screen height (the issue asks for at least 20%). */
    static final double BUTTON_HEIGHT_SHARE = 0.24;
    static final KeyCombination OWNER_CHORD = new KeyCodeCombination(KeyCode.Q, KeyCombination.CONTROL_DOWN,
            KeyCombination.ALT_DOWN);

    private final KioskHost window;
    private final Config config;
    final PinPad pinPad;
    final Region ownerCorner = new Region();
    final Label notice = new Label();
    final VBox card;
    /** The attract screen: a hint and the last detections over the live spectrogram, while nobody is around. */
    final VBox attract = new VBox(12);
    /** Continuous listening on or off, for visitors too: every dog and cat heard is marked on the spectrogram. */
    final ToggleButton listenToggle = new ToggleButton();
    private final Label attractRecent = new Label();
    /** The language switch visitors can touch: English, Deutsch, Français, Español. */
    final javafx.scene.layout.HBox languages = new javafx.scene.layout.HBox(6);
    private final javafx.scene.control.ToggleGroup languageGroup = new javafx.scene.control.ToggleGroup();
    /** The kiosk's own language, restored for the next visitor; null until a visitor changes it. */
    private java.util.Locale homeLanguage;
    private long lastActivityNanos = System.nanoTime();
    private int heardSeen;
    private final PauseTransition autoReturn;
    private final PauseTransition ownerHold = new PauseTransition(OWNER_HOLD);
    private final PauseTransition cursorHide = new PauseTransition(CURSOR_HIDE);
    private boolean leaving;

    KioskMode(KioskHost window, Config config) {
        this.window = window;
        this.config = config;
        this.pinPad = new PinPad(config.pin(), this::leave, window.viewModel()::m);
        this.autoReturn = new PauseTransition(Duration.seconds(config.returnSeconds()));
        this.card = new VBox(window.resultView());
        card.getStyleClass().add("kiosk-card");
        card.setId("kiosk-card");
    }

    /** The kiosk screen: spectrogram backdrop, result card, the button along the bottom, the PIN pad on top. */
    Node layout(Node spectrogram) {
        MainViewModel vm = window.viewModel();
        ownerCorner.setId("owner-exit-corner");
        ownerCorner.getStyleClass().add("owner-corner");
        ownerCorner.setPrefSize(88, 88);
        ownerCorner.setMaxSize(88, 88);
        ownerCorner.setPickOnBounds(true);
        ownerCorner.addEventHandler(MouseEvent.MOUSE_PRESSED, e -> ownerHold.playFromStart());
        ownerCorner.addEventHandler(MouseEvent.MOUSE_RELEASED, e -> ownerHold.stop());
        ownerCorner.addEventHandler(MouseEvent.MOUSE_EXITED, e -> ownerHold.stop());
        ownerHold.setOnFinished(e -> pinPad.show());

        notice.setId("kiosk-notice");
        notice.getStyleClass().add("kiosk-notice");
        notice.setWrapText(true);
        notice.textProperty().bind(Bindings.createStringBinding(() -> {
            if (vm.inputProblem.get() != null) {
                return vm.m().get("kiosk.microphone", vm.inputProblem.get());
            }
            return vm.notice.get() == null ? "" : vm.notice.get();
        }, vm.inputProblem, vm.notice, vm.messages));
        notice.visibleProperty().bind(notice.textProperty().isNotEmpty());
        notice.maxWidthProperty().bind(window.root().widthProperty().multiply(0.52).subtract(110));
        StackPane.setAlignment(notice, Pos.TOP_LEFT);
        StackPane.setMargin(notice, new Insets(16, 0, 0, 96));
        StackPane.setAlignment(ownerCorner, Pos.TOP_LEFT);

        window.resultView().setMaxScores(3);
        window.resultView().setCompact(true);
        window.resultView().setMinWidth(0);
        card.setMaxHeight(Region.USE_PREF_SIZE);
        BorderPane.setAlignment(card, Pos.TOP_RIGHT);
        BorderPane.setMargin(card, new Insets(16, 16, 12, 16));

        window.recordButton().setMaxWidth(Double.MAX_VALUE);
        window.recordButton().setGraphic(window.ring());
        window.recordButton().setContentDisplay(ContentDisplay.LEFT);
        window.recordButton().setGraphicTextGap(20);
        window.recordButton().textProperty().bind(Bindings.createStringBinding(() -> switch (vm.phase.get()) {
            case RECORDING -> vm.m().get("kiosk.record.listening", window.countdown().getText());
            case IDENTIFYING -> vm.m().get("kiosk.record.thinking");
            case ANALYSING -> vm.m().get("kiosk.record.opening");
            // Visitors press after the dog barked: say that this works, unless the owner chose "next only".
            default -> vm.settings.get().snapshotMode() == Settings.SnapshotMode.NEXT
                    ? vm.m().get("kiosk.record.identify") : vm.m().get("kiosk.record.tapAfter");
        }, vm.phase, window.countdown().textProperty(), vm.settings, vm.messages));
        window.recordButton().accessibleHelpProperty().bind(Bindings.createStringBinding(this::idleHintText, vm.messages,
                vm.settings));
        BorderPane.setMargin(window.recordButton(), new Insets(0, 16, 16, 16));

        listenToggle.setId("kiosk-listen");
        listenToggle.getStyleClass().add("kiosk-listen");
        listenToggle.setFocusTraversable(false);
        listenToggle.setSelected(vm.listening.get());
        listenToggle.textProperty().bind(Bindings.createStringBinding(() -> vm.m().get(vm.listening.get()
                ? "kiosk.listen.on" : "kiosk.listen.off"), vm.listening, vm.messages));
        listenToggle.accessibleHelpProperty().bind(Bindings.createStringBinding(() -> vm.m().get("kiosk.listen.help"),
                vm.messages));
        // The view model decides (opening the model can fail and switch listening off again): mirror it both ways.
        listenToggle.selectedProperty().addListener((o, was, now) -> {
            if (now != vm.listening.get()) {
                vm.setListening(now);
            }
        });
        vm.listening.addListener((o, was, now) -> listenToggle.setSelected(now));
        BorderPane.setAlignment(listenToggle, Pos.BOTTOM_LEFT);
        BorderPane.setMargin(listenToggle, new Insets(0, 0, 12, 16));

        languages.setId("kiosk-languages");
        languages.getStyleClass().add("kiosk-languages");
        for (java.util.Locale l : Languages.SUPPORTED) {
            ToggleButton b = new ToggleButton(Languages.nativeName(l));
            b.setId("kiosk-lang-" + l.getLanguage());
            b.getStyleClass().add("kiosk-language");
            b.setFocusTraversable(false);
            b.setToggleGroup(languageGroup);
            b.setUserData(l);
            b.setSelected(l.getLanguage().equals(vm.m().tag()));
            // Each names itself in its own language, so a screen reader reads "Deutsch" in German.
            b.setAccessibleText(Languages.nativeName(l));
            b.setOnAction(e -> chooseLanguage(l));
            languages.getChildren().add(b);
        }
        vm.messages.addListener((o, old, now) -> markLanguage());
        VBox left = new VBox(10, languages, listenToggle);
        left.setAlignment(Pos.BOTTOM_LEFT);
        left.setPickOnBounds(false);
        BorderPane.setAlignment(left, Pos.BOTTOM_LEFT);
        BorderPane.setMargin(left, new Insets(0, 0, 12, 16));

        BorderPane overlay = new BorderPane();
        overlay.setRight(card);
        overlay.setLeft(left);
        overlay.setBottom(window.recordButton());
        overlay.setPickOnBounds(false);
        overlay.getStyleClass().add("kiosk-overlay");

        Label attractTitle = new Label();
        attractTitle.textProperty().bind(Bindings.createStringBinding(() -> vm.m().get("kiosk.attract.title"),
                vm.messages));
        attractTitle.getStyleClass().add("attract-title");
        attractTitle.setStyle("-fx-font-size: 2.2em; -fx-font-weight: bold; -fx-text-fill: white;");
        Label attractHint = new Label();
        attractHint.textProperty().bind(Bindings.createStringBinding(() -> vm.m().get("kiosk.attract.hint"),
                vm.messages));
        attractHint.setWrapText(true);
        attractHint.setStyle("-fx-text-fill: white;");
        attractRecent.setWrapText(true);
        attractRecent.setStyle("-fx-text-fill: #ffd866;");
        attract.getChildren().setAll(attractTitle, attractHint, attractRecent);
        attract.setId("kiosk-attract");
        attract.setAlignment(Pos.CENTER);
        attract.setStyle("-fx-background-color: rgba(0,0,0,0.55); -fx-background-radius: 18; -fx-padding: 28;");
        attract.setMaxSize(Region.USE_PREF_SIZE, Region.USE_PREF_SIZE);
        attract.maxWidthProperty().bind(window.root().widthProperty().multiply(0.8));
        attract.setVisible(false);
        card.visibleProperty().bind(attract.visibleProperty().not()); // the invitation replaces the "Ready" card

        StackPane screen = new StackPane(spectrogram, overlay, attract, notice, ownerCorner, pinPad);
        screen.getStyleClass().add("kiosk-screen");

        autoReturn.setOnFinished(e -> vm.returnToReady());
        vm.phase.addListener((o, old, phase) -> {
            if (phase == MainViewModel.Phase.RESULT || phase == MainViewModel.Phase.ERROR) {
                autoReturn.playFromStart();
            } else {
                autoReturn.stop();
            }
        });
        // A tap on the answer goes back to ready at once.
        card.setOnMouseClicked(e -> vm.returnToReady());
        vm.phase.addListener((o, old, phase) -> activity());
        javafx.animation.Timeline idle = new javafx.animation.Timeline(
                new javafx.animation.KeyFrame(Duration.millis(250), e -> checkIdle()));
        idle.setCycleCount(javafx.animation.Animation.INDEFINITE);
        idle.play();
        return screen;
    }

    private void activity() {
        lastActivityNanos = System.nanoTime();
        if (attract.isVisible()) {
            attract.setVisible(false);
        }
    }

    /** Shows the attract screen after a while alone; a loud sound or a new detection ends it. */
    private void checkIdle() {
        MainViewModel vm = window.viewModel();
        boolean newDetection = vm.heard.size() != heardSeen;
        heardSeen = vm.heard.size();
        if (attract.isVisible()) {
            if (newDetection || vm.live().levels().rmsDbfs() > WAKE_DBFS) {
                activity();
            }
            return;
        }
        boolean ready = vm.phase.get() == MainViewModel.Phase.IDLE && !pinPad.isVisible();
        if (!ready) {
            lastActivityNanos = System.nanoTime();
        } else if (System.nanoTime() - lastActivityNanos > config.attractSeconds() * 1e9) {
            // The next visitor starts in the kiosk's own language, not in the last visitor's choice.
            if (homeLanguage != null) {
                vm.useLanguage(homeLanguage);
            }
            attractRecent.setText(recentDetections());
            attract.setVisible(true);
        }
    }

    /** "Last heard: Dog 93% (12:03), Cat 71% (11:58)", from listening or from the history. */
    private String recentDetections() {
        MainViewModel vm = window.viewModel();
        java.util.List<String> items = new java.util.ArrayList<>();
        for (HeardEvent h : vm.heard) {
            if (items.size() < 3) {
                items.add(String.format(Locale.ROOT, "%s (%tR)", h.label(), java.util.Date.from(h.heardAt())));
            }
        }
        for (org.sonicsight.core.history.HistoryEntry e : vm.history) {
            if (items.size() < 3 && !e.verdict().equals("other")) {
                Messages m = vm.m();
                String name = m.has("verdict." + e.verdict()) ? m.get("verdict." + e.verdict()) : e.verdict();
                items.add(String.format(Locale.ROOT, "%s %s (%tR)", name, m.percent(e.confidence(), 0),
                        java.util.Date.from(e.instant())));
            }
        }
        return items.isEmpty() ? "" : vm.m().get("kiosk.attract.recent", String.join(", ", items));
    }

    /** A visitor touched a language: everything on the screen speaks it until the attract screen comes back. */
    void chooseLanguage(java.util.Locale language) {
        if (homeLanguage == null) {
            homeLanguage = window.viewModel().m().locale();
        }
        window.viewModel().useLanguage(language);
        markLanguage();
        activity();
    }

    private void markLanguage() {
        String now = window.viewModel().m().tag();
        languageGroup.getToggles().forEach(t -> t.setSelected(((java.util.Locale) t.getUserData()).getLanguage()
                .equals(now)));
    }

    private String idleHintText() {
        MainViewModel vm = window.viewModel();
        long seconds = Math.round(vm.settings.get().snapshotSeconds());
        return vm.settings.get().snapshotMode() == Settings.SnapshotMode.NEXT ? vm.m().get("kiosk.hint.next", seconds)
                : vm.m().get("kiosk.hint.past", seconds);
    }

    /** Sizes that follow the screen, full screen, and the locks; called once the scene exists. */
    void install(Scene scene, Stage stage) {
        // Everything scales with the screen height: 18 px type at 480 lines, 27 px at 720.
        window.root().styleProperty().bind(Bindings.createStringBinding(() -> String.format(Locale.ROOT,
                "-fx-font-size: %.1fpx;", Math.max(15, Math.min(32, scene.getHeight() / 26))), scene.heightProperty()));
        window.recordButton().prefHeightProperty().bind(scene.heightProperty().multiply(BUTTON_HEIGHT_SHARE));
        window.recordButton().minHeightProperty().bind(scene.heightProperty().multiply(BUTTON_HEIGHT_SHARE));
        window.ring().prefHeightProperty().bind(scene.heightProperty().multiply(BUTTON_HEIGHT_SHARE * 0.6));
        window.ring().prefWidthProperty().bind(window.ring().prefHeightProperty());
        // The ring shows while busy (MainWindow binds that); hidden, it gives the label the whole button.
        window.ring().managedProperty().bind(window.ring().visibleProperty());
        card.prefWidthProperty().bind(scene.widthProperty().multiply(0.44));
        card.maxWidthProperty().bind(card.prefWidthProperty());

        // The first touch only wakes the kiosk from its attract screen; any touch counts as a visitor.
        scene.addEventFilter(MouseEvent.MOUSE_PRESSED, e -> {
            boolean waking = attract.isVisible();
            activity();
            if (waking) {
                e.consume();
            }
        });
        scene.setCursor(Cursor.NONE);
        cursorHide.setOnFinished(e -> scene.setCursor(Cursor.NONE));
        scene.addEventFilter(MouseEvent.MOUSE_MOVED, e -> {
            if (!e.isSynthesized()) {
                scene.setCursor(Cursor.DEFAULT);
                cursorHide.playFromStart();
            }
        });
        scene.addEventFilter(KeyEvent.KEY_PRESSED, e -> {
            if (OWNER_CHORD.match(e)) {
                pinPad.show();
                e.consume();
            } else if (e.getCode() == KeyCode.ESCAPE && !pinPad.isVisible()) {
                // Esc never leaves the kiosk; it only stops a recording in progress.
                if (window.viewModel().busy()) {
                    window.viewModel().cancel();
                }
                e.consume();
            }
        });

        if (config.window().isPresent()) {
            // Trying the layout on a desktop: a plain window of the touchscreen's size, closable.
            leaving = true;
            stage.setResizable(false);
            stage.setTitle(window.viewModel().m().get("kiosk.window", Integer.toString(config.window().get().width()),
                    Integer.toString(config.window().get().height())));
            return;
        }
        stage.setFullScreenExitHint("");
        stage.setFullScreenExitKeyCombination(KeyCombination.NO_MATCH);
        stage.fullScreenProperty().addListener((o, was, now) -> {
            if (!now && !leaving && stage.isShowing()) {
                javafx.application.Platform.runLater(() -> {
                    if (stage.isShowing()) {
                        stage.setFullScreen(true);
                    }
                });
            }
        });
        stage.setFullScreen(true);
    }

    /** Visitors cannot close the kiosk (Alt+F4, the compositor's close); only the owner's exit does. */
    void onCloseRequest(WindowEvent e) {
        if (!leaving) {
            e.consume();
        }
    }

    private void leave() {
        leaving = true;
        config.ownerExit().run();
    }
}
