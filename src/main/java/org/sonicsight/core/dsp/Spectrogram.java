package org.sonicsight.core.dsp;

/**
 * A log-mel spectrogram in dB: {@code db[frame][mel]}, lowest band first.
 * When a long file was pooled to fit a width, each column covers
 * {@code framesPerColumn} analysis frames (max-pooled, so short events stay
 * visible).
 */
public record Spectrogram(float[][] db, SpectrogramConfig config, int framesPerColumn, long totalFrames,
                          double durationSeconds, double refPower) {

    public int columns() {
        return db.length;
    }

    public int bands() {
        return config.nMels();
    }

    /** Seconds from the start to the centre of column {@code c}. */
    public double columnSeconds(int c) {
        return c * framesPerColumn * config.frameSeconds();
    }

    public float min() {
        float m = Float.POSITIVE_INFINITY;
        for (float[] f : db) {
            for (float v : f) {
                m = Math.min(m, v);
            }
        }
        return m;
    }

    public float max() {
        float m = Float.NEGATIVE_INFINITY;
        for (float[] f : db) {
            for (float v : f) {
                m = Math.max(m, v);
            }
        }
        return m;
    }
}
