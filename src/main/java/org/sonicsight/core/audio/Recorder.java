package org.sonicsight.core.audio;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.DoubleConsumer;

/** Records a fixed length of audio from a source into memory. */
public final class Recorder {

    private Recorder() {
    }

    /**
     * Starts {@code source}, keeps {@code seconds} of audio and stops it.
     *
     * @param progress receives the fraction recorded (0..1) from the capture thread; may be null
     */
    public static AudioClip record(AudioSource source, double seconds, DoubleConsumer progress)
            throws AudioInputException, InterruptedException {
        AtomicReference<float[]> buffer = new AtomicReference<>();
        AtomicReference<AudioInputException> failure = new AtomicReference<>();
        int[] filled = {0};
        CountDownLatch done = new CountDownLatch(1);
        source.start(new AudioSource.Listener() {
            @Override
            public void onSamples(float[] samples, int len, Levels levels) {
                float[] target = buffer.get();
                if (target == null) {
                    target = new float[(int) Math.round(seconds * source.sampleRate())];
                    buffer.set(target);
                }
                int take = Math.min(len, target.length - filled[0]);
                System.arraycopy(samples, 0, target, filled[0], take);
                filled[0] += take;
                if (progress != null) {
                    progress.accept(target.length == 0 ? 1 : filled[0] / (double) target.length);
                }
                if (filled[0] >= target.length) {
                    source.stop();
                }
            }

            @Override
            public void onError(AudioInputException error) {
                failure.set(error);
            }

            @Override
            public void onEnd() {
                done.countDown();
            }
        });
        long timeoutMs = (long) (seconds * 1000) + 10_000;
        try {
            if (!done.await(timeoutMs, TimeUnit.MILLISECONDS)) {
                source.stop();
                throw new AudioInputException(AudioInputException.Kind.DEVICE_LOST,
                        "Recording from " + source.name() + " did not finish in time; the device may be stuck.");
            }
        } catch (InterruptedException e) {
            source.stop();
            throw e;
        }
        if (failure.get() != null) {
            throw failure.get();
        }
        float[] data = buffer.get();
        if (data == null || filled[0] == 0) {
            throw new AudioInputException(AudioInputException.Kind.EMPTY, "No audio was captured from " + source.name() + ".");
        }
        float[] exact = filled[0] == data.length ? data : java.util.Arrays.copyOf(data, filled[0]);
        return new AudioClip(exact, source.sampleRate(), source.name());
    }
}
