package org.sonicsight.core.dsp;

/**
 * Streaming short-time mel analysis: push samples in any block size, receive
 * one mel power frame per hop. With {@code centered} frames are centred as in
 * librosa (n_fft/2 zeros before the first sample and, on {@link #finish()},
 * after the last), so a whole file gives exactly librosa's frames; the live
 * view uses it uncentred and never finishes.
 */
public final class MelFrameStream {

    /** Receives mel power frames; the array is reused after the call. */
    @FunctionalInterface
    public interface FrameSink {
        void accept(float[] melPower, long frameIndex);
    }

    private final SpectrogramConfig config;
    private final MelFilterbank filterbank;
    private final PowerSpectrum spectrum;
    private final FrameSink sink;
    private final boolean centered;
    private final float[] ring;      // holds up to nFft + block samples, compacted as frames are taken
    private final float[] power;
    private final float[] mel;
    private int filled;
    private long frames;
    private long samplesIn;
    private boolean finished;

    public MelFrameStream(SpectrogramConfig config, boolean centered, FrameSink sink) {
        this.config = config;
        this.filterbank = new MelFilterbank(config);
        this.spectrum = new PowerSpectrum(config.nFft());
        this.sink = sink;
        this.centered = centered;
        this.ring = new float[config.nFft() * 4];
        this.power = new float[config.bins()];
        this.mel = new float[config.nMels()];
        if (centered) {
            filled = config.nFft() / 2; // leading zeros
        }
    }

    public SpectrogramConfig config() {
        return config;
    }

    public MelFilterbank filterbank() {
        return filterbank;
    }

    public long framesEmitted() {
        return frames;
    }

    public void push(float[] samples, int offset, int len) {
        if (finished) {
            throw new IllegalStateException("stream finished");
        }
        samplesIn += len;
        int pos = offset;
        int end = offset + len;
        while (pos < end) {
            int take = Math.min(end - pos, ring.length - filled);
            System.arraycopy(samples, pos, ring, filled, take);
            filled += take;
            pos += take;
            drain();
        }
    }

    private void drain() {
        int nFft = config.nFft();
        int hop = config.hopLength();
        int start = 0;
        while (filled - start >= nFft) {
            emit(start);
            start += hop;
        }
        if (start > 0) {
            System.arraycopy(ring, start, ring, 0, filled - start);
            filled -= start;
        }
    }

    private void emit(int start) {
        spectrum.compute(ring, start, power);
        filterbank.apply(power, mel);
        sink.accept(mel, frames++);
    }

    /** Flushes the trailing half-window of zeros (centred mode) so the frame count matches librosa. */
    public void finish() {
        if (finished) {
            return;
        }
        if (centered) {
            long expected = config.framesFor(samplesIn);
            int pad = config.nFft() / 2;
            float[] zeros = new float[Math.min(pad, 4096)];
            int remaining = pad;
            while (remaining > 0) {
                int n = Math.min(remaining, zeros.length);
                int pos = 0;
                while (pos < n) {
                    int take = Math.min(n - pos, ring.length - filled);
                    System.arraycopy(zeros, 0, ring, filled, take);
                    filled += take;
                    pos += take;
                    drainUpTo(expected);
                }
                remaining -= n;
            }
        }
        finished = true;
    }

    private void drainUpTo(long expected) {
        int nFft = config.nFft();
        int hop = config.hopLength();
        int start = 0;
        while (filled - start >= nFft && frames < expected) {
            emit(start);
            start += hop;
        }
        if (start > 0) {
            System.arraycopy(ring, start, ring, 0, filled - start);
            filled -= start;
        }
    }
}
