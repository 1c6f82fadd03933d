package org.sonicsight.ui;

import java.nio.file.Path;
import java.util.Comparator;
import java.util.Locale;
import java.util.concurrent.CancellationException;
import java.util.concurrent.Future;
import javafx.beans.value.ObservableValue;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sonicsight.core.audio.AudioInputException;
import org.sonicsight.core.classify.ClassifierException;
import org.sonicsight.core.classify.Verdict;
import org.sonicsight.core.classify.WindowClassifier;
import org.sonicsight.core.i18n.Messages;
import org.sonicsight.core.detect.DetectedEvent;
import org.sonicsight.core.detect.DetectorSettings;
import org.sonicsight.core.detect.EventDetector;

/**
 * The timeline of an opened file: the event detector run over the whole file (streamed, so an hour-long file
 * stays in bounded memory) on the scan worker, its events in time order, progress and Cancel. Properties are
 * set on the FX thread only.
 */
final class TimelineViewModel {

    private static final Logger LOG = LoggerFactory.getLogger(TimelineViewModel.class);

    final ObservableList<DetectedEvent> events = FXCollections.observableArrayList();
    /** 0..1 while scanning (-1: the file does not say its length), 1 when done. */
    final DoubleProperty progress = new SimpleDoubleProperty(0);
    /** Seconds of the file scanned so far (the strip shades what is still to come). */
    final DoubleProperty scannedSeconds = new SimpleDoubleProperty(0);
    final BooleanProperty running = new SimpleBooleanProperty(false);
    final StringProperty status = new SimpleStringProperty("");
    final ObjectProperty<DetectedEvent> selected = new SimpleObjectProperty<>();
    final ObjectProperty<Path> file = new SimpleObjectProperty<>();

    private final ScanModel scan;
    private Future<?> task;
    /** Bumped by each scan and cancel: results of an older scan are dropped. */
    private long generation;

    private final ObservableValue<Messages> messages;

    TimelineViewModel(ScanModel scan, ObservableValue<Messages> messages) {
        this.messages = messages;
        this.scan = scan;
    }

    /** Starts scanning {@code path} (FX thread), cancelling a scan in progress. */
    void scan(Path path) {
        cancelTask();
        long gen = ++generation;
        events.clear();
        selected.set(null);
        file.set(path);
        progress.set(0);
        scannedSeconds.set(0);
        running.set(true);
        status.set(words().get("desk.timeline.finding"));
        long t0 = System.nanoTime();
        task = scan.worker.submit(() -> {
            try {
                WindowClassifier model = scan.model();
                double seconds = EventDetector.scanFile(path, model, DetectorSettings.DEFAULTS,
                        e -> FxThread.run(() -> {
                            if (gen == generation) {
                                insert(e);
                            }
                        }),
                        (done, total) -> FxThread.run(() -> {
                            if (gen == generation) {
                                scannedSeconds.set(done);
                                progress.set(total > 0 ? Math.min(1, done / total) : -1);
                                status.set(total > 0
                                        ? words().get("desk.timeline.findingOf", EventLinesFx.clock(done),
                                                EventLinesFx.clock(total))
                                        : words().get("desk.timeline.findingAt", EventLinesFx.clock(done)));
                            }
                        }));
                double took = (System.nanoTime() - t0) / 1e9;
                LOG.info("Timeline of {}: {} s of audio scanned in {} s", path.getFileName(),
                        String.format(Locale.ROOT, "%.1f", seconds), String.format(Locale.ROOT, "%.1f", took));
                FxThread.run(() -> {
                    if (gen == generation) {
                        running.set(false);
                        progress.set(1);
                        scannedSeconds.set(seconds);
                        status.set(summary(seconds, took));
                    }
                });
            } catch (CancellationException e) {
                FxThread.run(() -> {
                    if (gen == generation) {
                        running.set(false);
                        status.set(words().get("desk.timeline.cancelled", events.size(),
                                EventLinesFx.clock(scannedSeconds.get())));
                    }
                });
            } catch (AudioInputException | ClassifierException | RuntimeException e) {
                LOG.debug("timeline scan failed", e);
                FxThread.run(() -> {
                    if (gen == generation) {
                        running.set(false);
                        status.set(words().get("desk.timeline.failed", e.getMessage()));
                    }
                });
            }
            return null;
        });
    }

    /** Stops the scan in progress (the events found so far stay). */
    void cancel() {
        if (running.get()) {
            cancelTask();
        }
    }

    /** Forgets the file (closed). */
    void clear() {
        cancelTask();
        generation++;
        events.clear();
        selected.set(null);
        file.set(null);
        running.set(false);
        status.set("");
    }

    private void cancelTask() {
        if (task != null) {
            task.cancel(true);
            task = null;
        }
    }

    private void insert(DetectedEvent e) {
        int i = 0;
        while (i < events.size() && events.get(i).start() <= e.start()) {
            i++;
        }
        events.add(i, e);
    }

    String summary(double seconds, double took) {
        long dogs = events.stream().filter(e -> e.verdict() == Verdict.DOG).count();
        long cats = events.stream().filter(e -> e.verdict() == Verdict.CAT).count();
        return words().get("desk.timeline.summary", dogs, cats, EventLinesFx.clock(seconds), Math.round(took));
    }

    private Messages words() {
        return messages.getValue();
    }

    /** The event after (or before, {@code step} -1) the selected one. */
    DetectedEvent neighbour(int step) {
        if (events.isEmpty()) {
            return null;
        }
        int i = selected.get() == null ? (step > 0 ? -1 : events.size()) : events.indexOf(selected.get());
        int j = Math.max(0, Math.min(events.size() - 1, i + step));
        return events.get(j);
    }

    static Comparator<DetectedEvent> byStart() {
        return Comparator.comparingDouble(DetectedEvent::start);
    }
}
