package org.sonicsight.core.detect;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.CancellationException;
import java.util.function.Consumer;
import org.sonicsight.core.audio.AudioDecoder;
import org.sonicsight.core.audio.AudioInputException;
import org.sonicsight.core.audio.SampleStream;
import org.sonicsight.core.classify.ClassifierException;
import org.sonicsight.core.classify.WindowClassifier;

/**
 * The detector shared by {@code identify --events}, {@code listen}, the live
 * view and the file timeline: feed samples at the model's rate, get events.
 * Events arrive in the order they close, which for one verdict is time order.
 * Not thread-safe: one feeding thread.
 */
public final class EventDetector {

    /** Windows per model call when throughput matters more than latency (files). */
    public static final int FILE_BATCH = 8;

    private final SlidingWindows windows;
    private final EventMerger merger;
    private final int sampleRate;

    /**
     * @param batch windows per model call: {@link #FILE_BATCH} for files, 1 for live audio
     * @param sink  receives each event as it is found (on the feeding thread)
     */
    public EventDetector(WindowClassifier model, DetectorSettings settings, int batch, Consumer<DetectedEvent> sink) {
        this.sampleRate = model.sampleRate();
        this.merger = new EventMerger(model.classes(), model.sampleRate(), model.windowSamples(), settings, sink);
        int hop = Math.max(1, (int) Math.round(settings.hopSeconds() * model.sampleRate()));
        this.windows = new SlidingWindows(model, hop, settings.gateDbfs(), batch, merger::accept);
    }

    /** The rate {@link #accept} expects (the model's). */
    public int sampleRate() {
        return sampleRate;
    }

    public double secondsSeen() {
        return windows.samplesSeen() / (double) sampleRate;
    }

    public void accept(float[] samples, int offset, int len) throws ClassifierException {
        windows.accept(samples, offset, len);
    }

    /** End of the stream: scores the tail and reports events still open. */
    public void finish() throws ClassifierException {
        windows.finish();
        merger.finish();
    }

    /** Where a scan of a file has got to. */
    @FunctionalInterface
    public interface Progress {
        Progress NONE = (done, total) -> {
        };

        /**
         * @param secondsDone  audio analysed so far
         * @param secondsTotal the file's length as its header says, or -1 when it does not say
         */
        void update(double secondsDone, double secondsTotal);
    }

    /**
     * Runs the detector over a whole file, streaming (memory does not grow with its length), and reports each
     * event as it is found.
     *
     * @return seconds of audio analysed
     * @throws AudioInputException when the file cannot be decoded, or holds no audio
     */
    public static double scanFile(Path file, WindowClassifier model, DetectorSettings settings,
                                  Consumer<DetectedEvent> sink) throws AudioInputException, ClassifierException {
        return scanFile(file, model, settings, sink, Progress.NONE);
    }

    /**
     * As {@link #scanFile(Path, WindowClassifier, DetectorSettings, Consumer)}, reporting progress about every
     * quarter second of work, and stopping with a {@link CancellationException} when the calling thread is
     * interrupted (how the desktop's Cancel reaches it).
     */
    public static double scanFile(Path file, WindowClassifier model, DetectorSettings settings,
                                  Consumer<DetectedEvent> sink, Progress progress)
            throws AudioInputException, ClassifierException {
        EventDetector detector = new EventDetector(model, settings, FILE_BATCH, sink);
        try (SampleStream stream = AudioDecoder.open(file, model.sampleRate())) {
            long length = stream.estimatedLength();
            double total = length > 0 ? length / (double) model.sampleRate() : -1;
            progress.update(0, total);
            float[] block = new float[16384];
            int n;
            long lastReport = System.nanoTime();
            while ((n = stream.read(block, 0, block.length)) >= 0) {
                if (Thread.currentThread().isInterrupted()) {
                    throw new CancellationException("Cancelled.");
                }
                detector.accept(block, 0, n);
                long now = System.nanoTime();
                if (now - lastReport > 250_000_000L) {
                    lastReport = now;
                    progress.update(detector.secondsSeen(), total);
                }
            }
            progress.update(detector.secondsSeen(), total);
        } catch (IOException e) {
            if (Thread.currentThread().isInterrupted()) {
                throw new CancellationException("Cancelled.");
            }
            throw new AudioInputException(AudioInputException.Kind.CORRUPT,
                    "Could not decode " + file + ": " + e.getMessage() + ".", e);
        }
        if (detector.secondsSeen() == 0) {
            throw new AudioInputException(AudioInputException.Kind.EMPTY, file + " contains no audio (0 samples).");
        }
        detector.finish();
        return detector.secondsSeen();
    }
}
