package org.sonicsight.core.dsp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

class BatchPowerSpectrumTest {

    /** |DFT(hann * frame)|^2 in double precision, straight from the definition. */
    private static double[] naivePower(float[] src, int start, int n) {
        double[] cos = new double[n];
        double[] sin = new double[n];
        for (int j = 0; j < n; j++) {
            cos[j] = Math.cos(2 * Math.PI * j / n);
            sin[j] = Math.sin(2 * Math.PI * j / n);
        }
        double[] out = new double[n / 2 + 1];
        for (int k = 0; k <= n / 2; k++) {
            double re = 0;
            double im = 0;
            for (int j = 0; j < n; j++) {
                double x = src[start + j] * (0.5 - 0.5 * cos[j]);
                int kj = (int) ((long) k * j % n);
                re += x * cos[kj];
                im -= x * sin[kj];
            }
            out[k] = re * re + im * im;
        }
        return out;
    }

    @Test
    void matchesTheDefinitionForEverySizeAndBatch() {
        Random random = new Random(7);
        float[] src = new float[20000];
        for (int i = 0; i < src.length; i++) {
            src[i] = (float) (random.nextGaussian() + 0.5 * Math.sin(i * 0.3));
        }
        // 2..32 cover the radix-2 first stage (n/2 odd power of two) and the tiny cases; 512 and 2048 the real sizes
        for (int n : new int[] {2, 4, 8, 16, 32, 64, 512, 2048}) {
            BatchPowerSpectrum spectrum = new BatchPowerSpectrum(n);
            for (int count : new int[] {1, 3, 17}) {
                int hop = Math.max(1, n / 4);
                float[][] power = BatchPowerSpectrum.powerRows(n, count);
                spectrum.compute(src, 11, hop, count, power);
                for (int f = 0; f < count; f++) {
                    double[] expected = naivePower(src, 11 + f * hop, n);
                    double peak = 0;
                    for (double v : expected) {
                        peak = Math.max(peak, v);
                    }
                    for (int k = 0; k <= n / 2; k++) {
                        assertEquals(expected[k], power[k][f], 1e-5 * peak, "n " + n + " frame " + f + " bin " + k);
                    }
                }
            }
        }
    }

    @Test
    void aFrameDoesNotDependOnItsBatch() {
        Random random = new Random(3);
        float[] src = new float[2048 + 512 * 40];
        for (int i = 0; i < src.length; i++) {
            src[i] = (float) random.nextGaussian();
        }
        BatchPowerSpectrum spectrum = new BatchPowerSpectrum(2048);
        float[][] batch = BatchPowerSpectrum.powerRows(2048, 40);
        spectrum.compute(src, 0, 512, 40, batch);
        float[][] single = BatchPowerSpectrum.powerRows(2048, 1);
        for (int f : new int[] {0, 13, 39}) {
            spectrum.compute(src, f * 512, 512, 1, single);
            for (int k = 0; k <= 1024; k++) {
                assertEquals(batch[k][f], single[k][0], 0f, "frame " + f + " bin " + k);
            }
        }
    }
}
