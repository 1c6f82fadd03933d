package org.sonicsight.core.classify.gradio;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.sonicsight.core.classify.ClassScore;

/** Reads the values Gradio components produce: Label, text, numbers, images as files or base64. */
public final class GradioOutputs {

    private GradioOutputs() {
    }

    /** A Label output: the top label and its class confidences (best first; may be empty). */
    public record Label(String label, List<ClassScore> confidences) {
        public Label {
            confidences = List.copyOf(confidences);
        }
    }

    /** Reads a Label value ({@code {"label":…, "confidences":[{label, confidence}]}}), or empty if it is not one. */
    public static Optional<Label> label(JsonElement value) {
        if (value == null || !value.isJsonObject()) {
            return Optional.empty();
        }
        JsonObject o = value.getAsJsonObject();
        if (!o.has("label") && !o.has("confidences")) {
            return Optional.empty();
        }
        List<ClassScore> scores = new ArrayList<>();
        JsonElement conf = o.get("confidences");
        if (conf != null && conf.isJsonArray()) {
            for (JsonElement c : conf.getAsJsonArray()) {
                if (c.isJsonObject()) {
                    String l = GradioJson.string(c.getAsJsonObject(), "label");
                    double p = GradioJson.number(c.getAsJsonObject(), "confidence", Double.NaN);
                    if (l != null && !Double.isNaN(p)) {
                        scores.add(new ClassScore(l, p));
                    }
                }
            }
        }
        scores.sort(Comparator.comparingDouble(ClassScore::probability).reversed());
        String top = GradioJson.string(o, "label");
        if (top == null && !scores.isEmpty()) {
            top = scores.get(0).label();
        }
        if (top == null) {
            return Optional.empty();
        }
        return Optional.of(new Label(top, scores));
    }

    /** A string value, or empty. */
    public static Optional<String> text(JsonElement value) {
        if (value != null && value.isJsonPrimitive() && value.getAsJsonPrimitive().isString()) {
            return Optional.of(value.getAsString());
        }
        return Optional.empty();
    }

    /**
     * A number: a JSON number, or text such as "0.93" or "93.2%". Percentages
     * and values above 1 are read as percent, since a confidence is wanted.
     */
    public static Optional<Double> confidence(JsonElement value) {
        if (value == null || !value.isJsonPrimitive()) {
            return Optional.empty();
        }
        double v;
        boolean percent = false;
        if (value.getAsJsonPrimitive().isNumber()) {
            v = value.getAsDouble();
        } else if (value.getAsJsonPrimitive().isString()) {
            String s = value.getAsString().strip();
            if (s.endsWith("%")) {
                percent = true;
                s = s.substring(0, s.length() - 1).strip();
            }
            try {
                v = Double.parseDouble(s);
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        } else {
            return Optional.empty();
        }
        if (Double.isNaN(v)) {
            return Optional.empty();
        }
        if (percent || (v > 1.0 && v <= 100.0)) {
            v /= 100.0;
        }
        return Optional.of(v);
    }

    /** True when a string looks like a base64 PNG or JPEG (with or without a {@code data:} prefix). */
    public static boolean isBase64Image(String s) {
        if (s == null || s.length() < 32) {
            return false;
        }
        String b = s.startsWith("data:image/") ? s.substring(s.indexOf(',') + 1) : s;
        return b.startsWith("iVBORw0KGgo") || b.startsWith("/9j/");
    }

    /** Decodes a base64 image, with or without a {@code data:...;base64,} prefix. */
    public static byte[] decodeBase64Image(String s) throws GradioException {
        String b = s.startsWith("data:") ? s.substring(s.indexOf(',') + 1) : s;
        try {
            return Base64.getMimeDecoder().decode(b.strip());
        } catch (IllegalArgumentException e) {
            throw new GradioException(GradioException.Kind.PROTOCOL, "The app's image is not valid base64.", e);
        }
    }
}
