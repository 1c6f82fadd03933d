package org.sonicsight.core.classify;

import java.util.List;

/**
 * A classifier that scores raw, model-sized windows in batches: what the event
 * detector slides over a stream. The window length and rate are the model's
 * own (they change with the model), so callers read them here rather than
 * assume them.
 */
public interface WindowClassifier {

    /** Rate the windows must be at. */
    int sampleRate();

    /** Samples per window. */
    int windowSamples();

    /** Class names in the order of {@link #scoreWindows}' columns. */
    List<String> classes();

    /** Seconds per window. */
    default double windowSeconds() {
        return windowSamples() / (double) sampleRate();
    }

    /** Short description of the backend for people and JSON ("local model ..."). */
    String name();

    /**
     * Class probabilities for each window (each row exactly {@link #windowSamples} long).
     *
     * @return one row of probabilities per window, in {@link #classes} order
     */
    float[][] scoreWindows(float[][] windows) throws ClassifierException;
}
