package org.sonicsight.core.export;

import java.util.Locale;

/** The ways a list of detected events can be written out. */
public enum EventFormat {
    /** file,start,end,verdict,label,confidence (RFC 4180, with a header row). */
    CSV("csv"),
    /** JSON Lines: one object per event, the fields of {@code identify --events --json}. */
    JSON("jsonl"),
    /** A Raven Pro selection table (tab-separated, Raven's column names). */
    RAVEN("txt"),
    /** Audacity labels: start, end and label, tab-separated, one per line. */
    AUDACITY("txt");

    private final String extension;

    EventFormat(String extension) {
        this.extension = extension;
    }

    /** File name extension for a file in this format (Raven and Audacity both read .txt). */
    public String extension() {
        return extension;
    }

    /** The name on the command line: csv, json, raven, audacity. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static EventFormat parse(String s) {
        for (EventFormat f : values()) {
            if (f.id().equalsIgnoreCase(s.strip())) {
                return f;
            }
        }
        throw new IllegalArgumentException("Unknown format '" + s + "' (expected csv, json, raven or audacity).");
    }
}
