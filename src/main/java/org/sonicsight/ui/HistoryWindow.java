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

/** Past identifications: replay, delete, export as CSV or JSON. */
final class HistoryWindow extends Stage {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT)
            .withZone(ZoneId.systemDefault());

    final TableView<HistoryEntry> table = new TableView<>();
    private final ImageView preview = new ImageView();
    private final Label details = new Label("Select an entry.");

    HistoryWindow(Window owner, MainViewModel vm, Player player, String stylesheet, java.util.List<String> rootClasses) {
        initOwner(owner);
        setTitle("SonicSight history");
        table.setId("history-table");
        table.setItems(vm.history);
        table.setPlaceholder(new Label("Nothing identified yet."));
        table.getColumns().add(column("Time", e -> TIME.format(e.instant()), 150));
        table.getColumns().add(column("Source", HistoryEntry::source, 220));
        table.getColumns().add(column("Answer", e -> e.unsure() ? "not sure (" + e.label() + ")" : e.label(), 140));
        table.getColumns().add(column("Confidence", e -> String.format(Locale.ROOT, "%.0f%%", e.confidence() * 100), 90));
        table.getColumns().add(column("Backend", HistoryEntry::backend, 180));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);

        Button play = new Button("Play");
        Button delete = new Button("Delete");
        Button csv = new Button("Export CSV…");
        Button json = new Button("Export JSON…");
        delete.setId("history-delete");
        play.disableProperty().bind(table.getSelectionModel().selectedItemProperty().isNull());
        delete.disableProperty().bind(table.getSelectionModel().selectedItemProperty().isNull());
        play.setOnAction(e -> {
            HistoryEntry entry = table.getSelectionModel().getSelectedItem();
            vm.historyStore().audio(entry).ifPresentOrElse(player::play,
                    () -> vm.fail("History", "This entry has no saved audio."));
        });
        delete.setOnAction(e -> vm.deleteHistory(table.getSelectionModel().getSelectedItem()));
        csv.setOnAction(e -> export(vm, true));
        json.setOnAction(e -> export(vm, false));
        table.getSelectionModel().selectedItemProperty().addListener((obs, old, entry) -> showDetails(vm, entry));

        details.setWrapText(true);
        preview.setFitWidth(320);
        preview.setFitHeight(160);
        preview.setPreserveRatio(false);
        VBox side = new VBox(10, preview, details);
        side.setPrefWidth(330);
        side.setPadding(new Insets(0, 0, 0, 10));
        BorderPane root = new BorderPane(table);
        root.setRight(side);
        HBox buttons = new HBox(8, play, delete, csv, json);
        buttons.setPadding(new Insets(10, 0, 0, 0));
        root.setBottom(buttons);
        root.setPadding(new Insets(12));
        root.getStyleClass().addAll(rootClasses);
        Scene scene = new Scene(root, 1100, 520);
        scene.getStylesheets().add(stylesheet);
        setScene(scene);
    }

    private void showDetails(MainViewModel vm, HistoryEntry e) {
        if (e == null) {
            preview.setImage(null);
            details.setText("Select an entry.");
            return;
        }
        StringBuilder sb = new StringBuilder();
        e.top().forEach(s -> sb.append(String.format(Locale.ROOT, "%s %.0f%%%n", s.label(), s.probability() * 100)));
        sb.append("Took ").append(e.elapsedMs()).append(" ms");
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
