package org.sonicsight.core.dsp;

/**
 * Slaney-style mel filterbank, as {@code librosa.filters.mel} with its
 * defaults (htk=False, norm="slaney"). Stored sparsely: each band keeps only
 * its non-zero FFT bins, which makes applying it ~60x cheaper than a dense
 * matrix product.
 */
public final class MelFilterbank {

    private final int nMels;
    private final int[] firstBin;
    private final float[][] weights;
    private final double[] centerHz;

    private static final java.util.Map<SpectrogramConfig, MelFilterbank> SHARED =
            new java.util.concurrent.ConcurrentHashMap<>();

    /** The (immutable) filterbank of {@code config}, built once per configuration. */
    public static MelFilterbank of(SpectrogramConfig config) {
        if (SHARED.size() > 16) {
            SHARED.clear();
        }
        return SHARED.computeIfAbsent(config, MelFilterbank::new);
    }

    public MelFilterbank(SpectrogramConfig config) {
        this(config.sampleRate(), config.nFft(), config.nMels(), config.fMin(), config.fMax());
    }

    public MelFilterbank(int sampleRate, int nFft, int nMels, double fMin, double fMax) {
        this.nMels = nMels;
        int bins = nFft / 2 + 1;
        double[] fftFreqs = new double[bins];
        for (int k = 0; k < bins; k++) {
            fftFreqs[k] = k * (sampleRate / 2.0) / (bins - 1);
        }
        double minMel = hzToMel(fMin);
        double maxMel = hzToMel(fMax);
        double[] melF = new double[nMels + 2];
        for (int i = 0; i < melF.length; i++) {
            melF[i] = melToHz(minMel + (maxMel - minMel) * i / (nMels + 1));
        }
        this.firstBin = new int[nMels];
        this.weights = new float[nMels][];
        this.centerHz = new double[nMels];
        for (int m = 0; m < nMels; m++) {
            double lowerEdge = melF[m];
            double center = melF[m + 1];
            double upperEdge = melF[m + 2];
            centerHz[m] = center;
            double enorm = 2.0 / (upperEdge - lowerEdge);
            double fdiffLow = center - lowerEdge;
            double fdiffHigh = upperEdge - center;
            int start = -1;
            int end = -1;
            double[] dense = new double[bins];
            for (int k = 0; k < bins; k++) {
                double lower = (fftFreqs[k] - lowerEdge) / fdiffLow;
                double upper = (upperEdge - fftFreqs[k]) / fdiffHigh;
                double w = Math.max(0.0, Math.min(lower, upper));
                if (w > 0) {
                    if (start < 0) {
                        start = k;
                    }
                    end = k;
                }
                dense[k] = w * enorm;
            }
            if (start < 0) {
                firstBin[m] = 0;
                weights[m] = new float[0];
            } else {
                firstBin[m] = start;
                weights[m] = new float[end - start + 1];
                for (int k = start; k <= end; k++) {
                    weights[m][k - start] = (float) dense[k];
                }
            }
        }
    }

    public int size() {
        return nMels;
    }

    /** Centre frequency of band {@code m} in Hz. */
    public double centerHz(int m) {
        return centerHz[m];
    }

    /** Mel band energies of one power spectrum: {@code out[m] = sum_k W[m,k] * power[k]}. */
    public void apply(float[] power, float[] out) {
        for (int m = 0; m < nMels; m++) {
            float[] w = weights[m];
            int base = firstBin[m];
            float sum = 0f;
            for (int i = 0; i < w.length; i++) {
                sum += w[i] * power[base + i];
            }
            out[m] = sum;
        }
    }

    /**
     * Mel band energies of many frames laid out frame-minor, as
     * {@link BatchPowerSpectrum} leaves them: {@code mel[m][f] = sum_k W[m,k] * power[k][f]}
     * for {@code f < count}. Each frame's sum runs in the same order as {@link #apply}.
     */
    public void applyBatch(float[][] power, int count, float[][] mel) {
        for (int m = 0; m < nMels; m++) {
            float[] w = weights[m];
            int base = firstBin[m];
            float[] row = mel[m];
            java.util.Arrays.fill(row, 0, count, 0f);
            for (int i = 0; i < w.length; i++) {
                float wk = w[i];
                float[] p = power[base + i];
                for (int f = 0; f < count; f++) {
                    row[f] += wk * p[f];
                }
            }
        }
    }

    /** Slaney mel scale (librosa htk=False): linear below 1 kHz, logarithmic above. */
    public static double hzToMel(double hz) {
        double fSp = 200.0 / 3;
        double mel = hz / fSp;
        double minLogHz = 1000.0;
        double minLogMel = minLogHz / fSp;
        double logStep = Math.log(6.4) / 27.0;
        if (hz >= minLogHz) {
            mel = minLogMel + Math.log(hz / minLogHz) / logStep;
        }
        return mel;
    }

    public static double melToHz(double mel) {
        double fSp = 200.0 / 3;
        double hz = fSp * mel;
        double minLogHz = 1000.0;
        double minLogMel = minLogHz / fSp;
        double logStep = Math.log(6.4) / 27.0;
        if (mel >= minLogMel) {
            hz = minLogHz * Math.exp(logStep * (mel - minLogMel));
        }
        return hz;
    }
}
