package org.sonicsight.ui;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Optional;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.geometry.Insets;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.image.Image;
import javafx.scene.image.ImageView;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.sonicsight.core.history.HistoryEntry;
import org.sonicsight.core.i18n.Messages;

/**
 * Past identifications: filter by verdict and search by name, replay, reopen in the main view, delete, export as
 * CSV or JSON, and the limits that keep the folder from filling the disk.
 */
final class HistoryWindow extends Stage {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT)
            .withZone(ZoneId.systemDefault());

    final TableView<HistoryEntry> table = new TableView<>();
    private final ImageView preview = new ImageView();
    private final Label details = new Label();

    final javafx.collections.transformation.FilteredList<HistoryEntry> shown;
    final javafx.scene.control.ComboBox<String> verdict = new javafx.scene.control.ComboBox<>();
    final javafx.scene.control.TextField search = new javafx.scene.control.TextField();
    final javafx.scene.control.Spinner<Integer> maxMb = new javafx.scene.control.Spinner<>(0, 1_000_000, 500, 50);
    final javafx.scene.control.Spinner<Integer> maxDays = new javafx.scene.control.Spinner<>(0, 36_500, 90, 1);
    final Label limitsNote = new Label();

    HistoryWindow(Window owner, MainViewModel vm, Player player, String stylesheet, java.util.List<String> rootClasses) {
        this(owner, vm, player, stylesheet, rootClasses, e -> { });
    }

    /** @param reopen shows an entry again in the main window (its audio as a file, its answer as the result) */
    HistoryWindow(Window owner, MainViewModel vm, Player player, String stylesheet, java.util.List<String> rootClasses,
                  java.util.function.Consumer<HistoryEntry> reopen) {
        initOwner(owner);
        var m = vm.messages;
        titleProperty().bind(UiText.of(m, "history.title"));
        table.setId("history-table");
        shown = new javafx.collections.transformation.FilteredList<>(vm.history);
        table.setItems(shown);
        verdict.setId("history-verdict");
        verdict.getItems().addAll("All", "Dog", "Cat", "Other");
        verdict.setValue("All");
        // the values stay the filter's English words; only what is shown is translated
        verdict.setConverter(new javafx.util.StringConverter<>() {
            @Override
            public String toString(String value) {
                return value == null ? "" : switch (value) {
                    case "Dog" -> vm.m().get("verdict.dog");
                    case "Cat" -> vm.m().get("verdict.cat");
                    case "Other" -> vm.m().get("verdict.other");
                    default -> vm.m().get("history.filter.all");
                };
            }

            @Override
            public String fromString(String text) {
                return text;
            }
        });
        UiText.name(verdict, m, "history.filter.show");
        search.setId("history-search");
        search.promptTextProperty().bind(UiText.of(m, "history.search"));
        UiText.name(search, m, "history.search");
        Label count = new Label();
        Runnable refilter = () -> {
            org.sonicsight.core.history.HistoryFilter f = new org.sonicsight.core.history.HistoryFilter(
                    "All".equals(verdict.getValue()) ? "" : verdict.getValue(), search.getText());
            shown.setPredicate(f::matches);
            count.setText(vm.m().get("history.count", shown.size(), vm.history.size()));
        };
        verdict.valueProperty().addListener((o, a, b) -> refilter.run());
        search.textProperty().addListener((o, a, b) -> refilter.run());
        vm.history.addListener((javafx.collections.ListChangeListener<HistoryEntry>) c -> refilter.run());
        refilter.run();
        HBox filters = new HBox(8, UiText.text(new Label(), m, "history.filter.show"), verdict, search, count);
        filters.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        filters.setPadding(new Insets(0, 0, 10, 0));
        javafx.scene.layout.HBox.setHgrow(search, javafx.scene.layout.Priority.ALWAYS);
        table.setPlaceholder(UiText.text(new Label(), m, "history.empty"));
        table.getColumns().add(column("Time", e -> TIME.format(e.instant()), 150));
        table.getColumns().add(column("Source", HistoryEntry::source, 220));
        table.getColumns().add(column("Answer", e -> e.unsure() ? vm.m().get("history.unsure", vm.m().label(e.label()))
                : vm.m().label(e.label()), 140));
        table.getColumns().add(column("Confidence", e -> vm.m().percent(e.confidence(), 0), 90));
        table.getColumns().add(column("Backend", HistoryEntry::backend, 180));
        java.util.List<String> keys = java.util.List.of("history.time", "history.source", "history.answer",
                "history.confidence", "history.backend");
        for (int i = 0; i < keys.size(); i++) {
            table.getColumns().get(i).textProperty().bind(UiText.of(m, keys.get(i)));
        }
        m.addListener((o, old, now) -> {
            table.refresh();
            refilter.run();
            String value = verdict.getValue(); // re-shows the chosen filter in the new language
            verdict.setValue(null);
            verdict.setValue(value);
            showDetails(vm, table.getSelectionModel().getSelectedItem());
        });
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);

        Button play = UiText.text(new Button(), m, "history.play");
        Button open = UiText.text(new Button(), m, "history.open");
        open.setId("history-open");
        open.disableProperty().bind(table.getSelectionModel().selectedItemProperty().isNull());
        open.setOnAction(e -> reopen.accept(table.getSelectionModel().getSelectedItem()));
        table.setRowFactory(t -> {
            javafx.scene.control.TableRow<HistoryEntry> row = new javafx.scene.control.TableRow<>();
            row.setOnMouseClicked(ev -> {
                if (ev.getClickCount() == 2 && !row.isEmpty()) {
                    reopen.accept(row.getItem());
                }
            });
            return row;
        });
        Button delete = UiText.text(new Button(), m, "history.delete");
        Button csv = UiText.text(new Button(), m, "history.csv");
        Button json = UiText.text(new Button(), m, "history.json");
        delete.setId("history-delete");
        play.disableProperty().bind(table.getSelectionModel().selectedItemProperty().isNull());
        delete.disableProperty().bind(table.getSelectionModel().selectedItemProperty().isNull());
        play.setOnAction(e -> {
            HistoryEntry entry = table.getSelectionModel().getSelectedItem();
            vm.historyStore().audio(entry).ifPresentOrElse(player::play,
                    () -> vm.fail(MainViewModel.Problem.Kind.HISTORY, vm.m().get("history.title"),
                            vm.m().get("history.noAudio")));
        });
        delete.setOnAction(e -> vm.deleteHistory(table.getSelectionModel().getSelectedItem()));
        csv.setOnAction(e -> export(vm, true));
        json.setOnAction(e -> export(vm, false));
        table.getSelectionModel().selectedItemProperty().addListener((obs, old, entry) -> showDetails(vm, entry));
        showDetails(vm, null);

        details.setWrapText(true);
        preview.setFitWidth(320);
        preview.setFitHeight(160);
        preview.setPreserveRatio(false);
        VBox side = new VBox(10, preview, details);
        side.setPrefWidth(330);
        side.setPadding(new Insets(0, 0, 0, 10));
        BorderPane root = new BorderPane(table);
        root.setTop(filters);
        root.setRight(side);
        maxMb.setEditable(true);
        maxDays.setEditable(true);
        maxMb.setId("history-max-mb");
        maxDays.setId("history-max-days");
        maxMb.setPrefWidth(100);
        maxDays.setPrefWidth(90);
        Button apply = UiText.text(new Button(), m, "history.limits.apply");
        apply.setId("history-apply-limits");
        apply.setOnAction(e -> applyLimits(vm));
        loadLimits(vm);
        javafx.scene.layout.Region gap = new javafx.scene.layout.Region();
        HBox.setHgrow(gap, javafx.scene.layout.Priority.ALWAYS);
        HBox buttons = new HBox(8, play, open, delete, csv, json, gap,
                UiText.text(new Label(), m, "history.limits.keep"), maxMb,
                UiText.text(new Label(), m, "history.limits.mbAnd"), maxDays,
                UiText.text(new Label(), m, "history.limits.days"), apply, limitsNote);
        UiText.name(maxMb, m, "history.limits.mb.name");
        UiText.name(maxDays, m, "history.limits.days.name");
        buttons.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        buttons.setPadding(new Insets(10, 0, 0, 0));
        root.setBottom(buttons);
        root.setPadding(new Insets(12));
        root.getStyleClass().addAll(rootClasses);
        Scene scene = new Scene(root, 1100, 520);
        scene.getStylesheets().add(stylesheet);
        setScene(scene);
        // From the keyboard: arrows move through the entries (the table has focus), Enter plays, Delete deletes,
        // Esc closes the window.
        UiText.name(table, m, "history.title");
        table.addEventHandler(javafx.scene.input.KeyEvent.KEY_PRESSED, e -> {
            if (e.getCode() == javafx.scene.input.KeyCode.ENTER && !play.isDisabled()) {
                play.fire();
                e.consume();
            } else if (e.getCode() == javafx.scene.input.KeyCode.DELETE && !delete.isDisabled()) {
                delete.fire();
                e.consume();
            }
        });
        scene.addEventHandler(javafx.scene.input.KeyEvent.KEY_PRESSED, e -> {
            if (e.getCode() == javafx.scene.input.KeyCode.ESCAPE) {
                hide();
                e.consume();
            }
        });
        setOnShown(e -> focusNewest());
    }

    /** Focus on the table with the newest entry selected, so the arrows work at once. */
    void focusNewest() {
        if (table.getSelectionModel().getSelectedItem() == null && !table.getItems().isEmpty()) {
            table.getSelectionModel().select(0);
            table.getFocusModel().focus(0);
        }
        table.requestFocus();
    }

    private void loadLimits(MainViewModel vm) {
        java.util.concurrent.CompletableFuture.supplyAsync(() -> vm.historyStore().limits(),
                r -> new Thread(r, "history-limits").start()).thenAccept(l -> FxThread.run(() -> {
                    maxMb.getValueFactory().setValue((int) Math.min(Integer.MAX_VALUE, l.maxMegabytes()));
                    maxDays.getValueFactory().setValue(l.maxDays());
                }));
    }

    /** Saves the limits and applies them at once (off the FX thread); 0 means no limit. */
    java.util.concurrent.CompletableFuture<Integer> applyLimits(MainViewModel vm) {
        org.sonicsight.core.history.HistoryLimits limits = new org.sonicsight.core.history.HistoryLimits(
                maxMb.getValue(), maxDays.getValue());
        java.util.concurrent.CompletableFuture<Integer> done = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                return vm.historyStore().setLimits(limits);
            } catch (java.io.IOException ex) {
                throw new java.util.concurrent.CompletionException(ex);
            }
        }, r -> new Thread(r, "history-limits").start());
        FxThread.whenDone(done, (removed, error) -> {
            if (error != null) {
                limitsNote.setText(vm.m().get("history.limits.failed", error.getMessage()));
            } else {
                limitsNote.setText(vm.m().get("history.limits.saved", removed));
                vm.loadHistory();
            }
        });
        return done;
    }

    private void showDetails(MainViewModel vm, HistoryEntry e) {
        if (e == null) {
            preview.setImage(null);
            details.setText(vm.m().get("history.select"));
            return;
        }
        StringBuilder sb = new StringBuilder();
        Messages words = vm.m();
        e.top().forEach(s -> sb.append(words.label(s.label())).append(' ').append(words.percent(s.probability(), 0))
                .append('\n'));
        sb.append(words.get("history.took", e.elapsedMs()));
        if (!e.note().isBlank()) {
            sb.append("\n").append(e.note());
        }
        details.setText(sb.toString());
        Optional<java.nio.file.Path> png = vm.historyStore().image(e);
        try {
            preview.setImage(png.isPresent() ? new Image(new ByteArrayInputStream(Files.readAllBytes(png.get()))) : null);
        } catch (java.io.IOException ex) {
            preview.setImage(null);
        }
    }

    private void export(MainViewModel vm, boolean csv) {
        FileChooser chooser = new FileChooser();
        chooser.setInitialFileName(csv ? "sonicsight-history.csv" : "sonicsight-history.json");
        chooser.getExtensionFilters().add(csv ? new FileChooser.ExtensionFilter("CSV", "*.csv")
                : new FileChooser.ExtensionFilter("JSON", "*.json"));
        java.io.File target = chooser.showSaveDialog(this);
        if (target != null) {
            vm.exportHistory(target.toPath(), csv);
        }
    }

    private static TableColumn<HistoryEntry, String> column(String title,
                                                           java.util.function.Function<HistoryEntry, String> value,
                                                           double width) {
        TableColumn<HistoryEntry, String> c = new TableColumn<>(title);
        c.setCellValueFactory(cell -> new ReadOnlyStringWrapper(value.apply(cell.getValue())));
        c.setPrefWidth(width);
        return c;
    }
}
