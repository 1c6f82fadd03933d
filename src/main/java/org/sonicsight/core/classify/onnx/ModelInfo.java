package org.sonicsight.core.classify.onnx;

import com.google.gson.Gson;
import com.google.gson.JsonParseException;
import java.util.List;

/**
 * What {@code labels.json} says about the shipped model: its input rate and
 * window, its classes (in output order) and the calibrated "not sure"
 * threshold for a dog or cat verdict.
 */
public record ModelInfo(int sampleRate, int windowSamples, List<String> classes, double verdictThreshold,
                        String modelVersion, String input, String output) {

    public ModelInfo {
        if (sampleRate <= 0 || windowSamples <= 0) {
            throw new IllegalArgumentException("labels.json: sample_rate and window_samples must be positive");
        }
        if (classes == null || classes.isEmpty()) {
            throw new IllegalArgumentException("labels.json: no classes");
        }
        classes = List.copyOf(classes);
        input = input == null ? "samples" : input;
        output = output == null ? "probs" : output;
        modelVersion = modelVersion == null ? "unknown" : modelVersion;
    }

    public double windowSeconds() {
        return windowSamples / (double) sampleRate;
    }

    /** Parses the JSON written by the training pipeline. */
    public static ModelInfo parse(String json) {
        Raw raw;
        try {
            raw = new Gson().fromJson(json, Raw.class);
        } catch (JsonParseException e) {
            throw new IllegalArgumentException("labels.json is not valid JSON: " + e.getMessage(), e);
        }
        if (raw == null) {
            throw new IllegalArgumentException("labels.json is empty");
        }
        return new ModelInfo(raw.sample_rate, raw.window_samples, raw.classes, raw.verdict_threshold,
                raw.model_version, raw.input, raw.output);
    }

    @SuppressWarnings("checkstyle:MemberName")
    private static final class Raw {
        int sample_rate;
        int window_samples;
        List<String> classes;
        double verdict_threshold;
        String model_version;
        String input;
        String output;
    }
}
