package org.sonicsight.web;

import com.google.gson.JsonObject;
import java.util.List;
import org.sonicsight.core.classify.ClassScore;
import org.sonicsight.core.classify.Prediction;
import org.sonicsight.core.classify.PredictionJson;

/** JSON bodies of the API (serialised by Gson, Javalin's JSON mapper here; field names are the API). */
final class ApiResponses {

    private ApiResponses() {
    }

    record Score(String label, double probability) {
    }

    /**
     * {@code POST /api/identify}: the prediction as every face writes it ({@link PredictionJson}, with
     * {@code "window"} and {@code "fallback"} null when absent), then audioSeconds, truncated and spectrogram.
     */
    static JsonObject identify(Prediction p, Analysis a) {
        JsonObject o = PredictionJson.toJson(p, true);
        o.addProperty("audioSeconds", PredictionJson.seconds(a.audioSeconds()));
        o.addProperty("truncated", a.truncated());
        o.addProperty("spectrogram", a.spectrogramId().map(id -> "/api/spectrogram?id=" + id).orElse(null));
        return o;
    }

    /** One event of POST /api/events (seconds from the start of the upload). */
    record Event(double start, double end, String verdict, String label, double confidence) {
        static Event of(org.sonicsight.core.detect.DetectedEvent e) {
            return new Event(PredictionJson.seconds(e.start()), PredictionJson.seconds(e.end()), e.verdict().id(), e.label(),
                    PredictionJson.probability(e.confidence()));
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
        return s.stream().map(c -> new Score(c.label(), PredictionJson.probability(c.probability()))).toList();
    }
}
