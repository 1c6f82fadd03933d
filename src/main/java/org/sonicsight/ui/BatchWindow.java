package org.sonicsight.ui;

import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import javafx.beans.binding.Bindings;
import javafx.beans.value.ObservableValue;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.input.TransferMode;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.stage.DirectoryChooser;
import javafx.stage.FileChooser;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.sonicsight.core.export.EventFormat;
import org.sonicsight.core.i18n.Messages;

/**
 * A batch of files: file, duration, events by verdict, best confidence and status per file; progress and Cancel;
 * export of every event. Double-clicking a file opens it with its timeline in the main window.
 */
final class BatchWindow extends Stage {

    final BatchViewModel vm;
    private final ObservableValue<Messages> m;
    final TableView<BatchRow> table = new TableView<>();
    final ProgressBar progress = new ProgressBar(0);
    final Label status = new Label();

    BatchWindow(Window owner, BatchViewModel vm, Consumer<Path> open, String stylesheet, List<String> rootClasses,
            ObservableValue<Messages> m) {
        this.vm = vm;
        this.m = m;
        initOwner(owner);
        titleProperty().bind(UiText.of(m, "desk.batch.title"));
        table.setId("batch-table");
        table.setItems(vm.rows);
        table.setPlaceholder(UiText.text(new Label(), m, "desk.batch.empty"));
        TableColumn<BatchRow, String> file = column("desk.batch.col.file", r -> Bindings.createStringBinding(() -> r.display), 330);
        table.getColumns().add(file);
        table.getColumns().add(column("desk.batch.col.duration", r -> Bindings.createStringBinding(
                () -> r.duration.get() < 0 ? "" : EventLinesFx.clock(r.duration.get()), r.duration), 80));
        table.getColumns().add(column("desk.batch.col.dogs", r -> r.dogs.asString(), 60));
        table.getColumns().add(column("desk.batch.col.cats", r -> r.cats.asString(), 60));
        table.getColumns().add(column("desk.batch.col.other", r -> r.others.asString(), 60));
        table.getColumns().add(column("desk.batch.col.best", r -> Bindings.createStringBinding(
                () -> r.best.get() < 0 ? "" : m.getValue().percent(r.best.get(), 0), r.best, m), 70));
        table.getColumns().add(column("desk.batch.col.status", r -> r.status, 260));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.setRowFactory(t -> {
            TableRow<BatchRow> row = new TableRow<>();
            row.setOnMouseClicked(e -> {
                if (e.getClickCount() == 2 && !row.isEmpty()) {
                    open.accept(row.getItem().path);
                }
            });
            return row;
        });

        Button addFiles = UiText.text(new Button(), m, "desk.batch.addFiles");
        addFiles.setOnAction(e -> {
            FileChooser chooser = new FileChooser();
            chooser.setTitle(m.getValue().get("desk.batch.addFilesTitle"));
            List<File> files = chooser.showOpenMultipleDialog(this);
            if (files != null) {
                vm.add(files.stream().map(File::toPath).toList());
            }
        });
        Button addFolder = UiText.text(new Button(), m, "desk.batch.addFolder");
        addFolder.setOnAction(e -> {
            File dir = new DirectoryChooser().showDialog(this);
            if (dir != null) {
                vm.add(List.of(dir.toPath()));
            }
        });
        Button cancel = UiText.text(new Button(), m, "desk.cancel");
        cancel.setId("batch-cancel");
        cancel.disableProperty().bind(vm.running.not());
        cancel.setOnAction(e -> vm.cancel());
        Button clear = UiText.text(new Button(), m, "desk.batch.clear");
        clear.setOnAction(e -> vm.clear());
        MenuButton export = new MenuButton();
        export.textProperty().bind(UiText.of(m, "desk.batch.export"));
        export.setId("batch-export");
        for (EventFormat f : EventFormat.values()) {
            MenuItem item = UiText.text(new MenuItem(), m, switch (f) {
                case CSV -> "desk.batch.export.csv";
                case JSON -> "desk.batch.export.json";
                case RAVEN -> "desk.batch.export.raven";
                case AUDACITY -> "desk.batch.export.audacity";
            });
            item.setOnAction(e -> export(f));
            export.getItems().add(item);
        }
        export.disableProperty().bind(Bindings.isEmpty(vm.rows));
        progress.setId("batch-progress");
        progress.progressProperty().bind(vm.progress);
        progress.setPrefWidth(200);
        status.setId("batch-status");
        status.textProperty().bind(vm.status);
        Region gap = new Region();
        HBox.setHgrow(gap, Priority.ALWAYS);
        HBox buttons = new HBox(8, addFiles, addFolder, cancel, clear, gap, export);
        buttons.setAlignment(Pos.CENTER_LEFT);
        HBox bottom = new HBox(10, progress, status);
        bottom.setAlignment(Pos.CENTER_LEFT);
        bottom.setPadding(new Insets(10, 0, 0, 0));
        BorderPane root = new BorderPane(table);
        root.setTop(buttons);
        BorderPane.setMargin(buttons, new Insets(0, 0, 10, 0));
        root.setBottom(bottom);
        root.setPadding(new Insets(12));
        root.getStyleClass().addAll(rootClasses);
        root.getStyleClass().add("batch");
        Scene scene = new Scene(root, 1100, 520);
        scene.getStylesheets().add(stylesheet);
        scene.setOnDragOver(e -> {
            if (e.getDragboard().hasFiles()) {
                e.acceptTransferModes(TransferMode.COPY);
            }
            e.consume();
        });
        scene.setOnDragDropped(e -> {
            List<File> files = e.getDragboard().getFiles();
            boolean ok = files != null && !files.isEmpty();
            if (ok) {
                vm.add(files.stream().map(File::toPath).toList());
            }
            e.setDropCompleted(ok);
            e.consume();
        });
        setScene(scene);
    }

    private void export(EventFormat format) {
        FileChooser chooser = new FileChooser();
        chooser.setTitle(m.getValue().get("desk.batch.export"));
        String ext = format == EventFormat.CSV ? "csv" : format == EventFormat.JSON ? "jsonl" : "txt";
        chooser.setInitialFileName(switch (format) {
            case CSV -> "events.csv";
            case JSON -> "events.jsonl";
            case RAVEN -> "events.selections.txt";
            case AUDACITY -> "events.labels.txt";
        });
        chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter(format.id(), "*." + ext));
        File target = chooser.showSaveDialog(this);
        if (target != null) {
            FxThread.whenDone(vm.export(target.toPath(), format), (v, error) -> vm.status.set(error == null
                    ? m.getValue().get("desk.batch.exported", target)
                    : m.getValue().get("desk.batch.exportFailed", error.getMessage())));
        }
    }

    private TableColumn<BatchRow, String> column(String titleKey, Function<BatchRow, ObservableValue<String>> value,
                                                 double width) {
        TableColumn<BatchRow, String> c = new TableColumn<>();
        c.textProperty().bind(UiText.of(m, titleKey));
        c.setCellValueFactory(cell -> value.apply(cell.getValue()));
        c.setPrefWidth(width);
        return c;
    }
}
