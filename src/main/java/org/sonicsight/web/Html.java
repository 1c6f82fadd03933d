package org.sonicsight.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.sonicsight.core.audio.AudioDecoder;
import org.sonicsight.core.classify.ClassScore;
import org.sonicsight.core.classify.Prediction;
import org.sonicsight.core.i18n.Languages;
import org.sonicsight.core.i18n.Messages;

/** The page and the HTML fragments htmx swaps into it. Everything from outside is escaped. */
final class Html {

    /** Longest recording the page makes from the microphone. */
    static final int MAX_RECORD_SECONDS = 10;

    private Html() {
    }

    /** Keys of the page's script messages, handed to app.js as data attributes (the CSP allows no inline script). */
    private static final List<String> SCRIPT_MESSAGES = List.of("web.record.start", "web.record.stop", "web.error",
            "web.js.tooLarge", "web.js.offline", "web.js.noMicSupport", "web.js.noMic", "web.js.converting",
            "web.js.recorded", "web.js.convertFailed", "web.js.recording");

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{([A-Za-z][\\w.]*)\\}\\}");

    /**
     * The page in one language.
     *
     * @param chosen whether the language was chosen on the page ({@code ?lang=}); its fragment requests then
     *               carry the choice, else they follow the browser's Accept-Language like the page did
     */
    static String page(WebConfig config, String backend, Messages m, boolean chosen) {
        String template;
        try (InputStream in = Html.class.getResourceAsStream("index.html")) {
            if (in == null) {
                throw new IllegalStateException("index.html is missing from the build");
            }
            template = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String maxSize = WebErrors.size(config.maxUploadBytes());
        Map<String, String> values = new HashMap<>();
        values.put("lang", m.tag());
        values.put("maxBytes", Long.toString(config.maxUploadBytes()));
        values.put("maxSize", escape(maxSize));
        values.put("maxRecordSeconds", Integer.toString(MAX_RECORD_SECONDS));
        values.put("backend", escape(m.get("web.backend", backend)));
        values.put("languageLinks", languageLinks(m));
        values.put("scriptMessages", scriptMessages(m));
        values.put("web.record.hint", escape(m.get("web.record.hint", MAX_RECORD_SECONDS)));
        values.put("web.note.html", m.get("web.note.html", escape(maxSize), escape(m.orList(AudioDecoder.SUPPORTED)),
                config.maxAnalysisSeconds()));
        String html = PLACEHOLDER.matcher(template).replaceAll(r -> {
            String key = r.group(1);
            String v = values.get(key);
            if (v == null) {
                v = key.endsWith(".html") ? m.get(key) : escape(m.get(key));
            }
            return Matcher.quoteReplacement(v);
        });
        if (chosen) {
            html = html.replace("hx-post=\"/upload\"", "hx-post=\"/upload?lang=" + m.tag() + "\"")
                    .replace("hx-post=\"/analyze\"", "hx-post=\"/analyze?lang=" + m.tag() + "\"");
        }
        return html;
    }

    /** English · Deutsch · Français · Español, each in its own language; the current one marked. */
    private static String languageLinks(Messages current) {
        StringBuilder sb = new StringBuilder();
        for (Locale l : Languages.SUPPORTED) {
            String tag = l.getLanguage();
            sb.append("<li><a href=\"/?lang=").append(tag).append("\" lang=\"").append(tag).append("\" hreflang=\"")
                    .append(tag).append('"');
            if (tag.equals(current.tag())) {
                sb.append(" aria-current=\"true\"");
            }
            sb.append('>').append(escape(Languages.nativeName(l))).append("</a></li>");
        }
        return sb.toString();
    }

    private static String scriptMessages(Messages m) {
        StringBuilder sb = new StringBuilder();
        for (String key : SCRIPT_MESSAGES) {
            // Formatted with "{0}", "{1}" as the arguments: the script fills them in, the quoting rules are done.
            String text = m.get(key, "{0}", "{1}");
            sb.append(" data-msg-").append(key.substring(key.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT))
                    .append("=\"").append(escape(text)).append('"');
        }
        return sb.toString();
    }

    static String error(Messages m, String message) {
        return "<p class=\"error\" role=\"alert\">" + escape(m.get("web.error", message)) + "</p>";
    }

    static String preview(Messages m, Upload upload, AudioCheck check, String mediaId) {
        StringBuilder meta = new StringBuilder(check.format());
        meta.append(", ").append(m.fixed(check.seconds(), 1)).append(" s, ").append(WebErrors.size(upload.size()));
        if (check.cutShort()) {
            meta.append(". ").append(m.get("web.preview.cutShort"));
        }
        return "<div class=\"preview\">"
                + "<p class=\"file-name\"><strong>" + escape(m.get("web.preview.file"))
                + "</strong> <span id=\"preview-name\">" + escape(upload.fileName()) + "</span></p>"
                + "<p class=\"file-meta\">" + escape(meta.toString()) + "</p>"
                + "<audio id=\"preview-audio\" controls preload=\"metadata\" src=\"/media/" + mediaId + "\"></audio>"
                + "</div>";
    }

    static String result(Messages m, Upload upload, Analysis analysis) {
        Prediction p = analysis.prediction().orElseThrow();
        String verdict = p.verdict().id();
        StringBuilder sb = new StringBuilder();
        sb.append("<div class=\"result verdict-").append(verdict).append("\" data-verdict=\"").append(verdict)
                .append("\">");
        analysis.spectrogramId().ifPresent(id -> sb.append("<img id=\"spectrogram\" class=\"spectrogram\" src=\"/api/spectrogram?id=")
                .append(id).append("\" alt=\"").append(escape(m.get("web.result.spectrogramAlt", upload.fileName())))
                .append("\" width=\"900\" height=\"420\">"));
        eventsStrip(m, sb, analysis);
        analysis.whyId().ifPresent(id -> {
            String label = m.label(p.label());
            sb.append("<details id=\"why\" class=\"why\"><summary>")
                    .append(escape(m.get("web.result.why.summary", label)))
                    .append("</summary><img id=\"why-picture\" class=\"spectrogram\" src=\"/api/spectrogram?id=")
                    .append(id).append("\" alt=\"").append(escape(m.get("web.result.why.alt", label)))
                    .append("\" width=\"900\" height=\"420\"><p class=\"meta\">")
                    .append(escape(m.get("web.result.why.note", label))).append("</p></details>");
        });
        sb.append("<p class=\"prediction\">").append(escape(m.get("web.result.prediction")))
                .append(" <span id=\"prediction\" class=\"verdict\">").append(escape(headline(m, p)))
                .append("</span></p>");
        if (p.unsure()) {
            sb.append("<p class=\"unsure-note\">").append(escape(m.get("web.result.unsure"))).append("</p>");
        }
        String confidenceLabel = m.get("web.result.confidence");
        sb.append("<div class=\"confidence\">").append(escape(confidenceLabel)).append(" <span id=\"confidence\">")
                .append(percent(m, p.confidence())).append("</span>")
                .append("<meter min=\"0\" max=\"1\" value=\"").append(String.format(Locale.ROOT, "%.4f", p.confidence()))
                .append("\" aria-label=\"").append(escape(strip(confidenceLabel))).append("\"></meter></div>");
        sb.append("<ul class=\"ranking\" aria-label=\"").append(escape(m.get("web.result.ranking"))).append("\">");
        for (ClassScore s : p.top().subList(0, Math.min(5, p.top().size()))) {
            sb.append("<li><span>").append(escape(m.label(s.label()))).append("</span><span>")
                    .append(percent(m, s.probability())).append("</span></li>");
        }
        sb.append("</ul>");
        StringBuilder meta = new StringBuilder();
        meta.append(m.get("web.result.analysed", upload.fileName(), m.number(analysis.audioSeconds(), 1)));
        if (analysis.truncated()) {
            meta.append(m.get("web.result.truncated"));
        }
        p.window().ifPresent(w -> meta.append(m.get("web.result.window", m.fixed(w.startSeconds(), 1),
                m.fixed(w.endSeconds(), 1))));
        meta.append(" · ").append(p.backend()).append(", ").append(p.elapsed().toMillis()).append(" ms");
        sb.append("<p class=\"meta\">").append(escape(meta.toString())).append("</p>");
        p.fallback().ifPresent(why -> sb.append("<p class=\"meta fallback\">").append(escape(why)).append(' ')
                .append(escape(m.get("web.result.fallback"))).append("</p>"));
        sb.append("</div>");
        return sb.toString();
    }

    /** "Confidence:" without its colon, for a control's name. */
    private static String strip(String label) {
        return label.replaceAll("[\\s\u00a0]*:$", "");
    }

    /**
     * Under the spectrogram of a recording longer than one model window: a timeline with each dog and cat found
     * along it (the detector of identify --events), so the one verdict above is not the whole story.
     */
    static void eventsStrip(Messages m, StringBuilder sb, Analysis analysis) {
        if (analysis.events().isEmpty()) {
            return;
        }
        double total = Math.max(analysis.audioSeconds(), 1e-6);
        // SVG with geometry attributes, not style="left:…": the page's CSP (style-src 'self') blocks inline
        // style attributes when htmx swaps the result in, so positioned spans would all pile up at the left.
        sb.append("<svg id=\"events\" class=\"events-strip\" role=\"img\" width=\"100%\" height=\"42\" "
                + "aria-label=\"").append(escape(m.get("web.events.label") + ": "
                + m.get("web.events.count", analysis.events().size()))).append("\">");
        for (org.sonicsight.core.detect.DetectedEvent e : analysis.events()) {
            double left = 100 * Math.max(0, e.start()) / total;
            double width = Math.max(1.5, 100 * (Math.min(total, e.end()) - Math.max(0, e.start())) / total);
            String name = m.label(e.verdict() == org.sonicsight.core.classify.Verdict.OTHER ? e.label() : e.verdict().id());
            sb.append(String.format(Locale.ROOT, "<g class=\"event event-%s\"><title>%s %s, %s–%s s</title>"
                            + "<rect x=\"%.2f%%\" y=\"3\" width=\"%.2f%%\" height=\"22\" rx=\"3\"></rect>"
                            + "<text x=\"%.2f%%\" dx=\"3\" y=\"18\">%s</text></g>", e.verdict().id(),
                    escape(name), percent(m, e.confidence()), m.fixed(e.start(), 1), m.fixed(e.end(), 1), left,
                    Math.min(width, 100 - left), left, escape(name)));
        }
        sb.append("<text class=\"events-axis\" x=\"3\" y=\"38\">0 s</text>")
                .append("<text class=\"events-axis\" x=\"100%\" dx=\"-3\" y=\"38\" text-anchor=\"end\">")
                .append(m.number(Math.round(total * 10) / 10.0, 1)).append(" s</text></svg>");
    }

    /** "Dog", "Cat", or "Something else (rain)", in the page's language. */
    static String headline(Messages m, Prediction p) {
        return switch (p.verdict()) {
            case DOG -> m.get("verdict.dog");
            case CAT -> m.get("verdict.cat");
            case OTHER -> p.label().equalsIgnoreCase("other") ? m.get("verdict.other")
                    : m.get("verdict.otherWith", m.label(p.label()));
        };
    }

    static String percent(Messages m, double p) {
        return escape(m.percent(p, 1));
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
