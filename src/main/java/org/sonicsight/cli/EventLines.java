package org.sonicsight.cli;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import java.util.Locale;
import org.sonicsight.core.detect.DetectedEvent;

/** How {@code identify --events} and {@code listen} print one event: a JSON line or a text line. */
final class EventLines {

    private static final Gson GSON = new GsonBuilder().disableHtmlEscaping().create();

    private EventLines() {
    }

    /**
     * @param sourceKey "file" or "device"
     * @param source    the file as given, or the device name
     */
    static String json(String sourceKey, String source, DetectedEvent e, String backend) {
        JsonObject o = new JsonObject();
        o.addProperty(sourceKey, source);
        o.addProperty("start", round(e.start()));
        o.addProperty("end", round(e.end()));
        o.addProperty("verdict", e.verdict().id());
        o.addProperty("label", e.label());
        o.addProperty("confidence", round(e.confidence()));
        o.addProperty("backend", backend);
        return GSON.toJson(o);
    }

    static String text(String source, DetectedEvent e) {
        String label = e.label().equalsIgnoreCase(e.verdict().id()) ? "" : " (" + e.label() + ")";
        return String.format(Locale.ROOT, "%s: %s-%s %s%s %.2f", source, clock(e.start()), clock(e.end()),
                e.verdict().id(), label, e.confidence());
    }

    /** m:ss.s, readable for long recordings. */
    static String clock(double seconds) {
        int minutes = (int) (seconds / 60);
        return String.format(Locale.ROOT, "%d:%04.1f", minutes, seconds - minutes * 60);
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
