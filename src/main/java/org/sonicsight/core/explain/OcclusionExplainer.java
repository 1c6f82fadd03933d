package org.sonicsight.core.explain;

import be.tarsos.dsp.util.fft.FloatFFT;
import java.time.Duration;
import java.util.Arrays;
import org.sonicsight.core.classify.ClassifierException;
import org.sonicsight.core.classify.WindowClassifier;
import org.sonicsight.core.dsp.MelFilterbank;

/**
 * Explains an answer by occlusion: removes one time-frequency patch at a time from the window the model scored,
 * runs the model again, and keeps how much the winning class dropped, in log-odds (a firm answer sits at a
 * probability of 0.999..., where removing one part of a bark moves the probability by a few thousandths but the
 * log-odds by whole units; the ranking of patches is the same, it is only readable).
 *
 * <p>The model takes raw samples, not a spectrogram, so a patch is removed from the sound itself: the window is
 * taken apart with a short-time Fourier transform (512-sample periodic Hann frames, hop 128, which overlap-add back
 * to the original exactly), the patch's bins (its frames, its band) are set to zero, and the sound is put back
 * together. Since the inverse transform is linear, that is the window minus the patch's own resynthesised part,
 * which is cheap to compute per patch. Removing means silence in that band for that time, a band-stop filter
 * switched on for a moment: the model then hears everything except the patch.
 *
 * <p>The grid is {@link Grid#timePatches} equal slices of the window by {@link Grid#bands} mel-spaced bands (the
 * spectrogram's own frequency scale); with the defaults (10 x 6 over a 3 s window: 0.3 s slices, bands of
 * about 240 mels) that is 61 windows for the model, scored 8 per call.
 */
public final class OcclusionExplainer {

    /** How finely to cut the window. */
    public record Grid(int timePatches, int bands) {
        public static final Grid DEFAULT = new Grid(10, 6);

        public Grid {
            if (timePatches < 1 || bands < 1) {
                throw new IllegalArgumentException("a grid needs at least one patch each way");
            }
        }
    }

    static final int N_FFT = 512;
    static final int HOP = 128;
    private static final int BATCH = 8;

    private final WindowClassifier model;
    private final Grid grid;
    private final float[] window = hann(N_FFT);
    private final FloatFFT fft = new FloatFFT(N_FFT);

    public OcclusionExplainer(WindowClassifier model, Grid grid) {
        this.model = model;
        this.grid = grid;
    }

    public OcclusionExplainer(WindowClassifier model) {
        this(model, Grid.DEFAULT);
    }

    /**
     * @param samples     the clip at the model's rate
     * @param windowStart where the window the model scored starts, seconds from the start of the clip (the
     *                    prediction's window; a clip shorter than a window is padded with silence as the model's
     *                    own scoring does)
     * @param label       the class to explain, or null for the window's winner
     */
    public Explanation explain(float[] samples, double windowStart, String label) throws ClassifierException {
        long t0 = System.nanoTime();
        int rate = model.sampleRate();
        int n = model.windowSamples();
        int start = (int) Math.max(0, Math.min(Math.round(windowStart * rate), Math.max(0, samples.length - n)));
        float[] x = new float[n];
        System.arraycopy(samples, start, x, 0, Math.max(0, Math.min(n, samples.length - start)));

        float[] base = model.scoreWindows(new float[][] {x})[0];
        int cls = label == null ? argmax(base) : model.classes().indexOf(label);
        if (cls < 0) {
            throw new IllegalArgumentException("the model has no class '" + label + "'");
        }

        // STFT of the window, padded by a frame each side so every sample is covered by full overlap
        int pad = N_FFT;
        float[] padded = new float[n + 2 * pad];
        System.arraycopy(x, 0, padded, pad, n);
        int frames = (padded.length - N_FFT) / HOP + 1;
        float[][] spectra = new float[frames][];
        float[] norm = new float[padded.length];
        for (int f = 0; f < frames; f++) {
            float[] buf = new float[N_FFT];
            for (int i = 0; i < N_FFT; i++) {
                buf[i] = padded[f * HOP + i] * window[i];
                norm[f * HOP + i] += window[i] * window[i];
            }
            fft.realForward(buf);
            spectra[f] = buf;
        }

        int tp = grid.timePatches();
        int fb = grid.bands();
        double nyquist = rate / 2.0;
        double[] timeEdges = new double[tp + 1];
        for (int t = 0; t <= tp; t++) {
            timeEdges[t] = windowStart(start, rate) + (double) n / rate * t / tp;
        }
        double melMax = MelFilterbank.hzToMel(nyquist);
        double[] freqEdges = new double[fb + 1];
        for (int b = 0; b <= fb; b++) {
            freqEdges[b] = b == fb ? nyquist : MelFilterbank.melToHz(melMax * b / fb);
        }

        float[][] occluded = new float[tp * fb][];
        int k = 0;
        for (int t = 0; t < tp; t++) {
            int a = (int) ((long) n * t / tp);
            int b = (int) ((long) n * (t + 1) / tp);
            for (int band = 0; band < fb; band++) {
                int k0 = (int) Math.ceil(freqEdges[band] / nyquist * (N_FFT / 2));
                int k1 = band == fb - 1 ? N_FFT / 2 + 1 : (int) Math.ceil(freqEdges[band + 1] / nyquist * (N_FFT / 2));
                occluded[k++] = remove(x, spectra, norm, pad, a, b, k0, k1);
            }
        }

        float[][] drop = new float[tp][fb];
        for (int first = 0; first < occluded.length; first += BATCH) {
            int count = Math.min(BATCH, occluded.length - first);
            float[][] scores = model.scoreWindows(Arrays.copyOfRange(occluded, first, first + count));
            for (int i = 0; i < count; i++) {
                int idx = first + i;
                drop[idx / fb][idx % fb] = (float) (logit(base[cls]) - logit(scores[i][cls]));
            }
        }
        return new Explanation(model.classes().get(cls), base[cls], windowStart(start, rate),
                windowStart(start, rate) + (double) n / rate, timeEdges, freqEdges, drop,
                Duration.ofNanos(System.nanoTime() - t0));
    }

    private static double windowStart(int start, int rate) {
        return (double) start / rate;
    }

    /**
     * The window with the patch removed: frames whose centre lies in samples [a, b) of the window, bins [k0, k1).
     * Subtracts the weighted overlap-add of the patch's bins alone.
     */
    float[] remove(float[] x, float[][] spectra, float[] norm, int pad, int a, int b, int k0, int k1) {
        float[] out = x.clone();
        float[] buf = new float[N_FFT];
        for (int f = 0; f < spectra.length; f++) {
            int centre = f * HOP + N_FFT / 2 - pad;
            if (centre < a || centre >= b) {
                continue;
            }
            Arrays.fill(buf, 0f);
            float[] s = spectra[f];
            for (int k = Math.max(k0, 0); k < Math.min(k1, N_FFT / 2 + 1); k++) {
                if (k == 0) {
                    buf[0] = s[0];
                } else if (k == N_FFT / 2) {
                    buf[1] = s[1];
                } else {
                    buf[2 * k] = s[2 * k];
                    buf[2 * k + 1] = s[2 * k + 1];
                }
            }
            fft.realInverse(buf, true);
            for (int i = 0; i < N_FFT; i++) {
                int p = f * HOP + i;
                int xi = p - pad;
                if (xi >= 0 && xi < out.length && norm[p] > 1e-8f) {
                    out[xi] -= buf[i] * window[i] / norm[p];
                }
            }
        }
        return out;
    }

    /** Log-odds, with probabilities kept off 0 and 1 so a saturated answer still shows what moves it. */
    static double logit(double p) {
        double q = Math.max(1e-6, Math.min(1 - 1e-6, p));
        return Math.log(q / (1 - q));
    }

    private static int argmax(float[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            if (v[i] > v[best]) {
                best = i;
            }
        }
        return best;
    }

    private static float[] hann(int n) {
        float[] w = new float[n];
        for (int i = 0; i < n; i++) {
            w[i] = (float) (0.5 - 0.5 * Math.cos(2 * Math.PI * i / n));
        }
        return w;
    }
}
