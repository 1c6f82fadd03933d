package org.sonicsight.core.audio;

import java.io.IOException;
import java.nio.file.Path;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.LineUnavailableException;
import javax.sound.sampled.SourceDataLine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plays any file {@link AudioDecoder} opens (so FLAC, Ogg, Opus, M4A and WebM
 * too, which JavaFX Media cannot play) through Java Sound: the decoded mono
 * samples are written to the default output line on a thread of its own, as
 * they are decoded, so an hour-long file needs no more memory than a second
 * one. Pause, resume and seek are safe from any thread; the listener hears
 * about position, the end and failures on the playback thread.
 */
public final class FilePlayback {

    private static final Logger LOG = LoggerFactory.getLogger(FilePlayback.class);
    /** Output rate when the line refuses the file's own rate. */
    private static final int FALLBACK_RATE = 48_000;

    /** What playback reports; called on the playback thread. */
    public interface Listener {
        /** Seconds from the start of the file that are being heard now. */
        void position(double seconds);

        /** Reached the end (of the file, or of the span asked for). Not called after {@link #stop()}. */
        void ended();

        /** A sentence for people: the file could not be decoded, or there is no output device. */
        void failed(String message);
    }

    private final Path file;
    private final double end;
    private final Listener listener;
    private final Object lock = new Object();
    private final Thread thread;
    private volatile boolean stopped;
    private boolean paused;
    private double seekTo;
    private SourceDataLine line;
    /** The stream being played and the rate it was opened at (0: the file's own); playback thread only. */
    private SampleStream current;
    private int openRate;

    private FilePlayback(Path file, double from, double to, Listener listener) {
        this.file = file;
        this.end = to > 0 ? to : Double.MAX_VALUE;
        this.listener = listener;
        this.seekTo = Math.max(0, from);
        this.thread = new Thread(this::run, "playback");
        this.thread.setDaemon(true);
    }

    /**
     * Starts playing seconds {@code from} to {@code to} of {@code file} (negative: from the start / to the end).
     */
    public static FilePlayback start(Path file, double from, double to, Listener listener) {
        FilePlayback p = new FilePlayback(file, from, to, listener);
        p.thread.start();
        return p;
    }

    public void pause() {
        synchronized (lock) {
            paused = true;
            if (line != null) {
                line.stop();
            }
            lock.notifyAll();
        }
    }

    public void resume() {
        synchronized (lock) {
            paused = false;
            if (line != null) {
                line.start();
            }
            lock.notifyAll();
        }
    }

    public boolean isPaused() {
        synchronized (lock) {
            return paused;
        }
    }

    /** Jumps to {@code seconds} from the start of the file (playing or paused). */
    public void seek(double seconds) {
        synchronized (lock) {
            seekTo = Math.max(0, seconds);
            if (line != null) {
                line.stop();
                line.flush(); // a write blocked on a full line returns
            }
            lock.notifyAll();
        }
    }

    /** Stops for good; returns at once (the thread closes the line). */
    public void stop() {
        stopped = true;
        synchronized (lock) {
            if (line != null) {
                line.stop();
                line.flush();
            }
            lock.notifyAll();
        }
        thread.interrupt();
    }

    /** Waits for the playback thread to finish (tests). */
    public boolean await(long millis) throws InterruptedException {
        thread.join(millis);
        return !thread.isAlive();
    }

    private void run() {
        try {
            current = AudioDecoder.open(file, 0);
            int rate = current.sampleRate();
            SourceDataLine out;
            try {
                out = openLine(rate);
            } catch (LineUnavailableException | IllegalArgumentException e) {
                LOG.debug("No output line at {} Hz ({}); resampling to {} Hz", rate, e.getMessage(), FALLBACK_RATE);
                current.close();
                current = AudioDecoder.open(file, FALLBACK_RATE);
                openRate = FALLBACK_RATE;
                rate = FALLBACK_RATE;
                out = openLine(rate);
            }
            synchronized (lock) {
                line = out;
            }
            play(rate, out);
        } catch (AudioInputException e) {
            if (!stopped) {
                listener.failed(e.getMessage());
            }
        } catch (LineUnavailableException | IllegalArgumentException | SecurityException e) {
            if (!stopped) {
                listener.failed("No sound output is available to play " + file.getFileName() + " ("
                        + e.getMessage() + ").");
            }
        } catch (IOException e) {
            if (!stopped) {
                listener.failed("Could not decode " + file.getFileName() + " while playing it: " + e.getMessage());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            synchronized (lock) {
                if (line != null) {
                    line.close();
                    line = null;
                }
            }
            if (current != null) {
                try {
                    current.close();
                } catch (IOException ignored) {
                    // nothing to do
                }
            }
        }
    }

    private static SourceDataLine openLine(int rate) throws LineUnavailableException {
        AudioFormat format = new AudioFormat(rate, 16, 1, true, false);
        SourceDataLine line = AudioSystem.getSourceDataLine(format);
        line.open(format, Math.max(4096, rate / 5 * 2)); // 0.2 s of buffer: a prompt pause, no dropouts
        return line;
    }

    private void play(int rate, SourceDataLine out) throws IOException, AudioInputException, InterruptedException {
        float[] block = new float[rate / 50]; // 20 ms
        byte[] bytes = new byte[block.length * 2];
        long decoded = 0; // samples of the file read so far
        double base = 0; // file seconds at line frame baseFrames
        long baseFrames = out.getLongFramePosition();
        long lastReport = 0;
        while (!stopped) {
            double target;
            synchronized (lock) {
                while (paused && !stopped && seekTo < 0) {
                    lock.wait(200);
                }
                if (stopped) {
                    return;
                }
                target = seekTo;
                seekTo = -1;
            }
            if (target >= 0) {
                long want = Math.round(target * rate);
                if (want < decoded) {
                    current.close();
                    current = null;
                    current = AudioDecoder.open(file, openRate);
                    decoded = 0;
                }
                decoded += current.skip(want - decoded);
                base = decoded / (double) rate;
                baseFrames = out.getLongFramePosition();
                listener.position(base);
            }
            long endSample = end == Double.MAX_VALUE ? Long.MAX_VALUE : Math.round(end * rate);
            int n = (int) Math.min(block.length, Math.max(0, endSample - decoded));
            n = n == 0 ? -1 : current.read(block, 0, n);
            if (n < 0) {
                out.drain();
                if (!stopped && seekPending()) {
                    continue;
                }
                if (!stopped) {
                    listener.position(base + (out.getLongFramePosition() - baseFrames) / (double) rate);
                    listener.ended();
                }
                return;
            }
            for (int i = 0; i < n; i++) {
                int v = Math.round(Math.max(-1f, Math.min(1f, block[i])) * 32767f);
                bytes[2 * i] = (byte) v;
                bytes[2 * i + 1] = (byte) (v >> 8);
            }
            decoded += n;
            synchronized (lock) {
                if (!paused && !stopped && !out.isActive()) {
                    out.start();
                }
            }
            out.write(bytes, 0, 2 * n);
            long now = System.nanoTime();
            if (now - lastReport > 30_000_000L) {
                lastReport = now;
                listener.position(base + (out.getLongFramePosition() - baseFrames) / (double) rate);
            }
        }
    }

    private boolean seekPending() {
        synchronized (lock) {
            return seekTo >= 0;
        }
    }

    @Override
    public String toString() {
        return "FilePlayback[" + file + "]";
    }
}
