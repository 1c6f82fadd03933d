package org.sonicsight.core.detect;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.sonicsight.core.audio.Levels;
import org.sonicsight.core.classify.ClassifierException;
import org.sonicsight.core.classify.WindowClassifier;

/**
 * Slides model-sized windows over a stream of samples (at the model's rate)
 * and scores them, several per model call. Only the last window's worth of
 * samples plus one batch is held, so memory does not grow with the stream.
 * Not thread-safe: one feeding thread.
 */
public final class SlidingWindows {

    /** Receives scores in stream order. */
    public interface Sink {
        void accept(WindowScore score) throws ClassifierException;
    }

    private final WindowClassifier model;
    private final int window;
    private final int hop;
    private final double gateDbfs;
    private final int batch;
    private final Sink sink;

    private float[] buf;
    /** Absolute index of buf[0]. */
    private long bufStart;
    private int bufLen;
    /** Absolute start of the next window to cut. */
    private long nextStart;
    private long lastWindowEnd = -1;
    private final List<long[]> pendingSpans = new ArrayList<>();
    private final List<float[]> pendingWindows = new ArrayList<>();
    private boolean finished;

    /**
     * @param hopSamples step between window starts (at the model's rate)
     * @param batch      windows per model call: large for files (throughput), 1 for live audio (latency)
     */
    public SlidingWindows(WindowClassifier model, int hopSamples, double gateDbfs, int batch, Sink sink) {
        if (hopSamples < 1 || batch < 1) {
            throw new IllegalArgumentException("hop and batch must be positive");
        }
        this.model = model;
        this.window = model.windowSamples();
        this.hop = hopSamples;
        this.gateDbfs = gateDbfs;
        this.batch = batch;
        this.sink = sink;
        this.buf = new float[window + hop * batch + 4096];
    }

    /** Samples fed so far. */
    public long samplesSeen() {
        return bufStart + bufLen;
    }

    public void accept(float[] samples, int offset, int len) throws ClassifierException {
        if (finished) {
            throw new IllegalStateException("already finished");
        }
        int done = 0;
        while (done < len) {
            makeRoom();
            int take = Math.min(len - done, buf.length - bufLen);
            System.arraycopy(samples, offset + done, buf, bufLen, take);
            bufLen += take;
            done += take;
            cutWindows();
        }
    }

    /** Scores what is left: a last window flush with the end, or one zero-padded window for a short stream. */
    public void finish() throws ClassifierException {
        if (finished) {
            return;
        }
        finished = true;
        long end = samplesSeen();
        if (end > 0 && end < window && lastWindowEnd < 0) {
            float[] w = new float[window];
            System.arraycopy(buf, (int) (0 - bufStart), w, 0, (int) end);
            queue(0, (int) end, w);
        } else if (end >= window && end > lastWindowEnd && end - lastWindowEnd >= hop / 2) {
            long start = end - window;
            queue(start, window, Arrays.copyOfRange(buf, (int) (start - bufStart), (int) (end - bufStart)));
        }
        flush();
    }

    private void cutWindows() throws ClassifierException {
        while (nextStart + window <= bufStart + bufLen) {
            int from = (int) (nextStart - bufStart);
            queue(nextStart, window, Arrays.copyOfRange(buf, from, from + window));
            nextStart += hop;
        }
    }

    private void queue(long start, int length, float[] samples) throws ClassifierException {
        pendingSpans.add(new long[] {start, length});
        pendingWindows.add(samples);
        lastWindowEnd = start + length;
        if (pendingWindows.size() >= batch) {
            flush();
        }
    }

    private void flush() throws ClassifierException {
        if (pendingWindows.isEmpty()) {
            return;
        }
        int n = pendingWindows.size();
        double[] rms = new double[n];
        List<float[]> loud = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            rms[i] = Levels.of(pendingWindows.get(i), 0, (int) pendingSpans.get(i)[1]).rmsDbfs();
            if (rms[i] >= gateDbfs) {
                loud.add(pendingWindows.get(i));
            }
        }
        float[][] probs = loud.isEmpty() ? new float[0][] : model.scoreWindows(loud.toArray(new float[0][]));
        List<WindowScore> out = new ArrayList<>(n);
        int next = 0;
        for (int i = 0; i < n; i++) {
            float[] p = rms[i] >= gateDbfs ? probs[next++] : null;
            out.add(new WindowScore(pendingSpans.get(i)[0], (int) pendingSpans.get(i)[1], p, rms[i]));
        }
        pendingSpans.clear();
        pendingWindows.clear();
        for (WindowScore s : out) {
            sink.accept(s);
        }
    }

    /** Drops samples no future window needs; keeps the last window's worth for {@link #finish}. */
    private void makeRoom() {
        if (bufLen < buf.length) {
            return;
        }
        long keepFrom = Math.min(nextStart, bufStart + bufLen - window);
        int drop = (int) Math.max(0, keepFrom - bufStart);
        if (drop > 0) {
            System.arraycopy(buf, drop, buf, 0, bufLen - drop);
            bufLen -= drop;
            bufStart += drop;
        } else {
            buf = Arrays.copyOf(buf, buf.length * 2);
        }
    }
}
