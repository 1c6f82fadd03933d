package org.sonicsight.ui;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import javafx.geometry.Insets;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.control.RadioButton;
import javafx.scene.control.Spinner;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.Button;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.stage.Window;
import org.sonicsight.core.settings.Settings;

/** Backend (local model or Gradio Space, token, fallback), snapshot length, theme and demo input. */
final class SettingsDialog extends Dialog<SettingsDialog.Result> {

    /** What the user confirmed; the token is kept apart from the settings record. */
    record Result(Settings settings, String token) {
    }

    final RadioButton local = new RadioButton("Local model (offline)");
    final RadioButton space = new RadioButton("Gradio Space");
    final TextField spaceField = new TextField();
    final TextField apiField = new TextField();
    final PasswordField tokenField = new PasswordField();
    final CheckBox fallback = new CheckBox("If the Space cannot answer, use the local model");
    final Label connection = new Label("");
    final Button test = new Button("Test connection");
    final Spinner<Double> snapshot = new Spinner<>(Settings.MIN_SNAPSHOT_SECONDS, Settings.MAX_SNAPSHOT_SECONDS, 5, 1);
    final ChoiceBox<Settings.SnapshotMode> snapshotMode = new ChoiceBox<>();
    final ChoiceBox<Settings.Theme> theme = new ChoiceBox<>();
    final TextField demoField = new TextField();
    /** "auto" (the system's language) or a tag: en, de, fr, es. */
    final ChoiceBox<String> language = new ChoiceBox<>();
    /** Text size as a percentage of the normal size. */
    final Spinner<Integer> textSize = new Spinner<>((int) (Settings.MIN_TEXT_SCALE * 100),
            (int) (Settings.MAX_TEXT_SCALE * 100), 100, 10);
    private final javafx.beans.property.BooleanProperty testing = new javafx.beans.property.SimpleBooleanProperty();

    SettingsDialog(Window owner, Settings current, String token, SpaceInspector inspector, ExecutorService worker) {
        this(owner, current, token, inspector, worker, org.sonicsight.core.i18n.Messages.english());
    }

    SettingsDialog(Window owner, Settings current, String token, SpaceInspector inspector, ExecutorService worker,
                   org.sonicsight.core.i18n.Messages m) {
        initOwner(owner);
        setTitle(m.get("settings.title"));
        setHeaderText(m.get("settings.header"));
        local.setText(m.get("settings.local"));
        space.setText(m.get("settings.spaceChoice"));
        fallback.setText(m.get("settings.fallback"));
        test.setText(m.get("settings.test"));
        ToggleGroup group = new ToggleGroup();
        local.setToggleGroup(group);
        space.setToggleGroup(group);
        local.setId("backend-local");
        space.setId("backend-space");
        spaceField.setId("space-field");
        tokenField.setId("token-field");
        fallback.setId("fallback");
        test.setId("test-connection");
        connection.setId("connection-result");
        connection.setWrapText(true);
        connection.setMaxWidth(420);
        connection.setPrefWidth(420);
        (current.backend() == Settings.Backend.SPACE ? space : local).setSelected(true);
        spaceField.setPromptText("owner/name or http://host:port");
        spaceField.setText(current.space());
        apiField.setPromptText("/predict (blank: let the client choose)");
        apiField.setText(current.spaceApiName());
        tokenField.setPromptText("Hugging Face token, for private Spaces");
        tokenField.setText(token == null ? "" : token);
        fallback.setSelected(current.fallbackToLocal());
        snapshot.getValueFactory().setValue(current.snapshotSeconds());
        snapshot.setEditable(true);
        snapshotMode.getItems().setAll(Settings.SnapshotMode.values());
        snapshotMode.setConverter(new javafx.util.StringConverter<>() {
            @Override
            public String toString(Settings.SnapshotMode m2) {
                return m2 == null ? "" : switch (m2) {
                    case PAST, PAST_THEN_NEXT, NEXT -> m.get("settings.mode." + m2.name());
                };
            }

            @Override
            public Settings.SnapshotMode fromString(String s) {
                return null;
            }
        });
        snapshotMode.setValue(current.snapshotMode());
        snapshotMode.setId("snapshot-mode");
        theme.getItems().setAll(Settings.Theme.values());
        theme.setConverter(new javafx.util.StringConverter<>() {
            @Override
            public String toString(Settings.Theme t) {
                return t == null ? "" : m.get("theme." + t.name());
            }

            @Override
            public Settings.Theme fromString(String s) {
                return null;
            }
        });
        theme.setValue(current.theme());
        theme.setId("theme");
        language.setId("language");
        language.getItems().add(org.sonicsight.core.i18n.Languages.AUTO);
        language.getItems().addAll(org.sonicsight.core.i18n.Languages.tags());
        language.setConverter(new javafx.util.StringConverter<>() {
            @Override
            public String toString(String tag) {
                if (tag == null) {
                    return "";
                }
                return org.sonicsight.core.i18n.Languages.fromTag(tag).map(org.sonicsight.core.i18n.Languages::nativeName)
                        .orElseGet(() -> m.get("settings.language.auto", org.sonicsight.core.i18n.Languages.nativeName(
                                org.sonicsight.core.i18n.Languages.system())));
            }

            @Override
            public String fromString(String s) {
                return null;
            }
        });
        language.setValue(org.sonicsight.core.i18n.Languages.fromTag(current.language())
                .map(java.util.Locale::getLanguage).orElse(org.sonicsight.core.i18n.Languages.AUTO));
        textSize.setId("text-size");
        textSize.getValueFactory().setValue((int) Math.round(current.textScale() * 100));
        textSize.setEditable(true);
        demoField.setText(current.demoFile());
        demoField.setPromptText("a WAV file played as a virtual microphone (blank: none)");
        for (var c : List.of(spaceField, apiField, tokenField, fallback)) {
            c.disableProperty().bind(space.selectedProperty().not());
        }
        test.disableProperty().bind(space.selectedProperty().not().or(testing));
        test.setOnAction(e -> {
            connection.setText("Connecting to " + spaceField.getText().trim() + "…");
            testing.set(true);
            String target = spaceField.getText();
            String t = tokenField.getText();
            CompletableFuture<List<String>> endpoints = CompletableFuture.supplyAsync(() -> {
                try {
                    return inspector.endpoints(target, t);
                } catch (java.io.IOException ex) {
                    throw new java.util.concurrent.CompletionException(ex);
                }
            }, worker);
            FxThread.whenDone(endpoints, (names, error) -> {
                testing.set(false);
                connection.getStyleClass().removeAll("ok", "bad");
                if (error != null) {
                    connection.getStyleClass().add("bad");
                    connection.setText(MainViewModel.message(error));
                } else {
                    connection.getStyleClass().add("ok");
                    connection.setText(names.isEmpty() ? "Connected; the app lists no named endpoints."
                            : "Connected. Endpoints: " + String.join(", ", names));
                }
                // Room for a message that wrapped onto more lines: grow the window once the new text is laid out.
                javafx.application.Platform.runLater(() -> {
                    if (getDialogPane().getScene() != null && getDialogPane().getScene().getWindow() != null) {
                        getDialogPane().getScene().getWindow().sizeToScene();
                    }
                });
            });
        });

        GridPane grid = new GridPane();
        javafx.scene.layout.ColumnConstraints labels = new javafx.scene.layout.ColumnConstraints();
        labels.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        javafx.scene.layout.ColumnConstraints fields = new javafx.scene.layout.ColumnConstraints(420);
        grid.getColumnConstraints().addAll(labels, fields);
        connection.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        grid.setHgap(10);
        grid.setVgap(8);
        grid.setPadding(new Insets(12));
        int r = 0;
        grid.add(new Label(m.get("settings.backend")), 0, r);
        grid.add(new HBox(16, local, space), 1, r++);
        grid.add(labelFor(m.get("settings.space"), spaceField), 0, r);
        grid.add(spaceField, 1, r++);
        grid.add(labelFor(m.get("settings.endpoint"), apiField), 0, r);
        grid.add(apiField, 1, r++);
        grid.add(labelFor(m.get("settings.token"), tokenField), 0, r);
        grid.add(tokenField, 1, r++);
        grid.add(fallback, 1, r++);
        grid.add(new HBox(10, test), 1, r++);
        grid.add(connection, 1, r++);
        grid.add(labelFor(m.get("settings.snapshot"), snapshot), 0, r);
        grid.add(snapshot, 1, r++);
        grid.add(labelFor(m.get("settings.hears"), snapshotMode), 0, r);
        grid.add(snapshotMode, 1, r++);
        grid.add(labelFor(m.get("settings.theme"), theme), 0, r);
        grid.add(theme, 1, r++);
        grid.add(labelFor(m.get("settings.textSize") + " (%)", textSize), 0, r);
        grid.add(textSize, 1, r++);
        grid.add(labelFor(m.get("settings.language"), language), 0, r);
        grid.add(language, 1, r++);
        grid.add(labelFor(m.get("settings.demo"), demoField), 0, r);
        grid.add(demoField, 1, r++);
        getDialogPane().setContent(grid);
        getDialogPane().getStyleClass().add("settings-dialog");
        ButtonType save = new ButtonType(m.get("settings.save"), ButtonBar.ButtonData.OK_DONE);
        getDialogPane().getButtonTypes().addAll(save, ButtonType.CANCEL);
        setResultConverter(button -> button == save ? new Result(current
                .withBackend(space.isSelected() ? Settings.Backend.SPACE : Settings.Backend.LOCAL, spaceField.getText(),
                        apiField.getText(), fallback.isSelected())
                .withSnapshotSeconds(snapshot.getValue())
                .withSnapshotMode(snapshotMode.getValue())
                .withTheme(theme.getValue())
                .withTextScale(textSize.getValue() / 100.0)
                .withLanguage(language.getValue())
                .withDemoFile(demoField.getText()), tokenField.getText()) : null);
    }

    /** A label that names its control for screen readers (and moves focus to it with its mnemonic). */
    private static Label labelFor(String text, javafx.scene.Node control) {
        Label l = new Label(text);
        l.setLabelFor(control);
        control.setAccessibleText(text);
        return l;
    }
}
