package org.sonicsight.core.dsp;

/** {@code librosa.power_to_db}: 10·log10(max(amin, S)) relative to a reference, floored top_db below the peak. */
public final class PowerToDb {

    public static final double AMIN = 1e-10;

    private PowerToDb() {
    }

    /** In place, with ref = max(S) over all frames (librosa {@code ref=np.max}). Returns the reference power. */
    public static double applyRefMax(float[][] power, double topDb) {
        float max = 0f;
        for (float[] frame : power) {
            for (float v : frame) {
                if (v > max) {
                    max = v;
                }
            }
        }
        apply(power, max, topDb);
        return max;
    }

    /** In place with a fixed reference power; {@code topDb <= 0} disables the floor. */
    public static void apply(float[][] power, double ref, double topDb) {
        float refDb = (float) (10 * Math.log10(Math.max(AMIN, ref)));
        float amin = (float) AMIN;
        for (float[] frame : power) {
            for (int i = 0; i < frame.length; i++) {
                float v = frame[i];
                frame[i] = fastDb(v > amin ? v : amin) - refDb;
            }
        }
        if (topDb > 0) {
            float peak = Float.NEGATIVE_INFINITY;
            for (float[] frame : power) {
                for (float v : frame) {
                    if (v > peak) {
                        peak = v;
                    }
                }
            }
            float floor = (float) (peak - topDb);
            for (float[] frame : power) {
                for (int i = 0; i < frame.length; i++) {
                    frame[i] = frame[i] < floor ? floor : frame[i];
                }
            }
        }
    }

    private static final float DB_PER_OCTAVE = (float) (10 * Math.log10(2));
    private static final float TWO_OVER_LN2 = (float) (2 / Math.log(2));

    /**
     * 10·log10(x) for positive normal floats, ~4x faster than Math.log10 and
     * within 1e-4 dB of it (exponent from the bits; log of the mantissa in
     * [1, 2) by the atanh series, whose argument stays below 1/3).
     */
    public static float fastDb(float x) {
        int bits = Float.floatToRawIntBits(x);
        int exponent = ((bits >>> 23) & 0xFF) - 127;
        float m = Float.intBitsToFloat((bits & 0x007FFFFF) | 0x3F800000);
        float t = (m - 1f) / (m + 1f);
        float t2 = t * t;
        float log2m = TWO_OVER_LN2 * t * (1f + t2 * (1f / 3 + t2 * (1f / 5 + t2 * (1f / 7 + t2 * (1f / 9)))));
        return DB_PER_OCTAVE * (exponent + log2m);
    }

    /** One value in dB relative to {@code refDb}. */
    public static float toDb(float power, double refDb) {
        return (float) (10 * Math.log10(Math.max(AMIN, power)) - refDb);
    }
}
