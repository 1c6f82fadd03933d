package org.sonicsight.core.classify;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;

/**
 * The JSON of a prediction, one serializer for every face: {@code identify --json} prints it with
 * {@code file} in front, {@code POST /api/identify} answers it with the upload's fields after it.
 * Fields: verdict, label, confidence, unsure, top [{label, probability}], backend, durationMs,
 * window {start, end}, fallback.
 *
 * <p>One rounding policy for every JSON number SonicSight writes: probabilities to 6 decimals
 * ({@link #probability}), seconds to the millisecond ({@link #seconds}).
 */
public final class PredictionJson {

    /** Gson as every JSON face uses it: no HTML escaping (URLs keep their {@code =}), nulls written. */
    public static final Gson GSON = new GsonBuilder().disableHtmlEscaping().serializeNulls().create();

    private PredictionJson() {
    }

    /**
     * @param absentAsNull write {@code "window": null} and {@code "fallback": null} when there is none
     *                     (the web API's fixed shape) instead of leaving them out (the CLI's lines)
     */
    public static JsonObject toJson(Prediction p, boolean absentAsNull) {
        JsonObject o = new JsonObject();
        addTo(o, p, absentAsNull);
        return o;
    }

    /** Adds the prediction's fields to {@code o} (after whatever it holds already). */
    public static void addTo(JsonObject o, Prediction p, boolean absentAsNull) {
        o.addProperty("verdict", p.verdict().id());
        o.addProperty("label", p.label());
        o.addProperty("confidence", probability(p.confidence()));
        o.addProperty("unsure", p.unsure());
        JsonArray ranked = new JsonArray();
        for (ClassScore s : p.top()) {
            JsonObject c = new JsonObject();
            c.addProperty("label", s.label());
            c.addProperty("probability", probability(s.probability()));
            ranked.add(c);
        }
        o.add("top", ranked);
        o.addProperty("backend", p.backend());
        o.addProperty("durationMs", p.elapsed().toMillis());
        JsonElement window = p.window().<JsonElement>map(w -> {
            JsonObject win = new JsonObject();
            win.addProperty("start", seconds(w.startSeconds()));
            win.addProperty("end", seconds(w.endSeconds()));
            return win;
        }).orElse(absentAsNull ? JsonNull.INSTANCE : null);
        if (window != null) {
            o.add("window", window);
        }
        if (p.fallback().isPresent()) {
            o.addProperty("fallback", p.fallback().get());
        } else if (absentAsNull) {
            o.add("fallback", JsonNull.INSTANCE);
        }
    }

    /** A probability or confidence as JSON writes it: 6 decimals. */
    public static double probability(double v) {
        return Math.round(v * 1e6) / 1e6;
    }

    /** A time in seconds as JSON writes it: to the millisecond. */
    public static double seconds(double v) {
        return Math.round(v * 1e3) / 1e3;
    }
}
