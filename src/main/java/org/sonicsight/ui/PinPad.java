package org.sonicsight.ui;

import java.util.Optional;
import javafx.animation.PauseTransition;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.util.Duration;

/**
 * The kiosk owner's way out: a touch keypad over the screen that asks for the
 * PIN. An overlay in the same window, not a dialog: a kiosk compositor shows
 * one window, fullscreen. Wrong PINs are counted; five in a row lock the pad
 * for a minute. It closes by itself when left alone.
 */
final class PinPad extends StackPane {

    static final int MAX_TRIES = 5;
    static final Duration LOCKOUT = Duration.minutes(1);
    static final Duration IDLE_CLOSE = Duration.seconds(30);
    private static final int MAX_DIGITS = 12;

    private final Optional<String> pin;
    private final Runnable onExit;
    private final StringBuilder typed = new StringBuilder();
    private final Label message = new Label();
    private final Label dots = new Label();
    private final Button exit = new Button("Exit");
    private final Button cancel = new Button("Cancel");
    private final Label title = new Label("Owner exit");
    private final Button back;
    private final Button clear;
    private final java.util.List<Button> digits = new java.util.ArrayList<>();
    private final java.util.function.Supplier<org.sonicsight.core.i18n.Messages> messages;
    private final PauseTransition idle = new PauseTransition(IDLE_CLOSE);
    private int wrong;
    private long lockedUntilNanos;

    /**
     * @param pin    the owner's PIN; empty: no PIN was set, Exit only needs a press
     * @param onExit what the owner's exit does
     */
    PinPad(Optional<String> pin, Runnable onExit) {
        this(pin, onExit, org.sonicsight.core.i18n.Messages::english);
    }

    /** @param messages the kiosk's current language (read each time the pad opens) */
    PinPad(Optional<String> pin, Runnable onExit, java.util.function.Supplier<org.sonicsight.core.i18n.Messages> messages) {
        this.pin = pin;
        this.onExit = onExit;
        this.messages = messages;
        setId("pin-pad");
        getStyleClass().add("pin-pad");
        setVisible(false);

        title.getStyleClass().add("pin-title");
        message.getStyleClass().add("pin-message");
        message.setId("pin-message");
        message.setWrapText(true);
        dots.getStyleClass().add("pin-dots");
        dots.setId("pin-dots");
        cancel.setMinWidth(Region.USE_PREF_SIZE);
        exit.setMinWidth(Region.USE_PREF_SIZE);
        cancel.setId("pin-cancel");
        cancel.getStyleClass().add("pin-key");
        cancel.setOnAction(e -> hide());
        exit.setId("pin-exit");
        exit.getStyleClass().addAll("pin-key", "pin-exit");
        exit.setOnAction(e -> submit());
        HBox actions = new HBox(10, cancel, exit);
        Region grow = new Region();
        VBox.setVgrow(grow, Priority.ALWAYS);
        VBox left = new VBox(10, title, message, dots, grow, actions);
        left.setPrefWidth(260);
        left.setMaxWidth(300);

        GridPane keys = new GridPane();
        keys.setHgap(8);
        keys.setVgap(8);
        for (int d = 1; d <= 9; d++) {
            keys.add(digit(d), (d - 1) % 3, (d - 1) / 3);
        }
        back = key("⌫", "pin-back");
        back.setOnAction(e -> {
            if (!typed.isEmpty()) {
                typed.setLength(typed.length() - 1);
            }
            touched();
        });
        keys.add(back, 0, 3);
        keys.add(digit(0), 1, 3);
        clear = key("C", "pin-clear");
        clear.setOnAction(e -> {
            typed.setLength(0);
            touched();
        });
        keys.add(clear, 2, 3);

        HBox card = new HBox(24, left, keys);
        card.getStyleClass().add("pin-card");
        card.setMaxSize(Region.USE_PREF_SIZE, Region.USE_PREF_SIZE);
        getChildren().add(card);
        setAlignment(Pos.CENTER);

        idle.setOnFinished(e -> hide());
        addEventFilter(KeyEvent.KEY_PRESSED, e -> {
            if (!isVisible()) {
                return;
            }
            String t = e.getText();
            if (t != null && t.length() == 1 && Character.isDigit(t.charAt(0))) {
                type(t.charAt(0));
            } else if (e.getCode() == KeyCode.BACK_SPACE && !typed.isEmpty()) {
                typed.setLength(typed.length() - 1);
                touched();
            } else if (e.getCode() == KeyCode.ENTER) {
                submit();
            } else if (e.getCode() == KeyCode.ESCAPE) {
                hide();
            }
            e.consume();
        });
    }

    private Button digit(int d) {
        Button b = key(Integer.toString(d), "pin-" + d);
        b.setOnAction(e -> type((char) ('0' + d)));
        digits.add(b);
        return b;
    }

    private static Button key(String text, String id) {
        Button b = new Button(text);
        b.setId(id);
        b.setMinWidth(Region.USE_PREF_SIZE);
        b.getStyleClass().add("pin-key");
        b.setFocusTraversable(false);
        return b;
    }

    void show() {
        relabel();
        typed.setLength(0);
        touched();
        setVisible(true);
        toFront();
        requestFocus();
    }

    void hide() {
        idle.stop();
        typed.setLength(0);
        setVisible(false);
    }

    private void type(char c) {
        if (typed.length() < MAX_DIGITS) {
            typed.append(c);
        }
        touched();
    }

    private void touched() {
        idle.playFromStart();
        dots.setText("•".repeat(typed.length()));
        if (locked()) {
            message.setText(messages.get().get("pin.locked"));
        } else if (pin.isEmpty()) {
            message.setText(messages.get().get("pin.noPin"));
        } else if (typed.isEmpty() && wrong == 0) {
            message.setText(messages.get().get("pin.type"));
        }
        exit.setDisable(locked() || (pin.isPresent() && typed.isEmpty()));
    }

    private boolean locked() {
        return lockedUntilNanos != 0 && System.nanoTime() < lockedUntilNanos;
    }

    private void submit() {
        if (locked()) {
            touched();
            return;
        }
        if (pin.isEmpty() || pin.get().contentEquals(typed)) {
            wrong = 0;
            hide();
            onExit.run();
            return;
        }
        wrong++;
        typed.setLength(0);
        if (wrong >= MAX_TRIES) {
            wrong = 0;
            lockedUntilNanos = System.nanoTime() + (long) (LOCKOUT.toMillis() * 1_000_000L);
        } else {
            message.setText(messages.get().get("pin.wrong", MAX_TRIES - wrong));
        }
        touched();
    }

    /** Texts and screen-reader names in the kiosk's current language. */
    private void relabel() {
        org.sonicsight.core.i18n.Messages m = messages.get();
        title.setText(m.get("pin.title"));
        cancel.setText(m.get("pin.cancel"));
        exit.setText(m.get("pin.exit"));
        back.setAccessibleText(m.get("pin.delete"));
        clear.setAccessibleText(m.get("pin.clear"));
        for (Button d : digits) {
            d.setAccessibleText(m.get("pin.digit", d.getText()));
        }
    }

    String messageText() {
        return message.getText();
    }
}
