package org.sonicsight.core.explain;

import java.time.Duration;

/**
 * Which time-frequency regions of the window that decided an answer drove it: for each patch of a grid over that
 * window, how much the winning class dropped (log-odds) when the patch was removed from the sound.
 *
 * @param label       the class explained (the window's winner)
 * @param probability its probability with nothing removed
 * @param windowStart start of the window the model scored, in seconds from the start of the clip
 * @param windowEnd   its end
 * @param timeEdges   patch edges in time, seconds from the start of the clip ({@code drop.length + 1} values)
 * @param freqEdges   patch edges in frequency, Hz ({@code drop[0].length + 1} values, mel-spaced)
 * @param drop        {@code drop[t][f]}: the class's log-odds with nothing removed minus its log-odds with the patch
 *                    removed (positive: the patch spoke for the class; negative: against it)
 * @param elapsed     how long the explanation took
 */
public record Explanation(String label, double probability, double windowStart, double windowEnd,
                          double[] timeEdges, double[] freqEdges, float[][] drop, Duration elapsed) {

    public int timePatches() {
        return drop.length;
    }

    public int bands() {
        return drop.length == 0 ? 0 : drop[0].length;
    }

    /** The largest drop (0 when no patch mattered). */
    public double maxDrop() {
        double m = 0;
        for (float[] row : drop) {
            for (float v : row) {
                m = Math.max(m, v);
            }
        }
        return m;
    }

    /**
     * How much the region at ({@code seconds}, {@code hz}) mattered, 0..1 relative to the patch that mattered most,
     * interpolated between patch centres so an overlay has no blocks; 0 outside the window, and everywhere when no
     * patch lowered the class.
     */
    public double weight(double seconds, double hz) {
        double max = maxDrop();
        if (max <= 1e-6 || seconds < windowStart || seconds > windowEnd) {
            return 0;
        }
        double ti = position(timeEdges, seconds);
        double fi = position(freqEdges, hz);
        int t0 = (int) Math.floor(ti);
        int f0 = (int) Math.floor(fi);
        double tf = ti - t0;
        double ff = fi - f0;
        double v = (1 - tf) * (1 - ff) * at(t0, f0) + tf * (1 - ff) * at(t0 + 1, f0)
                + (1 - tf) * ff * at(t0, f0 + 1) + tf * ff * at(t0 + 1, f0 + 1);
        return Math.max(0, Math.min(1, v / max));
    }

    private double at(int t, int f) {
        t = Math.max(0, Math.min(timePatches() - 1, t));
        f = Math.max(0, Math.min(bands() - 1, f));
        return Math.max(0, drop[t][f]);
    }

    /** Fractional patch index whose centre is at integer values (patch i's centre -> i). */
    private static double position(double[] edges, double v) {
        int n = edges.length - 1;
        for (int i = 0; i < n; i++) {
            double centre = (edges[i] + edges[i + 1]) / 2;
            if (v < centre) {
                if (i == 0) {
                    return 0;
                }
                double prev = (edges[i - 1] + edges[i]) / 2;
                return i - 1 + (v - prev) / (centre - prev);
            }
        }
        return n - 1;
    }
}
