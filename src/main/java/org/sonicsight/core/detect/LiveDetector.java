package org.sonicsight.core.detect;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sonicsight.core.audio.AudioInputException;
import org.sonicsight.core.audio.AudioSource;
import org.sonicsight.core.audio.Levels;
import org.sonicsight.core.audio.StreamingResampler;
import org.sonicsight.core.classify.ClassifierException;
import org.sonicsight.core.classify.ModelThreads;
import org.sonicsight.core.classify.WindowClassifier;

/**
 * The event detector on a live source (microphone or virtual microphone).
 * The source's thread only copies blocks into a queue; a worker thread
 * resamples them to the model's rate and runs the model, one window per call
 * so events come out as soon as they close. Event times are seconds of audio
 * since {@link #start}.
 */
public final class LiveDetector implements AudioSource.Listener, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LiveDetector.class);

    /** Blocks the worker may lag behind by (about 10 s of 20 ms blocks) before a microphone's audio is dropped. */
    static final int QUEUE_BLOCKS = 512;

    /** What the detector reports, on its worker thread. */
    public interface Events {
        void onEvent(DetectedEvent event);

        /** The source ended or failed ({@code error} null at a normal end) and every event has been reported. */
        void onFinished(Exception error);
    }

    private static final float[] END = new float[0];

    private final WindowClassifier model;
    private final DetectorSettings settings;
    private final Events events;
    private final boolean lossless;
    private final BlockingQueue<float[]> queue = new ArrayBlockingQueue<>(QUEUE_BLOCKS);
    private final AtomicReference<Exception> error = new AtomicReference<>();
    private final AtomicBoolean warnedDrop = new AtomicBoolean();
    private volatile int sourceRate;
    private Thread worker;

    /**
     * @param lossless wait for the worker instead of dropping audio when it falls behind: for a file played as a
     *                 microphone (its thread is ours to slow down), never for a real device
     */
    public LiveDetector(WindowClassifier model, DetectorSettings settings, boolean lossless, Events events) {
        this.model = model;
        this.settings = settings;
        this.lossless = lossless;
        this.events = events;
    }

    /** Starts the source and the worker. */
    public void start(AudioSource source) throws AudioInputException {
        source.start(this);
        begin(source.sampleRate());
    }

    /**
     * Starts the worker for samples that arrive through {@link #feed} at {@code rate} (a pipeline that already
     * has the audio, such as the live view's). End with {@link #onEnd}.
     */
    public void begin(int rate) {
        sourceRate = rate;
        worker = new Thread(null, this::work, "event-detector", ModelThreads.STACK_BYTES); // native code: see ModelThreads
        worker.setDaemon(true);
        worker.start();
    }

    /** Samples from the feeding thread (copied; never blocks unless lossless). */
    public void feed(float[] samples, int offset, int len) {
        enqueue(java.util.Arrays.copyOfRange(samples, offset, offset + len));
    }

    /** Waits until the source ended and every event was reported. */
    public boolean awaitFinished(long timeout, TimeUnit unit) throws InterruptedException {
        worker.join(Math.max(1, unit.toMillis(timeout)));
        return !worker.isAlive();
    }

    @Override
    public void onSamples(float[] samples, int len, Levels levels) {
        enqueue(java.util.Arrays.copyOf(samples, len));
    }

    private void enqueue(float[] copy) {
        if (lossless) {
            try {
                queue.put(copy);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        } else if (!queue.offer(copy) && warnedDrop.compareAndSet(false, true)) {
            LOG.warn("The event detector cannot keep up; some audio was not analysed.");
        }
    }

    @Override
    public void onError(AudioInputException e) {
        error.compareAndSet(null, e);
    }

    @Override
    public void onEnd() {
        try {
            queue.put(END);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void work() {
        EventDetector detector = new EventDetector(model, settings, 1, events::onEvent);
        StreamingResampler resampler = null;
        try {
            while (true) {
                float[] block = queue.take();
                if (resampler == null && sourceRate != model.sampleRate() && sourceRate > 0) {
                    resampler = new StreamingResampler(sourceRate, model.sampleRate());
                }
                boolean last = block == END;
                if (resampler != null) {
                    ClassifierException[] failed = {null};
                    resampler.process(block, 0, block.length, last, (s, off, n) -> {
                        if (failed[0] == null) {
                            try {
                                detector.accept(s, off, n);
                            } catch (ClassifierException e) {
                                failed[0] = e;
                            }
                        }
                    });
                    if (failed[0] != null) {
                        throw failed[0];
                    }
                } else if (!last) {
                    detector.accept(block, 0, block.length);
                }
                if (last) {
                    break;
                }
            }
            detector.finish();
            events.onFinished(error.get());
        } catch (ClassifierException e) {
            events.onFinished(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            events.onFinished(e);
        }
    }

    @Override
    public void close() {
        if (worker != null) {
            worker.interrupt();
        }
    }
}
