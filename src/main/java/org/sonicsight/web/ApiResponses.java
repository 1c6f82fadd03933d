package org.sonicsight.web;

import java.util.List;
import org.sonicsight.core.classify.ClassScore;
import org.sonicsight.core.classify.Prediction;

/** JSON bodies of the API (serialised by Jackson; field names are the API). */
final class ApiResponses {

    private ApiResponses() {
    }

    record Score(String label, double probability) {
    }

    record Window(double start, double end) {
    }

    /** {@code POST /api/identify}. */
    record Identify(String label, double confidence, List<Score> top, String backend, long durationMs, Window window,
                    String verdict, boolean unsure, double audioSeconds, boolean truncated, String spectrogram,
                    String fallback) {

        static Identify of(Prediction p, Analysis a) {
            List<Score> top = p.top().stream().map(s -> new Score(s.label(), round(s.probability()))).toList();
            Window window = p.window().map(w -> new Window(round(w.startSeconds()), round(w.endSeconds()))).orElse(null);
            String spectrogram = a.spectrogramId().map(id -> "/api/spectrogram?id=" + id).orElse(null);
            return new Identify(p.label(), round(p.confidence()), top, p.backend(), p.elapsed().toMillis(), window,
                    p.verdict().id(), p.unsure(), round(a.audioSeconds()), a.truncated(), spectrogram,
                    p.fallback().orElse(null));
        }
    }

    /** One event of POST /api/events (seconds from the start of the upload). */
    record Event(double start, double end, String verdict, String label, double confidence) {
        static Event of(org.sonicsight.core.detect.DetectedEvent e) {
            return new Event(round(e.start()), round(e.end()), e.verdict().id(), e.label(), round(e.confidence()));
        }
    }

    record Events(List<Event> events, String backend, double audioSeconds, boolean truncated) {
    }

    record Error(int status, String error) {
    }

    record Health(String status, boolean classifier, int inFlight) {
    }

    record Limits(long maxUploadBytes, double maxAnalysisSeconds, long requestTimeoutMs, int workers, int queueLength,
                  String formats) {
    }

    record Info(String name, String version, String backend, boolean classifierAvailable, String unavailableReason,
                List<String> classes, List<String> verdicts, Integer modelSampleRate, Double modelWindowSeconds,
                Limits limits) {
    }

    static List<Score> scores(List<ClassScore> s) {
        return s.stream().map(c -> new Score(c.label(), round(c.probability()))).toList();
    }

    static double round(double v) {
        return Math.round(v * 1e6) / 1e6;
    }
}
