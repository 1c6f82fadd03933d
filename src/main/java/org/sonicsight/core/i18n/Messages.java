package org.sonicsight.core.i18n;

import java.text.MessageFormat;
import java.text.NumberFormat;
import java.util.Locale;
import java.util.MissingResourceException;
import java.util.Objects;
import java.util.ResourceBundle;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The user-visible strings of every face (desktop, kiosk, web page, CLI messages) in one language.
 * The texts live in {@code org/sonicsight/core/i18n/messages.properties} (English, the fallback for a key a
 * translation lacks) and {@code messages_de}, {@code _fr}, {@code _es}; they are {@link MessageFormat}
 * patterns, so numbers follow the language ({@code {0,number,#.#}} is 2.5 in English, 2,5 in German) and
 * plurals use choices ({@code {0,choice,1#one dog|1<{0} dogs}}). A single quote in a pattern is written
 * {@code ''}; translations use the typographic apostrophe ’ instead.
 *
 * <p>Immutable and thread-safe; {@link #of} caches one instance per language.
 */
public final class Messages {

    static final String BUNDLE = "org.sonicsight.core.i18n.messages";

    private static final ConcurrentMap<Locale, Messages> CACHE = new ConcurrentHashMap<>();

    private final Locale locale;
    private final ResourceBundle bundle;

    private Messages(Locale locale) {
        this.locale = locale;
        // No fallback to the JVM's default locale: a key missing in German falls back to English, never to
        // whatever language the machine runs in.
        this.bundle = ResourceBundle.getBundle(BUNDLE, locale,
                ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
    }

    /** The messages in {@code locale}'s language if SonicSight speaks it, else in English. */
    public static Messages of(Locale locale) {
        Locale supported = Languages.fromTag(locale == null ? null : locale.toLanguageTag()).orElse(Locale.ENGLISH);
        return CACHE.computeIfAbsent(supported, Messages::new);
    }

    /** English. */
    public static Messages english() {
        return of(Locale.ENGLISH);
    }

    public Locale locale() {
        return locale;
    }

    /** The language tag for HTML's {@code lang} and {@code Content-Language}: en, de, fr, es. */
    public String tag() {
        return locale.getLanguage();
    }

    /** Whether the bundle (or its English fallback) has {@code key}. */
    public boolean has(String key) {
        return bundle.containsKey(key);
    }

    /**
     * The text for {@code key}, formatted with {@code args} in this language.
     *
     * @throws MissingResourceException for a key no bundle has (a programming error, caught by MessagesTest)
     */
    public String get(String key, Object... args) {
        String pattern = bundle.getString(key);
        return new MessageFormat(pattern, locale).format(args);
    }

    /** The text for {@code key}, or {@code fallback} (already final text) when no bundle has it. */
    public String getOr(String key, String fallback, Object... args) {
        return has(key) ? get(key, args) : fallback;
    }

    /** The raw pattern of {@code key} (for the web page's script, which fills {0} itself). */
    public String pattern(String key) {
        return bundle.getString(key);
    }

    /** A share as a percentage with {@code decimals} digits after the point: 93.4% / 93,4 %. */
    public String percent(double share, int decimals) {
        NumberFormat f = NumberFormat.getPercentInstance(locale);
        f.setMinimumFractionDigits(decimals);
        f.setMaximumFractionDigits(decimals);
        return f.format(share);
    }

    /** A number with at most {@code decimals} digits after the point, in this language: 2.5 / 2,5. */
    public String number(double value, int decimals) {
        NumberFormat f = NumberFormat.getNumberInstance(locale);
        f.setMinimumFractionDigits(0);
        f.setMaximumFractionDigits(decimals);
        f.setGroupingUsed(true);
        return f.format(value);
    }

    /** A number with exactly {@code decimals} digits after the point: 2.0 / 2,0. */
    public String fixed(double value, int decimals) {
        NumberFormat f = NumberFormat.getNumberInstance(locale);
        f.setMinimumFractionDigits(decimals);
        f.setMaximumFractionDigits(decimals);
        return f.format(value);
    }

    /**
     * An English "A, B or C" list (such as the audio formats) in this language: "A, B oder C".
     */
    public String orList(String english) {
        int or = english.lastIndexOf(" or ");
        if (or < 0) {
            return english;
        }
        return get("list.or", english.substring(0, or), english.substring(or + 4));
    }

    /**
     * A class label of the model in this language: {@code dog} → Hund, {@code crying_baby} → Weinendes Baby;
     * a label the bundle does not know is shown as it is, underscores as spaces.
     */
    public String label(String label) {
        Objects.requireNonNull(label);
        String key = "label." + label.toLowerCase(Locale.ROOT).replace(' ', '_').replace('-', '_');
        return getOr(key, label.replace('_', ' '));
    }

    @Override
    public String toString() {
        return "Messages[" + locale.getLanguage() + "]";
    }
}
