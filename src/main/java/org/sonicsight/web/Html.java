package org.sonicsight.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.sonicsight.core.audio.AudioDecoder;
import org.sonicsight.core.classify.ClassScore;
import org.sonicsight.core.classify.Prediction;

/** The page and the HTML fragments htmx swaps into it. Everything from outside is escaped. */
final class Html {

    /** Longest recording the page makes from the microphone. */
    static final int MAX_RECORD_SECONDS = 10;

    private Html() {
    }

    static String page(WebConfig config, String backend) {
        String template;
        try (InputStream in = Html.class.getResourceAsStream("index.html")) {
            if (in == null) {
                throw new IllegalStateException("index.html is missing from the build");
            }
            template = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return template
                .replace("{{maxBytes}}", Long.toString(config.maxUploadBytes()))
                .replace("{{maxSize}}", escape(WebErrors.size(config.maxUploadBytes())))
                .replace("{{maxSeconds}}", seconds(config.maxAnalysisSeconds()))
                .replace("{{maxRecordSeconds}}", Integer.toString(MAX_RECORD_SECONDS))
                .replace("{{formats}}", escape(AudioDecoder.SUPPORTED))
                .replace("{{backend}}", escape("Classifier: " + backend));
    }

    static String error(String message) {
        return "<p class=\"error\" role=\"alert\">Error: " + escape(message) + "</p>";
    }

    static String preview(Upload upload, AudioCheck check, String mediaId) {
        StringBuilder meta = new StringBuilder(check.format());
        meta.append(String.format(Locale.ROOT, ", %.1f s, ", check.seconds())).append(WebErrors.size(upload.size()));
        if (check.cutShort()) {
            meta.append(". The file is cut short (its header promises more audio); what is there will be analysed");
        }
        return "<div class=\"preview\">"
                + "<p class=\"file-name\"><strong>File:</strong> <span id=\"preview-name\">" + escape(upload.fileName())
                + "</span></p>"
                + "<p class=\"file-meta\">" + escape(meta.toString()) + "</p>"
                + "<audio id=\"preview-audio\" controls preload=\"metadata\" src=\"/media/" + mediaId + "\"></audio>"
                + "</div>";
    }

    static String result(Upload upload, Analysis analysis) {
        Prediction p = analysis.prediction().orElseThrow();
        String verdict = p.verdict().id();
        StringBuilder sb = new StringBuilder();
        sb.append("<div class=\"result verdict-").append(verdict).append("\" data-verdict=\"").append(verdict)
                .append("\">");
        analysis.spectrogramId().ifPresent(id -> sb.append("<img id=\"spectrogram\" class=\"spectrogram\" src=\"/api/spectrogram?id=")
                .append(id).append("\" alt=\"Mel spectrogram of ").append(escape(upload.fileName()))
                .append("\" width=\"900\" height=\"420\">"));
        eventsStrip(sb, analysis);
        sb.append("<p class=\"prediction\">Prediction: <span id=\"prediction\" class=\"verdict\">")
                .append(escape(headline(p))).append("</span></p>");
        if (p.unsure()) {
            sb.append("<p class=\"unsure-note\">Not sure: the model is not confident enough to call it a dog or a cat.</p>");
        }
        sb.append("<div class=\"confidence\">Confidence: <span id=\"confidence\">")
                .append(percent(p.confidence())).append("</span>")
                .append("<meter min=\"0\" max=\"1\" value=\"").append(String.format(Locale.ROOT, "%.4f", p.confidence()))
                .append("\"></meter></div>");
        sb.append("<ul class=\"ranking\">");
        for (ClassScore s : p.top().subList(0, Math.min(5, p.top().size()))) {
            sb.append("<li><span>").append(escape(s.label())).append("</span><span>").append(percent(s.probability()))
                    .append("</span></li>");
        }
        sb.append("</ul>");
        StringBuilder meta = new StringBuilder();
        meta.append(upload.fileName()).append(": ").append(seconds(analysis.audioSeconds())).append(" s analysed");
        if (analysis.truncated()) {
            meta.append(" (the start of a longer recording)");
        }
        p.window().ifPresent(w -> meta.append(String.format(Locale.ROOT, ", decided by %.1f–%.1f s",
                w.startSeconds(), w.endSeconds())));
        meta.append(" · ").append(p.backend()).append(", ").append(p.elapsed().toMillis()).append(" ms");
        sb.append("<p class=\"meta\">").append(escape(meta.toString())).append("</p>");
        p.fallback().ifPresent(why -> sb.append("<p class=\"meta fallback\">").append(escape(why))
                .append(" The built-in model answered instead.</p>"));
        sb.append("</div>");
        return sb.toString();
    }

    /**
     * Under the spectrogram of a recording longer than one model window: a timeline with each dog and cat found
     * along it (the detector of identify --events), so the one verdict above is not the whole story.
     */
    static void eventsStrip(StringBuilder sb, Analysis analysis) {
        if (analysis.events().isEmpty()) {
            return;
        }
        double total = Math.max(analysis.audioSeconds(), 1e-6);
        // SVG with geometry attributes, not style="left:…": the page's CSP (style-src 'self') blocks inline
        // style attributes when htmx swaps the result in, so positioned spans would all pile up at the left.
        sb.append("<svg id=\"events\" class=\"events-strip\" role=\"img\" width=\"100%\" height=\"42\" "
                + "aria-label=\"Dogs and cats along the recording\">");
        for (org.sonicsight.core.detect.DetectedEvent e : analysis.events()) {
            double left = 100 * Math.max(0, e.start()) / total;
            double width = Math.max(1.5, 100 * (Math.min(total, e.end()) - Math.max(0, e.start())) / total);
            String name = e.verdict() == org.sonicsight.core.classify.Verdict.OTHER ? e.label() : e.verdict().id();
            sb.append(String.format(Locale.ROOT, "<g class=\"event event-%s\"><title>%s %s, %.1f–%.1f s</title>"
                            + "<rect x=\"%.2f%%\" y=\"3\" width=\"%.2f%%\" height=\"22\" rx=\"3\"></rect>"
                            + "<text x=\"%.2f%%\" dx=\"3\" y=\"18\">%s</text></g>", e.verdict().id(),
                    escape(name), percent(e.confidence()), e.start(), e.end(), left, Math.min(width, 100 - left),
                    left, escape(name)));
        }
        sb.append("<text class=\"events-axis\" x=\"3\" y=\"38\">0 s</text>")
                .append("<text class=\"events-axis\" x=\"100%\" dx=\"-3\" y=\"38\" text-anchor=\"end\">")
                .append(seconds(Math.round(total * 10) / 10.0)).append(" s</text></svg>");
    }

    /** "Dog", "Cat", or "Something else (rain)". */
    static String headline(Prediction p) {
        return switch (p.verdict()) {
            case DOG -> "Dog";
            case CAT -> "Cat";
            case OTHER -> p.label().equalsIgnoreCase("other") ? "Something else"
                    : "Something else (" + p.label() + ")";
        };
    }

    static String percent(double p) {
        return String.format(Locale.ROOT, "%.1f%%", p * 100);
    }

    static String seconds(double s) {
        return s == Math.rint(s) ? Long.toString((long) s) : String.format(Locale.ROOT, "%.1f", s);
    }

    static String escape(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }
}
