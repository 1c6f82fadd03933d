package org.sonicsight.ui;

import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javafx.animation.PauseTransition;
import javafx.beans.property.ObjectProperty;
import javafx.util.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sonicsight.core.audio.AudioClip;
import org.sonicsight.core.audio.AudioRange;
import org.sonicsight.core.dsp.Spectrogram;
import org.sonicsight.core.dsp.SpectrogramAnalyzer;
import org.sonicsight.core.dsp.SpectrogramConfig;

/**
 * Zooming into a long file: its whole-file picture is pooled (an hour in a few thousand columns), so when the view
 * narrows to {@link #MAX_SECONDS} or less, the stretch in view (and as much again either side) is decoded and
 * analysed at full resolution on its own thread, a quarter second after the view stops moving.
 */
final class DetailLoader {

    private static final Logger LOG = LoggerFactory.getLogger(DetailLoader.class);
    /** Widest view drawn at full resolution (about 5,200 frames). */
    static final double MAX_SECONDS = 120;

    private final FileView view;
    private final ObjectProperty<OpenedFile> opened;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "file-detail");
        t.setDaemon(true);
        return t;
    });
    private final PauseTransition settle = new PauseTransition(Duration.millis(250));
    private Future<?> task;
    private double loadedFrom = -1;
    private double loadedTo = -1;
    /** Done loading (tests wait for it). */
    volatile int loads;

    DetailLoader(FileView view, ObjectProperty<OpenedFile> opened) {
        this.view = view;
        this.opened = opened;
        settle.setOnFinished(e -> load());
        view.onViewChanged(() -> settle.playFromStart());
        opened.addListener((o, old, f) -> {
            cancel();
            loadedFrom = -1;
            loadedTo = -1;
        });
    }

    private void load() {
        OpenedFile file = opened.get();
        double start = view.viewStart();
        double end = view.viewEnd();
        if (file == null || !view.pooled() || end - start > MAX_SECONDS) {
            return;
        }
        if (loadedFrom <= start && loadedTo >= end) {
            return; // already there
        }
        double span = end - start;
        double from = Math.max(0, start - span);
        double to = Math.min(view.duration(), end + span);
        cancel();
        Path path = file.path();
        task = worker.submit(() -> {
            try {
                AudioClip clip = AudioRange.read(path, from, to, SpectrogramConfig.DEFAULT.sampleRate());
                Spectrogram s = new SpectrogramAnalyzer(SpectrogramConfig.DEFAULT).analyze(clip);
                double realTo = from + clip.durationSeconds();
                FxThread.run(() -> {
                    if (opened.get() == file) {
                        loadedFrom = from;
                        loadedTo = realTo;
                        view.showDetail(s, from, realTo);
                        loads++;
                    }
                });
            } catch (java.util.concurrent.CancellationException e) {
                // a newer view asked
            } catch (Exception e) {
                LOG.debug("detail of {} failed", path, e);
            }
        });
    }

    private void cancel() {
        if (task != null) {
            task.cancel(true);
            task = null;
        }
    }

    void close() {
        worker.shutdownNow();
    }
}
