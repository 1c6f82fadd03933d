package org.sonicsight.core.dsp;

import be.tarsos.dsp.util.fft.FloatFFT;

/**
 * Power spectrum of one frame: periodic Hann window (librosa/scipy
 * {@code get_window('hann', n, fftbins=True)}) and TarsosDSP's real FFT
 * (a JTransforms port). One instance per thread.
 */
public final class PowerSpectrum {

    private final int nFft;
    private final float[] window;
    private final FloatFFT fft;
    private final float[] work;

    public PowerSpectrum(int nFft) {
        this.nFft = nFft;
        this.window = hann(nFft);
        this.fft = new FloatFFT(nFft);
        this.work = new float[nFft];
    }

    static float[] hann(int n) {
        float[] w = new float[n];
        for (int i = 0; i < n; i++) {
            w[i] = (float) (0.5 - 0.5 * Math.cos(2 * Math.PI * i / n));
        }
        return w;
    }

    /**
     * Computes |FFT(window * frame)|^2 into {@code power} (length nFft/2+1).
     *
     * @param frame samples starting at {@code offset}; {@code nFft} are read
     */
    public void compute(float[] frame, int offset, float[] power) {
        for (int i = 0; i < nFft; i++) {
            work[i] = frame[offset + i] * window[i];
        }
        fft.realForward(work);
        // JTransforms layout: [Re0, Re(n/2), Re1, Im1, Re2, Im2, ...]
        power[0] = work[0] * work[0];
        power[nFft / 2] = work[1] * work[1];
        for (int k = 1; k < nFft / 2; k++) {
            float re = work[2 * k];
            float im = work[2 * k + 1];
            power[k] = re * re + im * im;
        }
    }
}
