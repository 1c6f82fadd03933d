package org.sonicsight.core.explain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.sonicsight.core.audio.AudioDecoder;
import org.sonicsight.core.backend.LocalModel;
import org.sonicsight.core.classify.Prediction;
import org.sonicsight.core.classify.WindowClassifier;
import org.sonicsight.core.classify.onnx.OnnxClassifier;
import org.sonicsight.core.audio.AudioClip;
import org.sonicsight.testsupport.BarkFixture;
import org.sonicsight.testsupport.TestEnv;

class OcclusionExplainerTest {

    static final int RATE = 22050;

    /**
     * A "model" that hears one thing: the share of a window's energy between 900 and 1100 Hz (the tone class).
     * Deterministic, so the explainer's arithmetic can be checked patch by patch.
     */
    static final class ToneMeter implements WindowClassifier {
        @Override
        public int sampleRate() {
            return RATE;
        }

        @Override
        public int windowSamples() {
            return 3 * RATE;
        }

        @Override
        public List<String> classes() {
            return List.of("tone", "rest");
        }

        @Override
        public String name() {
            return "tone meter";
        }

        @Override
        public float[][] scoreWindows(float[][] windows) {
            float[][] out = new float[windows.length][];
            for (int w = 0; w < windows.length; w++) {
                double total = 1e-9;
                double tone = 0;
                float[] x = windows[w];
                // Goertzel at 1 kHz over the window vs total energy
                double coeff = 2 * Math.cos(2 * Math.PI * 1000 / RATE);
                double s1 = 0;
                double s2 = 0;
                for (float v : x) {
                    total += v * v;
                    double s = v + coeff * s1 - s2;
                    s2 = s1;
                    s1 = s;
                }
                tone = (s1 * s1 + s2 * s2 - coeff * s1 * s2) * 2 / x.length;
                float p = (float) Math.min(1, tone / total);
                out[w] = new float[] {p, 1 - p};
            }
            return out;
        }
    }

    @Test
    void removingEveryPatchLeavesSilenceAndTheToneShowsWhereItIs() throws Exception {
        ToneMeter meter = new ToneMeter();
        float[] x = new float[3 * RATE];
        java.util.Random r = new java.util.Random(3);
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (0.05 * r.nextGaussian());
        }
        // a 1 kHz tone from 1.0 to 1.5 s
        for (int i = RATE; i < RATE * 3 / 2; i++) {
            x[i] += (float) (0.5 * Math.sin(2 * Math.PI * 1000 * i / RATE));
        }
        OcclusionExplainer explainer = new OcclusionExplainer(meter, new OcclusionExplainer.Grid(6, 4));
        Explanation e = explainer.explain(x, 0, "tone");
        assertEquals("tone", e.label());
        assertEquals(6, e.timePatches());
        assertEquals(4, e.bands());
        // the tone lies in time patch 2 (1.0-1.5 s); 1 kHz lies in the band whose edges hold it
        int band = -1;
        for (int f = 0; f < e.bands(); f++) {
            if (e.freqEdges()[f] <= 1000 && 1000 < e.freqEdges()[f + 1]) {
                band = f;
            }
        }
        int[] best = {0, 0};
        for (int t = 0; t < e.timePatches(); t++) {
            for (int f = 0; f < e.bands(); f++) {
                if (e.drop()[t][f] > e.drop()[best[0]][best[1]]) {
                    best = new int[] {t, f};
                }
            }
        }
        assertEquals(2, best[0], "time patch of the tone");
        assertEquals(band, best[1], "band of the tone");
        for (int t = 0; t < e.timePatches(); t++) {
            for (int f = 0; f < e.bands(); f++) {
                if (t != 2 || f != band) {
                    assertTrue(e.drop()[t][f] < 0.2 * e.maxDrop(), "patch " + t + "," + f + ": " + e.drop()[t][f]);
                }
            }
        }
        assertTrue(e.maxDrop() > 2, "removing the tone takes the class down by log-odds " + e.maxDrop());
        assertTrue(e.weight(1.25, (e.freqEdges()[band] + e.freqEdges()[band + 1]) / 2) > 0.9);
        assertTrue(e.weight(2.75, 8000) < 0.1);

        // The STFT round trip is exact: removing every band of a slice silences that slice and nothing else.
        OcclusionExplainer probe = new OcclusionExplainer(meter, OcclusionExplainer.Grid.DEFAULT);
        float[] y = x.clone();
        float[] removed = removeAll(probe, y, RATE, 2 * RATE);
        double inside = rms(removed, RATE + 600, 2 * RATE - 600);
        double before = rms(removed, 0, RATE - 600);
        assertTrue(inside < 1e-4, "slice removed: rms " + inside);
        assertEquals(rms(x, 0, RATE - 600), before, 1e-5, "the rest untouched");
    }

    /** Runs the explainer's patch removal with one band spanning all bins, samples [a, b). */
    private static float[] removeAll(OcclusionExplainer probe, float[] x, int a, int b) {
        int n = x.length;
        int pad = OcclusionExplainer.N_FFT;
        float[] padded = new float[n + 2 * pad];
        System.arraycopy(x, 0, padded, pad, n);
        int frames = (padded.length - OcclusionExplainer.N_FFT) / OcclusionExplainer.HOP + 1;
        float[][] spectra = new float[frames][];
        float[] norm = new float[padded.length];
        be.tarsos.dsp.util.fft.FloatFFT fft = new be.tarsos.dsp.util.fft.FloatFFT(OcclusionExplainer.N_FFT);
        for (int f = 0; f < frames; f++) {
            float[] buf = new float[OcclusionExplainer.N_FFT];
            for (int i = 0; i < buf.length; i++) {
                double w = 0.5 - 0.5 * Math.cos(2 * Math.PI * i / buf.length);
                buf[i] = (float) (padded[f * OcclusionExplainer.HOP + i] * w);
                norm[f * OcclusionExplainer.HOP + i] += (float) (w * w);
            }
            fft.realForward(buf);
            spectra[f] = buf;
        }
        return probe.remove(x, spectra, norm, pad, a, b, 0, OcclusionExplainer.N_FFT / 2 + 1);
    }

    private static double rms(float[] x, int a, int b) {
        double s = 0;
        for (int i = a; i < b; i++) {
            s += x[i] * x[i];
        }
        return Math.sqrt(s / (b - a));
    }

    @Test
    void theBarkIsWhatMakesTheShippedModelSayDog() throws Exception {
        float[] bark = AudioDecoder.readAll(TestEnv.fixture("dog_bark_esc50_22050hz_mono.wav"), RATE).samples();
        int[] audible = BarkFixture.audible(bark);
        try (OnnxClassifier model = LocalModel.open()) {
            Prediction p = model.classify(new AudioClip(bark, RATE, "bark"));
            assertEquals("dog", p.label());
            OcclusionExplainer explainer = new OcclusionExplainer(model);
            explainer.explain(bark, p.window().orElseThrow().startSeconds(), p.label()); // warm-up
            Explanation e = explainer.explain(bark, p.window().orElseThrow().startSeconds(), p.label());
            System.out.printf("explained %s %.2f over %.2f-%.2f s in %d ms, largest drop %.3f%n", e.label(),
                    e.probability(), e.windowStart(), e.windowEnd(), e.elapsed().toMillis(), e.maxDrop());
            assertEquals("dog", e.label());
            assertTrue(e.maxDrop() > 0.5, "some patch matters: " + e.maxDrop());
            // the patch that mattered most overlaps the audible bark, not the quiet around it
            int bt = 0;
            int bf = 0;
            for (int t = 0; t < e.timePatches(); t++) {
                for (int f = 0; f < e.bands(); f++) {
                    if (e.drop()[t][f] > e.drop()[bt][bf]) {
                        bt = t;
                        bf = f;
                    }
                }
            }
            double a = audible[0] / (double) RATE;
            double b = audible[1] / (double) RATE;
            assertTrue(e.timeEdges()[bt] < b && e.timeEdges()[bt + 1] > a,
                    "patch " + e.timeEdges()[bt] + "-" + e.timeEdges()[bt + 1] + " s vs bark " + a + "-" + b);
        }
    }
}
