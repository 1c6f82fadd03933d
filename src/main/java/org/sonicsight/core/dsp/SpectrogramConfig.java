package org.sonicsight.core.dsp;

/**
 * Parameters of a log-mel spectrogram. The defaults are the original model's
 * (librosa: sr 22050, n_fft 2048, hop 512, 128 mels, power_to_db ref=max,
 * top_db 80), so images and features match what users saw before.
 */
public record SpectrogramConfig(int sampleRate, int nFft, int hopLength, int nMels, double fMin, double fMax,
                                double topDb) {

    public static final SpectrogramConfig DEFAULT = new SpectrogramConfig(22050, 2048, 512, 128, 0.0, 11025.0, 80.0);

    public SpectrogramConfig {
        if (sampleRate <= 0 || nFft <= 0 || hopLength <= 0 || nMels <= 0) {
            throw new IllegalArgumentException("sizes must be positive");
        }
        if (Integer.bitCount(nFft) != 1) {
            throw new IllegalArgumentException("nFft must be a power of two: " + nFft);
        }
        if (fMax <= 0 || fMax > sampleRate / 2.0 + 1e-9) {
            fMax = sampleRate / 2.0;
        }
        if (fMin < 0 || fMin >= fMax) {
            throw new IllegalArgumentException("fMin must be in [0, fMax): " + fMin);
        }
    }

    public SpectrogramConfig withSampleRate(int rate) {
        return new SpectrogramConfig(rate, nFft, hopLength, nMels, fMin, rate / 2.0, topDb);
    }

    public int bins() {
        return nFft / 2 + 1;
    }

    /** Seconds between frames. */
    public double frameSeconds() {
        return hopLength / (double) sampleRate;
    }

    /** Frames librosa produces (center=True) for {@code samples} input samples. */
    public long framesFor(long samples) {
        return samples / hopLength + 1;
    }
}
