package org.sonicsight.core.i18n;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The languages SonicSight speaks and how one is chosen: an explicit choice ({@code --lang}, the Settings
 * dialog, the web page's switch), else the browser's {@code Accept-Language} or the operating system's
 * locale, else English.
 */
public final class Languages {

    /** English, German, French, Spanish: the order of every language switch. */
    public static final List<Locale> SUPPORTED = List.of(Locale.ENGLISH, Locale.GERMAN, Locale.FRENCH,
            Locale.forLanguageTag("es"));

    /** What a setting holds when the user has not chosen: follow the system (desktop) or the browser (web). */
    public static final String AUTO = "auto";

    private Languages() {
    }

    /**
     * A supported language from a tag such as {@code de}, {@code de-AT}, {@code fr_CH} or {@code ES}.
     *
     * @return empty for {@code null}, blank, {@value #AUTO} or a language SonicSight does not speak
     */
    public static Optional<Locale> fromTag(String tag) {
        if (tag == null || tag.isBlank() || tag.strip().equalsIgnoreCase(AUTO)) {
            return Optional.empty();
        }
        String language = Locale.forLanguageTag(tag.strip().replace('_', '-')).getLanguage();
        return SUPPORTED.stream().filter(l -> l.getLanguage().equals(language)).findFirst();
    }

    /**
     * Like {@link #fromTag} but for a tag the user typed: a language we do not speak is an error.
     *
     * @throws IllegalArgumentException with a sentence listing the languages there are
     */
    public static Locale parse(String tag) {
        return fromTag(tag).orElseThrow(() -> new IllegalArgumentException("Unknown language '" + tag
                + "': choose one of " + String.join(", ", tags()) + "."));
    }

    /** en, de, fr, es. */
    public static List<String> tags() {
        return SUPPORTED.stream().map(Locale::getLanguage).toList();
    }

    /**
     * The best supported language for an HTTP {@code Accept-Language} header (RFC 4647 lookup with the
     * header's weights); English when the header is missing, malformed or names none we speak.
     */
    public static Locale fromAcceptLanguage(String header) {
        if (header == null || header.isBlank()) {
            return Locale.ENGLISH;
        }
        List<Locale.LanguageRange> ranges;
        try {
            ranges = Locale.LanguageRange.parse(header);
        } catch (IllegalArgumentException e) {
            return Locale.ENGLISH;
        }
        for (Locale.LanguageRange range : ranges) {
            if (range.getWeight() <= 0) {
                continue;
            }
            String r = range.getRange();
            if (r.equals("*")) {
                return Locale.ENGLISH;
            }
            Optional<Locale> match = fromTag(r);
            if (match.isPresent()) {
                return match.get();
            }
        }
        return Locale.ENGLISH;
    }

    /** The operating system's language (the JVM's default locale) if we speak it, else English. */
    public static Locale system() {
        return fromTag(Locale.getDefault().toLanguageTag()).orElse(Locale.ENGLISH);
    }

    /**
     * The language to use: an explicit choice if it is one we speak, else the system's.
     *
     * @param choice {@code --lang} or the setting; {@code null} or {@value #AUTO} for the system's
     */
    public static Locale choose(String choice) {
        return fromTag(choice).orElseGet(Languages::system);
    }

    /** The language's name in itself, for language switches: English, Deutsch, Français, Español. */
    public static String nativeName(Locale locale) {
        String name = locale.getDisplayLanguage(locale);
        return name.isEmpty() ? locale.getLanguage() : name.substring(0, 1).toUpperCase(locale) + name.substring(1);
    }
}
