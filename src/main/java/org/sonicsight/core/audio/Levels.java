package org.sonicsight.core.audio;

/** Loudness of a block of samples in dBFS (0 dBFS = full scale). */
public record Levels(double rmsDbfs, double peakDbfs) {

    /** The floor reported for digital silence. */
    public static final double FLOOR_DBFS = -120.0;

    public static final Levels SILENCE = new Levels(FLOOR_DBFS, FLOOR_DBFS);

    public static Levels of(float[] samples, int offset, int len) {
        if (len <= 0) {
            return SILENCE;
        }
        double sumSquares = 0;
        double peak = 0;
        for (int i = offset; i < offset + len; i++) {
            double s = samples[i];
            sumSquares += s * s;
            double a = Math.abs(s);
            if (a > peak) {
                peak = a;
            }
        }
        return new Levels(toDbfs(Math.sqrt(sumSquares / len)), toDbfs(peak));
    }

    public static Levels of(float[] samples) {
        return of(samples, 0, samples.length);
    }

    static double toDbfs(double amplitude) {
        if (amplitude <= 0) {
            return FLOOR_DBFS;
        }
        return Math.max(FLOOR_DBFS, 20 * Math.log10(amplitude));
    }
}
