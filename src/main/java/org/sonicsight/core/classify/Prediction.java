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
 * @param fallback    why another backend answered than the one asked (the Space was down), if so
 */
public record Prediction(String label, double confidence, List<ClassScore> top, Verdict verdict, boolean unsure,
                         String backend, Duration elapsed, Optional<TimeSpan> window,
                         Optional<byte[]> spectrogramPng, Optional<String> fallback) {

    /** An answer from the backend that was asked. */
    public Prediction(String label, double confidence, List<ClassScore> top, Verdict verdict, boolean unsure,
                      String backend, Duration elapsed, Optional<TimeSpan> window, Optional<byte[]> spectrogramPng) {
        this(label, confidence, top, verdict, unsure, backend, elapsed, window, spectrogramPng, Optional.empty());
    }

    public Prediction {
        Objects.requireNonNull(label, "label");
        top = List.copyOf(top);
        Objects.requireNonNull(verdict, "verdict");
        backend = backend == null ? "" : backend;
        elapsed = elapsed == null ? Duration.ZERO : elapsed;
        window = window == null ? Optional.empty() : window;
        spectrogramPng = spectrogramPng == null ? Optional.empty() : spectrogramPng;
        fallback = fallback == null ? Optional.empty() : fallback;
    }

    /** A span of the clip in seconds. */
    public record TimeSpan(double startSeconds, double endSeconds) {
    }

    public Prediction withElapsed(Duration d) {
        return new Prediction(label, confidence, top, verdict, unsure, backend, d, window, spectrogramPng, fallback);
    }

    public Prediction withBackend(String b) {
        return new Prediction(label, confidence, top, verdict, unsure, b, elapsed, window, spectrogramPng, fallback);
    }

    /** The same answer, marked as given in place of another backend, and why. */
    public Prediction withFallback(String why) {
        return new Prediction(label, confidence, top, verdict, unsure, backend, elapsed, window, spectrogramPng,
                Optional.of(why));
    }
}
