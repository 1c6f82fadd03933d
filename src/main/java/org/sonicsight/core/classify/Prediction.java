package org.sonicsight.core.classify;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a classifier said about a clip.
 *
 * @param label       top class
 * @param confidence  probability of the top class (0..1)
 * @param top         classes ranked by probability, best first
 * @param verdict     dog / cat / other derived from the classes
 * @param unsure      true when the classifier is not confident enough to commit to dog or cat
 * @param backend     who answered, e.g. "local model sonicsight-v1" or "space owner/name"
 * @param elapsed     time the classifier took
 * @param window      part of the clip that decided the answer, if the classifier windows
 * @param spectrogramPng an image the backend returned with its answer (Gradio Spaces do), if any
 */
public record Prediction(String label, double confidence, List<ClassScore> top, Verdict verdict, boolean unsure,
                         String backend, Duration elapsed, Optional<TimeSpan> window,
                         Optional<byte[]> spectrogramPng) {

    public Prediction {
        Objects.requireNonNull(label, "label");
        top = List.copyOf(top);
        Objects.requireNonNull(verdict, "verdict");
        backend = backend == null ? "" : backend;
        elapsed = elapsed == null ? Duration.ZERO : elapsed;
        window = window == null ? Optional.empty() : window;
        spectrogramPng = spectrogramPng == null ? Optional.empty() : spectrogramPng;
    }

    /** A span of the clip in seconds. */
    public record TimeSpan(double startSeconds, double endSeconds) {
    }

    public Prediction withElapsed(Duration d) {
        return new Prediction(label, confidence, top, verdict, unsure, backend, d, window, spectrogramPng);
    }

    public Prediction withBackend(String b) {
        return new Prediction(label, confidence, top, verdict, unsure, b, elapsed, window, spectrogramPng);
    }
}
