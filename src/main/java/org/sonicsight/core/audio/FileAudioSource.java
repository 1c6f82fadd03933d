package org.sonicsight.core.audio;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * A "virtual microphone": plays a file into a listener in real time (or as
 * fast as possible), so the live view, recording and tests work without
 * hardware. Optionally loops.
 */
public final class FileAudioSource implements AudioSource {

    private final Path file;
    private final int targetRate;
    private final boolean realTime;
    private final boolean loop;
    private final int blockMillis;
    private final double speed;
    private final AtomicBoolean running = new AtomicBoolean();
    private volatile int rate;
    private Thread thread;

    /**
     * @param targetRate rate to deliver, 0 for the file's own
     * @param realTime   pace delivery to the wall clock
     * @param loop       start again at the end instead of stopping
     */
    public FileAudioSource(Path file, int targetRate, boolean realTime, boolean loop) {
        this(file, targetRate, realTime, loop, 20);
    }

    public FileAudioSource(Path file, int targetRate, boolean realTime, boolean loop, int blockMillis) {
        this(file, targetRate, realTime, loop, blockMillis, 1.0);
    }

    /** @param speed with {@code realTime}, how many times faster than real time to play (e.g. 10 for tests) */
    public FileAudioSource(Path file, int targetRate, boolean realTime, boolean loop, int blockMillis, double speed) {
        if (!(speed > 0)) {
            throw new IllegalArgumentException("speed must be positive: " + speed);
        }
        this.speed = speed;
        this.file = file;
        this.targetRate = targetRate;
        this.realTime = realTime;
        this.loop = loop;
        this.blockMillis = blockMillis;
    }

    @Override
    public String name() {
        return "File: " + file.getFileName();
    }

    @Override
    public int sampleRate() {
        return rate;
    }

    @Override
    public boolean isRunning() {
        return running.get();
    }

    @Override
    public synchronized void start(Listener listener) throws AudioInputException {
        if (thread != null) {
            throw new IllegalStateException("already started");
        }
        SampleStream first = AudioDecoder.open(file, targetRate);
        rate = first.sampleRate();
        running.set(true);
        thread = new Thread(() -> play(first, listener), "virtual-microphone");
        thread.setDaemon(true);
        thread.start();
    }

    private void play(SampleStream firstStream, Listener listener) {
        SampleStream stream = firstStream;
        int block = Math.max(32, rate * blockMillis / 1000);
        float[] buffer = new float[block];
        long startNanos = System.nanoTime();
        long delivered = 0;
        try {
            while (running.get()) {
                int n = stream.read(buffer, 0, block);
                if (n < 0) {
                    stream.close();
                    if (!loop || delivered == 0) {
                        break;
                    }
                    stream = AudioDecoder.open(file, targetRate);
                    continue;
                }
                if (realTime) {
                    long due = startNanos + (long) (delivered * 1e9 / (rate * speed));
                    long wait;
                    while ((wait = due - System.nanoTime()) > 0 && running.get()) {
                        LockSupport.parkNanos(wait);
                    }
                }
                if (!running.get()) {
                    break;
                }
                listener.onSamples(buffer, n, Levels.of(buffer, 0, n));
                delivered += n;
            }
        } catch (IOException e) {
            listener.onError(new AudioInputException(AudioInputException.Kind.CORRUPT,
                    "Could not keep reading " + file + ": " + e.getMessage(), e));
        } catch (AudioInputException e) {
            listener.onError(e);
        } finally {
            try {
                stream.close();
            } catch (IOException ignored) {
                // already reported or at end
            }
            running.set(false);
            listener.onEnd();
        }
    }

    @Override
    public boolean awaitStopped(long timeoutMillis) throws InterruptedException {
        Thread t;
        synchronized (this) {
            t = thread;
        }
        if (t == null || t == Thread.currentThread()) {
            return true;
        }
        t.join(timeoutMillis);
        return !t.isAlive();
    }

    @Override
    public void stop() {
        running.set(false);
    }
}
