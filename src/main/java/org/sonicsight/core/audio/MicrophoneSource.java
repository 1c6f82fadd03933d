package org.sonicsight.core.audio;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.LineUnavailableException;
import javax.sound.sampled.Mixer;
import javax.sound.sampled.TargetDataLine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Captures from a Java Sound {@link TargetDataLine} at the device's native
 * rate. A watchdog notices a device that stops delivering (unplugged) and
 * turns it into {@link AudioInputException.Kind#DEVICE_LOST} instead of a hang.
 */
public final class MicrophoneSource implements AudioSource {

    private static final Logger LOG = LoggerFactory.getLogger(MicrophoneSource.class);

    /** Silence from the driver for this long means the device is gone. */
    static final long STALL_NANOS = 2_000_000_000L;

    private final AudioDevices.InputDevice device;
    private final int blockMillis;
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicLong lastData = new AtomicLong();
    private volatile TargetDataLine line;
    private volatile int rate;
    private Thread captureThread;

    public MicrophoneSource(AudioDevices.InputDevice device) {
        this(device, 20);
    }

    public MicrophoneSource(AudioDevices.InputDevice device, int blockMillis) {
        this.device = device;
        this.blockMillis = blockMillis;
    }

    @Override
    public String name() {
        return device.name();
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
        if (captureThread != null) {
            throw new IllegalStateException("already started");
        }
        TargetDataLine opened = open();
        line = opened;
        AudioFormat format = opened.getFormat();
        rate = Math.round(format.getSampleRate());
        LOG.info("Capturing from {} at {}", device.name(), format);
        running.set(true);
        lastData.set(System.nanoTime());
        captureThread = new Thread(() -> captureLoop(opened, listener), "audio-capture");
        captureThread.setDaemon(true);
        captureThread.start();
        Thread watchdog = new Thread(() -> watch(opened), "audio-capture-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
    }

    private TargetDataLine open() throws AudioInputException {
        Mixer mixer;
        try {
            mixer = AudioSystem.getMixer(device.info());
        } catch (RuntimeException e) {
            throw new AudioInputException(AudioInputException.Kind.NO_DEVICE,
                    "The input device \"" + device.name() + "\" is not available any more.", e);
        }
        LineUnavailableException last = null;
        for (int candidate : AudioDevices.PREFERRED_RATES) {
            for (int channels : new int[] {1, 2}) {
                if (!mixer.isLineSupported(AudioDevices.lineInfo(candidate, channels))) {
                    continue;
                }
                try {
                    TargetDataLine l = (TargetDataLine) mixer.getLine(AudioDevices.lineInfo(candidate, channels));
                    AudioFormat f = AudioDevices.format(candidate, channels);
                    int bufferBytes = f.getFrameSize() * candidate / 5; // 200 ms of driver buffer
                    l.open(f, bufferBytes);
                    l.start();
                    return l;
                } catch (LineUnavailableException e) {
                    last = e;
                } catch (IllegalArgumentException | SecurityException e) {
                    last = new LineUnavailableException(e.getMessage());
                }
            }
        }
        throw new AudioInputException(AudioInputException.Kind.NO_DEVICE,
                "Could not open the input device \"" + device.name() + "\""
                        + (last != null ? ": " + last.getMessage() : "") + ". Is another program using it?", last);
    }

    private void captureLoop(TargetDataLine l, Listener listener) {
        AudioFormat format = l.getFormat();
        PcmDecoder decoder = new PcmDecoder(format);
        int frames = Math.max(64, rate * blockMillis / 1000);
        byte[] bytes = new byte[frames * decoder.frameSize()];
        float[] samples = new float[frames];
        try {
            while (running.get()) {
                int got = l.read(bytes, 0, bytes.length);
                if (!running.get()) {
                    break;
                }
                if (got <= 0) {
                    if (!l.isOpen()) {
                        throw new IllegalStateException("line closed");
                    }
                    Thread.onSpinWait();
                    continue;
                }
                lastData.set(System.nanoTime());
                int n = got / decoder.frameSize();
                decoder.decode(bytes, n, samples, 0);
                listener.onSamples(samples, n, Levels.of(samples, 0, n));
            }
        } catch (RuntimeException e) {
            if (running.get() && !lostByWatchdog) {
                listener.onError(new AudioInputException(AudioInputException.Kind.DEVICE_LOST,
                        "The input device \"" + device.name() + "\" stopped working (" + e.getMessage() + ").", e));
            }
        } finally {
            boolean wasRunning = running.getAndSet(false);
            closeLine(l);
            if (lostByWatchdog && wasRunning) {
                listener.onError(new AudioInputException(AudioInputException.Kind.DEVICE_LOST,
                        "The input device \"" + device.name() + "\" stopped delivering sound. Was it unplugged?"));
            }
            listener.onEnd();
        }
    }

    private volatile boolean lostByWatchdog;

    private void watch(TargetDataLine l) {
        while (running.get()) {
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (running.get() && System.nanoTime() - lastData.get() > STALL_NANOS) {
                LOG.warn("No audio from {} for {} ms; treating the device as lost", device.name(),
                        STALL_NANOS / 1_000_000);
                lostByWatchdog = true;
                // Closing the line unblocks a read that would otherwise wait forever.
                closeLine(l);
                return;
            }
        }
    }

    private static void closeLine(TargetDataLine l) {
        try {
            l.stop();
            l.close();
        } catch (RuntimeException ignored) {
            // the line is being torn down anyway
        }
    }

    @Override
    public boolean awaitStopped(long timeoutMillis) throws InterruptedException {
        Thread t;
        synchronized (this) {
            t = captureThread;
        }
        if (t == null || t == Thread.currentThread()) {
            return true;
        }
        t.join(timeoutMillis);
        return !t.isAlive();
    }

    @Override
    public void stop() {
        if (running.getAndSet(false)) {
            TargetDataLine l = line;
            if (l != null) {
                closeLine(l);
            }
        }
    }
}
