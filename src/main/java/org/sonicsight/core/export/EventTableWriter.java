package org.sonicsight.core.export;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.Writer;
import java.util.Locale;
import org.sonicsight.core.classify.PredictionJson;
import org.sonicsight.core.detect.DetectedEvent;

/**
 * Writes detected events from one or more files in one of the {@link EventFormat}s, streaming: call
 * {@link #event} as events are found and {@link #endFile} after each file. Not thread-safe.
 *
 * <ul>
 *   <li>CSV: header {@code file,start,end,verdict,label,confidence}, seconds with 3 decimals.</li>
 *   <li>JSON: one object per line with {@code file, start, end, verdict, label, confidence, backend} (the
 *       objects {@code identify --events --json} prints).</li>
 *   <li>Raven: a selection table as BirdNET-Analyzer writes one: {@code Selection, View, Channel,
 *       Begin Time (s), End Time (s), Low Freq (Hz), High Freq (Hz)}, then {@code Begin Path, File Offset (s),
 *       Verdict, Label, Confidence}. With several files, begin and end times run on across the files (Raven's
 *       time in a file sequence) and {@code File Offset (s)} is the time in the event's own file.</li>
 *   <li>Audacity: {@code start<TAB>end<TAB>label} per line, seconds with 6 decimals; with several files the label
 *       starts with the file name (Audacity has one timeline per project).</li>
 * </ul>
 */
public final class EventTableWriter {

    public static final String CSV_HEADER = "file,start,end,verdict,label,confidence";
    public static final String RAVEN_HEADER = "Selection\tView\tChannel\tBegin Time (s)\tEnd Time (s)"
            + "\tLow Freq (Hz)\tHigh Freq (Hz)\tBegin Path\tFile Offset (s)\tVerdict\tLabel\tConfidence";

    private static final Gson GSON = new GsonBuilder().disableHtmlEscaping().create();

    private final Writer out;
    private final EventFormat format;
    private final boolean severalFiles;
    private final double highFreqHz;
    private int selection;
    private double fileOffset;
    private boolean headerWritten;

    /**
     * @param severalFiles whether more than one file may be written (Audacity labels then name the file)
     * @param highFreqHz   top of the band a Raven selection covers (the model hears up to its Nyquist frequency)
     */
    public EventTableWriter(Writer out, EventFormat format, boolean severalFiles, double highFreqHz) {
        this.out = out;
        this.format = format;
        this.severalFiles = severalFiles;
        this.highFreqHz = highFreqHz;
    }

    /** Writes the header (if the format has one) now rather than with the first event. */
    public void begin() throws IOException {
        if (headerWritten) {
            return;
        }
        headerWritten = true;
        switch (format) {
            case CSV -> out.write(CSV_HEADER + "\n");
            case RAVEN -> out.write(RAVEN_HEADER + "\n");
            default -> {
            }
        }
    }

    public void event(String file, DetectedEvent e, String backend) throws IOException {
        begin();
        switch (format) {
            case CSV -> out.write(csv(file) + "," + seconds3(e.start()) + "," + seconds3(e.end()) + ","
                    + e.verdict().id() + "," + csv(e.label()) + "," + conf(e.confidence()) + "\n");
            case JSON -> out.write(json(file, e, backend) + "\n");
            case RAVEN -> {
                selection++;
                out.write(selection + "\tSpectrogram 1\t1\t" + seconds6(fileOffset + e.start()) + "\t"
                        + seconds6(fileOffset + e.end()) + "\t0.0\t" + String.format(Locale.ROOT, "%.1f", highFreqHz)
                        + "\t" + tsv(file) + "\t" + seconds6(e.start()) + "\t" + e.verdict().id() + "\t"
                        + tsv(e.label()) + "\t" + conf(e.confidence()) + "\n");
            }
            case AUDACITY -> out.write(seconds6(e.start()) + "\t" + seconds6(e.end()) + "\t"
                    + tsv((severalFiles ? fileName(file) + ": " : "") + e.label() + " " + conf2(e.confidence()))
                    + "\n");
        }
    }

    /** After each file: Raven's times in a sequence of files run on by the file's length. */
    public void endFile(double durationSeconds) throws IOException {
        fileOffset += durationSeconds;
        out.flush();
    }

    /** The JSON object of one event, as {@code identify --events --json} and {@code listen --json} print it. */
    public static String json(String file, DetectedEvent e, String backend) {
        return jsonWithKey("file", file, e, backend);
    }

    /** @param sourceKey "file" or "device" */
    public static String jsonWithKey(String sourceKey, String source, DetectedEvent e, String backend) {
        JsonObject o = new JsonObject();
        o.addProperty(sourceKey, source);
        o.addProperty("start", PredictionJson.seconds(e.start()));
        o.addProperty("end", PredictionJson.seconds(e.end()));
        o.addProperty("verdict", e.verdict().id());
        o.addProperty("label", e.label());
        o.addProperty("confidence", PredictionJson.probability(e.confidence()));
        if (backend != null) {
            o.addProperty("backend", backend);
        }
        return GSON.toJson(o);
    }

    private static String fileName(String file) {
        int slash = Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\'));
        return file.substring(slash + 1);
    }

    static String csv(String s) {
        // Neutralise spreadsheet formulas and quote separators (as the history export does).
        String v = !s.isEmpty() && "=+-@".indexOf(s.charAt(0)) >= 0 ? "'" + s : s;
        if (v.contains(",") || v.contains("\"") || v.contains("\n") || v.contains("\r")) {
            return '"' + v.replace("\"", "\"\"") + '"';
        }
        return v;
    }

    /** Tab-separated formats have no quoting: tabs and line breaks in names become spaces. */
    static String tsv(String s) {
        return s.replace('\t', ' ').replace('\n', ' ').replace('\r', ' ');
    }

    private static String seconds3(double s) {
        return String.format(Locale.ROOT, "%.3f", s);
    }

    private static String seconds6(double s) {
        return String.format(Locale.ROOT, "%.6f", s);
    }

    private static String conf(double c) {
        return String.format(Locale.ROOT, "%.3f", c);
    }

    private static String conf2(double c) {
        return String.format(Locale.ROOT, "%.2f", c);
    }
}
