package org.sonicsight.core.live;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.DoubleConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sonicsight.core.audio.AudioClip;
import org.sonicsight.core.audio.AudioInputException;
import org.sonicsight.core.audio.AudioSource;
import org.sonicsight.core.audio.Levels;
import org.sonicsight.core.audio.SampleHistory;
import org.sonicsight.core.audio.StreamingResampler;
import org.sonicsight.core.dsp.MelFrameStream;
import org.sonicsight.core.dsp.PowerToDb;
import org.sonicsight.core.dsp.SpectrogramConfig;

/**
 * The live pipeline, without any toolkit: an {@link AudioSource} is resampled
 * to the analysis rate, cut into mel frames and converted to dB on the
 * source's own thread; columns go into a {@link ColumnRing} for the view to
 * pull once per pulse. It also serves snapshots (Record &amp; Identify) from
 * the same stream, so the microphone is opened once.
 */
public final class LiveAnalyzer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LiveAnalyzer.class);

    /**
     * Reference for live dB values. Mel power of a full-scale sine through a
     * Hann-windowed 2048-point FFT and Slaney-normalised filters peaks around
     * +30 dB; using that as 0 dB puts speech and barks at a close microphone
     * near the top of the default −80…0 dB range.
     */
    public static final double LIVE_REF_DB = 30.0;

    /** Audio kept for "what was that?": enough for the longest snapshot the settings allow. */
    public static final double PRE_ROLL_SECONDS = 30.0;

    private final SpectrogramConfig config;
    private final ColumnRing ring;
    private final float[] dbColumn;
    private final AtomicReference<Snapshot> snapshot = new AtomicReference<>();
    private final SampleHistory recent;
    private volatile long lastCaptureStart;
    private volatile Tap tap;

    /** Receives every analysed sample (at the analysis rate) on the audio thread; must not block. */
    public interface SampleTap {
        void accept(float[] samples, int offset, int len);
    }

    /** A tap and where on the {@link #samplesWritten} clock its first sample lies. */
    private static final class Tap {
        final SampleTap sink;
        volatile long start = -1;

        Tap(SampleTap sink) {
            this.sink = sink;
        }
    }

    /**
     * Sends every analysed sample from now on to {@code sink} (null stops it); continuous listening uses it.
     *
     * @return a supplier of the stream position of the first sample the tap got (-1 until one arrived)
     */
    public java.util.function.LongSupplier setTap(SampleTap sink) {
        Tap t = sink == null ? null : new Tap(sink);
        tap = t;
        return t == null ? () -> -1 : () -> t.start;
    }
    private volatile Levels levels = Levels.SILENCE;
    private volatile AudioSource source;
    /** The pipeline of the current source; an old source's late calls are ignored. */
    private volatile Pipeline active;
    private volatile String failure;
    private volatile long lastBlockNanos;

    /** Longest wait for an old source's thread when switching (a blocked device read, a slow block). */
    public static final long STOP_WAIT_MILLIS = 2000;

    public LiveAnalyzer(SpectrogramConfig config, int ringCapacity) {
        this.config = config;
        this.ring = new ColumnRing(ringCapacity, config.nMels());
        this.dbColumn = new float[config.nMels()];
        this.recent = new SampleHistory(config.sampleRate(), PRE_ROLL_SECONDS);
    }

    /** Samples analysed since the analyzer was made (across sources): the live stream's clock. */
    public long samplesWritten() {
        return recent.written();
    }

    /** The last {@code seconds} heard (less if listening began more recently), and where they lie in the stream. */
    public SampleHistory.Span recent(double seconds) {
        return recent.last(seconds);
    }

    /** Samples {@code [from, to)} of the stream, as far as they are still held. */
    public SampleHistory.Span recentSpan(long from, long to) {
        return recent.copy(from, to);
    }

    public SpectrogramConfig config() {
        return config;
    }

    public ColumnRing ring() {
        return ring;
    }

    public Levels levels() {
        return levels;
    }

    /** Why the source stopped, if it failed; null otherwise. */
    public String failure() {
        return failure;
    }

    public String sourceName() {
        AudioSource s = source;
        return s == null ? "" : s.name();
    }

    public boolean isRunning() {
        AudioSource s = source;
        return s != null && s.isRunning();
    }

    /** Switches to a new source (stopping the old one). */
    public synchronized void start(AudioSource newSource) throws AudioInputException {
        stop();
        failure = null;
        Pipeline pipeline = new Pipeline();
        active = pipeline;
        source = newSource;
        newSource.start(pipeline);
        LOG.info("Live view listening to {} at {} Hz", newSource.name(), newSource.sampleRate());
    }

    public synchronized void stop() {
        AudioSource s = source;
        source = null;
        active = null;
        if (s != null) {
            s.stop();
            // The ring has one producer and the snapshot one writer: the old source's thread must be done
            // before a new one starts, or its last block and its onEnd land in the new input's recording.
            try {
                if (!s.awaitStopped(STOP_WAIT_MILLIS)) {
                    LOG.warn("{} did not stop within {} ms; its late samples are ignored", s.name(), STOP_WAIT_MILLIS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        Snapshot pending = snapshot.getAndSet(null);
        if (pending != null) {
            pending.result.completeExceptionally(new AudioInputException(AudioInputException.Kind.DEVICE_LOST,
                    "The input was switched off while recording."));
        }
    }

    /**
     * Collects the next {@code seconds} of audio (at the analysis rate).
     *
     * @param progress fraction recorded, called from the audio thread
     */
    public CompletableFuture<AudioClip> captureNext(double seconds, DoubleConsumer progress) {
        if (!isRunning()) {
            return CompletableFuture.failedFuture(new AudioInputException(AudioInputException.Kind.NO_DEVICE,
                    failure != null ? failure : "No input is running. Choose a microphone or open a file."));
        }
        Snapshot s = new Snapshot(new float[(int) Math.round(seconds * config.sampleRate())], progress,
                sourceName());
        if (!snapshot.compareAndSet(null, s)) {
            return CompletableFuture.failedFuture(new IllegalStateException("A recording is already running."));
        }
        return s.result;
    }

    /** Where in the stream ({@link #samplesWritten} clock) the last completed {@link #captureNext} began. */
    public long lastCaptureStart() {
        return lastCaptureStart;
    }

    /** Abandons a running capture. */
    public void cancelCapture() {
        Snapshot s = snapshot.getAndSet(null);
        if (s != null) {
            s.result.cancel(false);
        }
    }

    @Override
    public void close() {
        stop();
    }

    private final class Snapshot {
        final float[] samples;
        final DoubleConsumer progress;
        final String source;
        final CompletableFuture<AudioClip> result = new CompletableFuture<>();
        volatile long start;
        int filled;

        Snapshot(float[] samples, DoubleConsumer progress, String source) {
            this.samples = samples;
            this.progress = progress;
            this.source = source;
        }

        void accept(float[] block, int offset, int len) {
            if (filled == 0) {
                start = recent.written() - len; // this block was just appended to the history
            }
            int take = Math.min(len, samples.length - filled);
            System.arraycopy(block, offset, samples, filled, take);
            filled += take;
            if (progress != null) {
                progress.accept(filled / (double) samples.length);
            }
            if (filled >= samples.length && snapshot.compareAndSet(this, null)) {
                lastCaptureStart = start;
                result.complete(new AudioClip(samples, config.sampleRate(), source));
            }
        }
    }

    /** Runs on the source's thread: resample, mel frames, dB, ring. */
    private final class Pipeline implements AudioSource.Listener, MelFrameStream.FrameSink {
        private final MelFrameStream frames = new MelFrameStream(config, false, this);
        private StreamingResampler resampler;

        @Override
        public void onSamples(float[] samples, int len, Levels blockLevels) {
            if (active != this) {
                return; // a source that was switched away from and did not stop in time
            }
            lastBlockNanos = System.nanoTime();
            levels = blockLevels;
            int rate = source == null ? config.sampleRate() : source.sampleRate();
            if (rate == config.sampleRate()) {
                analysed(samples, 0, len);
            } else {
                if (resampler == null || resampler.inputRate() != rate) {
                    resampler = new StreamingResampler(rate, config.sampleRate());
                }
                resampler.process(samples, 0, len, false, this::analysed);
            }
        }

        private void analysed(float[] samples, int offset, int len) {
            recent.append(samples, offset, len);
            Tap t = tap;
            if (t != null) {
                if (t.start < 0) {
                    t.start = recent.written() - len;
                }
                t.sink.accept(samples, offset, len);
            }
            Snapshot s = snapshot.get();
            if (s != null) {
                s.accept(samples, offset, len);
            }
            frames.push(samples, offset, len);
        }

        @Override
        public void accept(float[] melPower, long frameIndex) {
            for (int i = 0; i < melPower.length; i++) {
                dbColumn[i] = PowerToDb.toDb(melPower[i], LIVE_REF_DB);
            }
            // The column's audio ended with the block that arrived at lastBlockNanos.
            ring.offer(dbColumn, lastBlockNanos);
        }

        @Override
        public void onError(AudioInputException error) {
            if (active != this) {
                return;
            }
            failure = error.getMessage();
            LOG.warn("Live input failed: {}", error.getMessage());
            Snapshot s = snapshot.getAndSet(null);
            if (s != null) {
                s.result.completeExceptionally(error);
            }
        }

        @Override
        public void onEnd() {
            if (active != this) {
                return;
            }
            Snapshot s = snapshot.getAndSet(null);
            if (s != null) {
                s.result.completeExceptionally(new AudioInputException(AudioInputException.Kind.DEVICE_LOST,
                        "The input stopped before the recording was complete."));
            }
        }
    }
}
