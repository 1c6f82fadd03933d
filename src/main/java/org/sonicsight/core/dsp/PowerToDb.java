package org.sonicsight.core.dsp;

/** {@code librosa.power_to_db}: 10·log10(max(amin, S)) relative to a reference, floored top_db below the peak. */
public final class PowerToDb {

    public static final double AMIN = 1e-10;

    private PowerToDb() {
    }

    /** In place, with ref = max(S) over all frames (librosa {@code ref=np.max}). Returns the reference power. */
    public static double applyRefMax(float[][] power, double topDb) {
        double max = 0;
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
        double refDb = 10 * Math.log10(Math.max(AMIN, ref));
        float peak = Float.NEGATIVE_INFINITY;
        for (float[] frame : power) {
            for (int i = 0; i < frame.length; i++) {
                float db = (float) (10 * Math.log10(Math.max(AMIN, frame[i])) - refDb);
                frame[i] = db;
                if (db > peak) {
                    peak = db;
                }
            }
        }
        if (topDb > 0) {
            float floor = (float) (peak - topDb);
            for (float[] frame : power) {
                for (int i = 0; i < frame.length; i++) {
                    if (frame[i] < floor) {
                        frame[i] = floor;
                    }
                }
            }
        }
    }

    /** One value in dB relative to {@code refDb}. */
    public static float toDb(float power, double refDb) {
        return (float) (10 * Math.log10(Math.max(AMIN, power)) - refDb);
    }
}
