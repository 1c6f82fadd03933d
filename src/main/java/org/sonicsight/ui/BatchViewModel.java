package org.sonicsight.ui;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Future;
import javafx.beans.value.ObservableValue;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sonicsight.core.audio.AudioFiles;
import org.sonicsight.core.audio.AudioInputException;
import org.sonicsight.core.classify.ClassifierException;
import org.sonicsight.core.classify.WindowClassifier;
import org.sonicsight.core.i18n.Messages;
import org.sonicsight.core.detect.DetectedEvent;
import org.sonicsight.core.detect.DetectorSettings;
import org.sonicsight.core.detect.EventDetector;
import org.sonicsight.core.export.EventFormat;
import org.sonicsight.core.export.EventTableWriter;
import org.sonicsight.core.settings.AtomicFiles;

/**
 * A batch: files and folders (searched recursively for audio files) scanned one after another by the event
 * detector on the batch worker. A file that fails is marked and the batch goes on; Cancel stops after the
 * current read. Events export as CSV, JSON lines, a Raven selection table or Audacity labels. Properties change
 * on the FX thread only.
 */
final class BatchViewModel {

    private static final Logger LOG = LoggerFactory.getLogger(BatchViewModel.class);

    final ObservableList<BatchRow> rows = FXCollections.observableArrayList();
    final BooleanProperty running = new SimpleBooleanProperty(false);
    /** Files done (plus the fraction of the current one) over files in the batch. */
    final DoubleProperty progress = new SimpleDoubleProperty(0);
    final StringProperty status = new SimpleStringProperty();

    private final ScanModel scan;
    private Future<?> task;
    private boolean cancelled;
    /** The model's name, for the JSON export's backend field. */
    private volatile String backend = "local model";

    private final ObservableValue<Messages> messages;

    BatchViewModel(ScanModel scan, ObservableValue<Messages> messages) {
        this.scan = scan;
        this.messages = messages;
        status.set(words().get("desk.batch.hint"));
    }

    /**
     * Adds files and folders (FX thread); folders are listed off the FX thread. Starts scanning if idle.
     *
     * @return done when the files are in the table
     */
    CompletableFuture<Void> add(List<Path> named) {
        CompletableFuture<List<BatchRow>> listed = CompletableFuture.supplyAsync(() -> {
            List<BatchRow> out = new ArrayList<>();
            for (Path p : named) {
                try {
                    if (Files.isDirectory(p)) {
                        for (Path f : AudioFiles.inFolder(p)) {
                            Path base = p.getFileName() == null ? p : p.getFileName();
                            out.add(new BatchRow(f, base.resolve(p.relativize(f)).toString()));
                        }
                    } else {
                        out.add(new BatchRow(p, String.valueOf(p.getFileName())));
                    }
                } catch (IOException e) {
                    throw new CompletionException(e);
                }
            }
            return out;
        }, scan.batchWorker.isShutdown() ? CompletableFuture.delayedExecutor(0, java.util.concurrent.TimeUnit.SECONDS)
                : r -> new Thread(r, "batch-list").start());
        CompletableFuture<Void> done = new CompletableFuture<>();
        FxThread.whenDone(listed, (found, error) -> {
            if (error != null) {
                status.set(words().get("desk.batch.listFailed", error.getMessage()));
                done.complete(null);
                return;
            }
            if (found.isEmpty()) {
                status.set(words().get("desk.batch.noAudio",
                        String.join(", ", new java.util.TreeSet<>(AudioFiles.EXTENSIONS))));
            }
            found.forEach(r -> r.status.set(words().get("desk.batch.row.waiting")));
            rows.addAll(found);
            if (!running.get()) {
                start();
            }
            done.complete(null);
        });
        return done;
    }

    /** Scans the rows still waiting, one after another (FX thread). */
    void start() {
        List<BatchRow> todo = rows.stream().filter(r -> r.state == BatchRow.State.WAITING).toList();
        if (todo.isEmpty()) {
            return;
        }
        cancelled = false;
        running.set(true);
        long t0 = System.nanoTime();
        task = scan.batchWorker.submit(() -> {
            WindowClassifier model;
            try {
                model = scan.model();
                backend = model.name();
            } catch (ClassifierException e) {
                FxThread.run(() -> {
                    running.set(false);
                    status.set(words().get("desk.batch.noModel", e.getMessage()));
                });
                return;
            }
            for (BatchRow row : todo) {
                if (Thread.currentThread().isInterrupted()) {
                    break;
                }
                FxThread.run(() -> {
                    row.state = BatchRow.State.SCANNING;
                    row.status.set(words().get("desk.batch.row.scanning"));
                    updateProgress(0);
                });
                try {
                    double seconds = EventDetector.scanFile(row.path, model, DetectorSettings.DEFAULTS,
                            e -> FxThread.run(() -> row.add(e)),
                            (done, total) -> FxThread.run(() -> {
                                if (total > 0) {
                                    row.duration.set(total);
                                    row.status.set(words().get("desk.batch.row.scanningShare",
                                            words().percent(done / total, 0)));
                                    updateProgress(done / total);
                                }
                            }));
                    FxThread.run(() -> {
                        row.duration.set(seconds);
                        row.state = BatchRow.State.DONE;
                        row.status.set(words().get("desk.batch.row.done"));
                        updateProgress(0);
                    });
                } catch (CancellationException e) {
                    break;
                } catch (AudioInputException | ClassifierException | RuntimeException e) {
                    LOG.debug("batch: {} failed", row.path, e);
                    // the table already names the file: the message without its path
                    String message = String.valueOf(e.getMessage()).replace(row.path.toString(),
                            String.valueOf(row.path.getFileName()));
                    FxThread.run(() -> {
                        row.state = BatchRow.State.FAILED;
                        row.status.set(words().get("desk.batch.row.error", message));
                        updateProgress(0);
                    });
                }
            }
            double took = (System.nanoTime() - t0) / 1e9;
            FxThread.run(() -> finish(took));
        });
    }

    private void finish(double took) {
        running.set(false);
        int failed = 0;
        int done = 0;
        for (BatchRow r : rows) {
            if (r.state == BatchRow.State.SCANNING || (cancelled && r.state == BatchRow.State.WAITING)) {
                r.state = BatchRow.State.CANCELLED;
                r.status.set(words().get("desk.batch.row.cancelled"));
            }
            failed += r.state == BatchRow.State.FAILED ? 1 : 0;
            done += r.state == BatchRow.State.DONE ? 1 : 0;
        }
        int events = rows.stream().mapToInt(r -> r.events.size()).sum();
        Messages words = words();
        String summary = words.get(failed > 0 ? "desk.batch.summaryFailed" : "desk.batch.summary", done, rows.size(),
                events, Math.round(took), failed);
        status.set(cancelled ? words.get("desk.batch.cancelledSummary", summary) : summary);
        updateProgress(0);
        if (!cancelled) {
            start(); // files added while this run was going
        }
    }

    private void updateProgress(double current) {
        long finished = rows.stream().filter(r -> r.state != BatchRow.State.WAITING
                && r.state != BatchRow.State.SCANNING).count();
        progress.set(rows.isEmpty() ? 0 : Math.min(1, (finished + current) / rows.size()));
        if (running.get()) {
            status.set(words().get("desk.batch.scanningFile", Math.min(rows.size(), finished + 1), rows.size()));
        }
    }

    private Messages words() {
        return messages.getValue();
    }

    void cancel() {
        if (task != null && running.get()) {
            cancelled = true;
            task.cancel(true);
            // the worker reports back through finish() only if it was running; make sure the table says so
            FxThread.run(() -> {
                if (running.get()) {
                    finish(0);
                }
            });
        }
    }

    /** Empties the table (cancels a run). */
    void clear() {
        cancel();
        rows.clear();
        status.set(words().get("desk.batch.hint"));
        progress.set(0);
    }

    /** All events of the batch in {@code format} (FX thread: reads the rows). */
    String table(EventFormat format) {
        StringWriter w = new StringWriter();
        EventTableWriter t = new EventTableWriter(w, format, rows.size() > 1, 22050 / 2.0);
        try {
            t.begin();
            for (BatchRow r : rows) {
                for (DetectedEvent e : r.events) {
                    t.event(r.path.toString(), e, backend);
                }
                t.endFile(Math.max(0, r.duration.get()));
            }
        } catch (IOException e) {
            throw new IllegalStateException(e); // a StringWriter does not fail
        }
        return w.toString();
    }

    /** Writes the events to {@code target} (atomically, off the FX thread). */
    CompletableFuture<Void> export(Path target, EventFormat format) {
        String text = table(format);
        return CompletableFuture.runAsync(() -> {
            try {
                AtomicFiles.write(target, text.getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new CompletionException(e);
            }
        }, r -> new Thread(r, "batch-export").start());
    }
}
