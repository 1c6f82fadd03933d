package org.sonicsight.cli;

import java.util.Locale;
import org.sonicsight.core.detect.DetectedEvent;
import org.sonicsight.core.export.EventTableWriter;

/** How {@code identify --events} and {@code listen} print one event: a JSON line or a text line. */
final class EventLines {

    private EventLines() {
    }

    /**
     * @param sourceKey "file" or "device"
     * @param source    the file as given, or the device name
     */
    static String json(String sourceKey, String source, DetectedEvent e, String backend) {
        return EventTableWriter.jsonWithKey(sourceKey, source, e, backend);
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
}
