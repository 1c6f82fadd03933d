package org.sonicsight.core.classify.gradio;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.stream.JsonReader;
import java.io.StringReader;

/** Lenient JSON helpers: Gradio's /call route writes bare NaN, and fields are often null. */
final class GradioJson {

    private GradioJson() {
    }

    /** Parses leniently (NaN, Infinity); throws PROTOCOL on anything that is not JSON. */
    static JsonElement parse(String text, String what) throws GradioException {
        try {
            JsonReader reader = new JsonReader(new StringReader(text));
            reader.setLenient(true);
            JsonElement e = JsonParser.parseReader(reader);
            if (reader.peek() != com.google.gson.stream.JsonToken.END_DOCUMENT) {
                throw new JsonParseException("trailing characters");
            }
            return e;
        } catch (JsonParseException | java.io.IOException | IllegalStateException e) {
            throw new GradioException(GradioException.Kind.PROTOCOL,
                    "The Gradio app sent " + what + " that is not valid JSON: " + abbreviate(text), e);
        }
    }

    static JsonObject object(String text, String what) throws GradioException {
        JsonElement e = parse(text, what);
        if (!e.isJsonObject()) {
            throw new GradioException(GradioException.Kind.PROTOCOL,
                    "The Gradio app sent " + what + " that is not a JSON object: " + abbreviate(text));
        }
        return e.getAsJsonObject();
    }

    static String string(JsonObject o, String key) {
        JsonElement e = o == null ? null : o.get(key);
        return e != null && e.isJsonPrimitive() ? e.getAsString() : null;
    }

    static double number(JsonObject o, String key, double fallback) {
        JsonElement e = o == null ? null : o.get(key);
        if (e != null && e.isJsonPrimitive() && e.getAsJsonPrimitive().isNumber()) {
            return e.getAsDouble();
        }
        return fallback;
    }

    static boolean bool(JsonObject o, String key, boolean fallback) {
        JsonElement e = o == null ? null : o.get(key);
        if (e != null && e.isJsonPrimitive() && e.getAsJsonPrimitive().isBoolean()) {
            return e.getAsBoolean();
        }
        return fallback;
    }

    static String abbreviate(String s) {
        if (s == null) {
            return "(nothing)";
        }
        String one = s.replaceAll("\\s+", " ").strip();
        return one.length() > 160 ? one.substring(0, 160) + "…" : one;
    }
}
