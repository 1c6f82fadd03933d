package org.sonicsight.core.dsp;

/**
 * Streaming short-time mel analysis: push samples in any block size, receive
 * one mel power frame per hop. With {@code centered} frames are centred as in
 * librosa (n_fft/2 zeros before the first sample and, on {@link #finish()},
 * after the last), so a whole file gives exactly librosa's frames; the live
 * view uses it uncentred and never finishes.
 *
 * <p>Frames ready in the same push are transformed together (up to
 * {@link BatchPowerSpectrum#MAX_BATCH} at once, see there why); a frame's
 * figures do not depend on how the input was split into pushes.
 */
public final class MelFrameStream {

    /** Receives mel power frames; the array is reused after the call. */
    @FunctionalInterface
    public interface FrameSink {
        void accept(float[] melPower, long frameIndex);
    }

    private final SpectrogramConfig config;
    private final MelFilterbank filterbank;
    private final BatchPowerSpectrum spectrum;
    private final FrameSink sink;
    private final boolean centered;
    private final float[] ring;      // up to one full batch of frames, compacted as frames are taken
    private final float[] mel;
    private float[][] powerRows = new float[0][];
    private float[][] melRows = new float[0][];
    private int filled;
    private long frames;
    private long samplesIn;
    private boolean finished;

    public MelFrameStream(SpectrogramConfig config, boolean centered, FrameSink sink) {
        this.config = config;
        this.filterbank = MelFilterbank.of(config);
        this.spectrum = new BatchPowerSpectrum(config.nFft());
        this.sink = sink;
        this.centered = centered;
        this.ring = new float[config.nFft() + config.hopLength() * (BatchPowerSpectrum.MAX_BATCH - 1)];
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
        drainUpTo(Long.MAX_VALUE);
    }

    private void drainUpTo(long expected) {
        int nFft = config.nFft();
        int hop = config.hopLength();
        int start = 0;
        while (filled - start >= nFft && frames < expected) {
            long ready = (filled - start - nFft) / hop + 1;
            int count = (int) Math.min(Math.min(ready, expected - frames), BatchPowerSpectrum.MAX_BATCH);
            emit(start, count);
            start += count * hop;
        }
        if (start > 0) {
            System.arraycopy(ring, start, ring, 0, filled - start);
            filled -= start;
        }
    }

    private void emit(int start, int count) {
        if (powerRows.length == 0 || powerRows[0].length < count) {
            int cap = Math.min(BatchPowerSpectrum.MAX_BATCH,
                    Math.max(count, powerRows.length == 0 ? count : powerRows[0].length * 2));
            powerRows = BatchPowerSpectrum.powerRows(config.nFft(), cap);
            melRows = new float[config.nMels()][cap];
        }
        spectrum.compute(ring, start, config.hopLength(), count, powerRows);
        filterbank.applyBatch(powerRows, count, melRows);
        for (int f = 0; f < count; f++) {
            for (int m = 0; m < mel.length; m++) {
                mel[m] = melRows[m][f];
            }
            sink.accept(mel, frames++);
        }
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
}
