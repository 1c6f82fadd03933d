package org.sonicsight.core.detect;

/**
 * The model's answer for one window of the stream.
 *
 * @param startSample first sample of the window (at the model's rate, from the start of the stream)
 * @param length      samples of real audio in it (less than the model's window only for a zero-padded short stream)
 * @param probs       class probabilities in the model's class order, or null when the energy gate skipped it
 * @param rmsDbfs     loudness of the window
 */
public record WindowScore(long startSample, int length, float[] probs, double rmsDbfs) {

    public boolean gated() {
        return probs == null;
    }
}
