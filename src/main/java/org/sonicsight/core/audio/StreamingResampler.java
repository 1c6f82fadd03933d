package org.sonicsight.core.audio;

import be.tarsos.dsp.resample.Resampler;

/**
 * Band-limited sample-rate conversion of a stream, block by block, built on
 * TarsosDSP's port of libresample (Kaiser-windowed sinc, anti-aliased when
 * downsampling). Not thread-safe: one instance per stream.
 */
public final class StreamingResampler {

    private final Resampler resampler;
    private final double factor;
    private final int inputRate;
    private final int outputRate;
    private float[] scratch = new float[8192];

    public StreamingResampler(int inputRate, int outputRate) {
        if (inputRate <= 0 || outputRate <= 0) {
            throw new IllegalArgumentException("rates must be positive: " + inputRate + " -> " + outputRate);
        }
        this.inputRate = inputRate;
        this.outputRate = outputRate;
        this.factor = outputRate / (double) inputRate;
        this.resampler = new Resampler(true, factor, factor);
    }

    public int inputRate() {
        return inputRate;
    }

    public int outputRate() {
        return outputRate;
    }

    /** Output samples expected for {@code inputSamples} inputs (rounded). */
    public long outputLengthFor(long inputSamples) {
        return Math.round(inputSamples * factor);
    }

    /**
     * Converts one block. When {@code last} is true the filter tail is flushed
     * and the instance must not be fed again.
     *
     * @param sink receives the converted samples; may be called several times
     */
    public void process(float[] input, int offset, int len, boolean last, SampleSink sink) {
        int needed = (int) Math.ceil(len * factor) + 64;
        if (scratch.length < needed) {
            scratch = new float[needed];
        }
        int consumed = 0;
        int idleRounds = 0;
        while (true) {
            Resampler.Result result = resampler.process(factor, input, offset + consumed, len - consumed, last,
                    scratch, 0, scratch.length);
            consumed += result.inputSamplesConsumed;
            if (result.outputSamplesGenerated > 0) {
                sink.accept(scratch, 0, result.outputSamplesGenerated);
            }
            boolean progressed = result.inputSamplesConsumed > 0 || result.outputSamplesGenerated > 0;
            if (consumed >= len && !progressed) {
                break;
            }
            if (consumed >= len && !last) {
                break;
            }
            // Guard against a library that stops making progress: never spin.
            idleRounds = progressed ? 0 : idleRounds + 1;
            if (idleRounds > 2) {
                break;
            }
        }
    }

    /** Receives blocks of samples. The array is reused after the call returns. */
    @FunctionalInterface
    public interface SampleSink {
        void accept(float[] samples, int offset, int len);
    }
}
