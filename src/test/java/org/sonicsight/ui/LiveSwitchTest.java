package org.sonicsight.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.sonicsight.core.audio.AudioClip;
import org.sonicsight.core.audio.AudioSource;
import org.sonicsight.core.audio.Levels;
import org.sonicsight.core.dsp.SpectrogramConfig;
import org.sonicsight.core.live.LiveAnalyzer;

/**
 * Switching inputs waits for the old source's thread: its last block and its
 * end must not reach the new input's recording. The old source is a fake
 * because a real device's "still finishing a block when told to stop" cannot
 * be produced on demand; the new one delivers like a real one.
 */
class LiveSwitchTest {

    /** Delivers zeros every 10 ms; told to stop, it needs 300 ms to finish its block, then ends. */
    static final class SlowToStop implements AudioSource {
        final AtomicBoolean running = new AtomicBoolean();
        final float value;
        Thread thread;

        SlowToStop(float value) {
            this.value = value;
        }

        @Override
        public String name() {
            return "source " + value;
        }

        @Override
        public int sampleRate() {
            return 22050;
        }

        @Override
        public synchronized void start(Listener listener) {
            running.set(true);
            thread = new Thread(() -> {
                float[] block = new float[220];
                java.util.Arrays.fill(block, value);
                try {
                    while (running.get()) {
                        listener.onSamples(block, block.length, Levels.of(block, 0, block.length));
                        Thread.sleep(10);
                    }
                    Thread.sleep(300);
                    listener.onSamples(block, block.length, Levels.of(block, 0, block.length));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    listener.onEnd();
                }
            }, "fake-" + value);
            thread.start();
        }

        @Override
        public void stop() {
            running.set(false);
        }

        @Override
        public boolean isRunning() {
            return running.get();
        }

        @Override
        public boolean awaitStopped(long timeoutMillis) throws InterruptedException {
            Thread t;
            synchronized (this) {
                t = thread;
            }
            if (t != null) {
                t.join(timeoutMillis);
            }
            return t == null || !t.isAlive();
        }
    }

    @Test
    void aRecordingOnTheNewInputIsNotEndedOrFedByTheOldOne() throws Exception {
        try (LiveAnalyzer live = new LiveAnalyzer(SpectrogramConfig.DEFAULT, 256)) {
            live.start(new SlowToStop(0.5f));
            Thread.sleep(100);
            live.start(new SlowToStop(0.25f));
            AudioClip clip = live.captureNext(0.5, null).get(10, TimeUnit.SECONDS);
            for (float v : clip.samples()) {
                assertEquals(0.25f, v, 1e-6f, "a sample from the old input got into the new recording");
            }
            assertFalse(clip.samples().length == 0);
        }
    }
}
