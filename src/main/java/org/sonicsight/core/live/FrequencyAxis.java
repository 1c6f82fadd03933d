package org.sonicsight.core.live;

import org.sonicsight.core.dsp.MelFilterbank;
import org.sonicsight.core.dsp.SpectrogramConfig;
import org.sonicsight.core.settings.Settings.FrequencyScale;

/**
 * Maps display rows to frequencies and mel bands for the three frequency
 * scales. The data are always mel bands; linear and log views pick, for each
 * row, the band whose centre is nearest the row's frequency (a lookup table,
 * so painting stays one array read per pixel).
 */
public final class FrequencyAxis {

    /** Lowest frequency shown on the log scale. */
    public static final double LOG_MIN_HZ = 40.0;

    private final FrequencyScale scale;
    private final int rows;
    private final double fMin;
    private final double fMax;
    private final int[] rowBand;
    private final double[] bandCentreMel;

    public FrequencyAxis(SpectrogramConfig config, FrequencyScale scale, int rows) {
        this.scale = scale;
        this.rows = rows;
        this.fMin = config.fMin();
        this.fMax = config.fMax();
        MelFilterbank fb = new MelFilterbank(config);
        bandCentreMel = new double[fb.size()];
        for (int m = 0; m < fb.size(); m++) {
            bandCentreMel[m] = MelFilterbank.hzToMel(fb.centerHz(m));
        }
        rowBand = new int[rows];
        for (int row = 0; row < rows; row++) {
            double f = frequencyAt(1.0 - (row + 0.5) / rows);
            rowBand[row] = nearestBand(MelFilterbank.hzToMel(f));
        }
    }

    public FrequencyScale scale() {
        return scale;
    }

    public int rows() {
        return rows;
    }

    /** Band shown in display row {@code row} (row 0 at the top). */
    public int bandOfRow(int row) {
        return rowBand[Math.max(0, Math.min(rows - 1, row))];
    }

    public int[] rowBands() {
        return rowBand;
    }

    /** Frequency at a height fraction (0 = bottom, 1 = top). */
    public double frequencyAt(double fraction) {
        double t = Math.max(0, Math.min(1, fraction));
        return switch (scale) {
            case LINEAR -> fMin + t * (fMax - fMin);
            case LOG -> {
                double lo = Math.log(Math.max(LOG_MIN_HZ, fMin));
                yield Math.exp(lo + t * (Math.log(fMax) - lo));
            }
            case MEL -> {
                double lo = MelFilterbank.hzToMel(fMin);
                yield MelFilterbank.melToHz(lo + t * (MelFilterbank.hzToMel(fMax) - lo));
            }
        };
    }

    /** Height fraction (0 = bottom) where {@code hz} sits; negative when below the scale. */
    public double fractionOf(double hz) {
        return switch (scale) {
            case LINEAR -> (hz - fMin) / (fMax - fMin);
            case LOG -> {
                double lo = Math.log(Math.max(LOG_MIN_HZ, fMin));
                yield (Math.log(Math.max(1e-9, hz)) - lo) / (Math.log(fMax) - lo);
            }
            case MEL -> {
                double lo = MelFilterbank.hzToMel(fMin);
                yield (MelFilterbank.hzToMel(hz) - lo) / (MelFilterbank.hzToMel(fMax) - lo);
            }
        };
    }

    /** Tick frequencies worth labelling on this scale. */
    public double[] ticks() {
        return switch (scale) {
            case LINEAR -> new double[]{0, 2000, 4000, 6000, 8000, 10000};
            case LOG -> new double[]{50, 100, 200, 500, 1000, 2000, 5000, 10000};
            case MEL -> new double[]{0, 500, 1000, 2000, 4000, 8000};
        };
    }

    public static String label(double hz) {
        if (hz >= 1000) {
            double k = hz / 1000;
            return (k == Math.rint(k) ? String.valueOf((int) k) : String.valueOf(Math.round(k * 10) / 10.0)) + " kHz";
        }
        return (int) hz + " Hz";
    }

    private int nearestBand(double mel) {
        int best = 0;
        double bestDistance = Double.MAX_VALUE;
        for (int m = 0; m < bandCentreMel.length; m++) {
            double d = Math.abs(bandCentreMel[m] - mel);
            if (d < bestDistance) {
                bestDistance = d;
                best = m;
            }
        }
        return best;
    }
}
