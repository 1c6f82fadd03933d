package org.sonicsight.core.i18n;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.text.MessageFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class MessagesTest {

    static final List<String> TRANSLATIONS = List.of("de", "fr", "es");
    /** Texts that are the same words in English and the translation. */
    static final Set<String> SAME_AS_ENGLISH = Set.of("es:web.error", "de:settings.space", "fr:settings.space",
            "es:settings.space", "de:settings.token", "es:settings.token", "es:desk.batch.row.error",
            "de:desk.pause", "fr:desk.pause");

    static Properties load(String suffix) throws IOException {
        String name = "/" + Messages.BUNDLE.replace('.', '/') + suffix + ".properties";
        try (InputStream in = MessagesTest.class.getResourceAsStream(name)) {
            assertTrue(in != null, name + " is in the build");
            Properties p = new Properties();
            p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
            return p;
        }
    }

    /** The argument numbers a pattern uses: {0}, {1,number,#.#}… */
    static Set<String> arguments(String pattern) {
        Set<String> found = new TreeSet<>();
        Matcher m = Pattern.compile("\\{(\\d+)").matcher(pattern);
        while (m.find()) {
            found.add(m.group(1));
        }
        return found;
    }

    @Test
    void everyLanguageHasEveryKeyWithTheSameArguments() throws IOException {
        Properties english = load("");
        assertTrue(english.size() > 50, "the base bundle holds the app's strings: " + english.size());
        List<String> problems = new ArrayList<>();
        for (String lang : TRANSLATIONS) {
            Properties t = load("_" + lang);
            for (String key : english.stringPropertyNames()) {
                String text = t.getProperty(key);
                if (text == null || text.isBlank()) {
                    problems.add(lang + ": missing " + key);
                } else if (!arguments(text).equals(arguments(english.getProperty(key)))) {
                    problems.add(lang + ": " + key + " uses " + arguments(text) + ", English "
                            + arguments(english.getProperty(key)));
                }
            }
            for (String key : t.stringPropertyNames()) {
                if (!english.containsKey(key)) {
                    problems.add(lang + ": " + key + " is not in the English base bundle");
                }
            }
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void everyPatternParsesAndHasNoStrayQuote() throws IOException {
        List<String> problems = new ArrayList<>();
        for (String suffix : List.of("", "_de", "_fr", "_es")) {
            Properties p = load(suffix);
            for (String key : p.stringPropertyNames()) {
                String text = p.getProperty(key);
                try {
                    new MessageFormat(text, Locale.ROOT);
                } catch (IllegalArgumentException e) {
                    problems.add(suffix + " " + key + ": " + e.getMessage());
                }
                // A lone ' starts a quoted run in MessageFormat and silently swallows the {0} after it.
                if (text.replace("''", "").contains("'")) {
                    problems.add(suffix + " " + key + ": a lone ' (write '' or ’)");
                }
            }
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void translationsAreNotLeftInEnglish() throws IOException {
        Properties english = load("");
        for (String lang : TRANSLATIONS) {
            Properties t = load("_" + lang);
            List<String> same = english.stringPropertyNames().stream()
                    .filter(k -> words(english.getProperty(k)) && english.getProperty(k).equals(t.getProperty(k)))
                    .filter(k -> !SAME_AS_ENGLISH.contains(lang + ":" + k))
                    .sorted().toList();
            assertEquals(List.of(), same, lang + ": sentences left untranslated");
        }
    }

    /** Whether a pattern has words to translate (not just "{0} ({1}–{2} s)"). */
    static boolean words(String pattern) {
        return Pattern.compile("\\p{L}{4,}").matcher(pattern.replaceAll("\\{[^}]*}", "")).find();
    }

    @Test
    void numbersAndPluralsFollowTheLanguage() {
        Messages en = Messages.of(Locale.ENGLISH);
        Messages de = Messages.of(Locale.GERMAN);
        Messages fr = Messages.of(Locale.FRENCH);
        assertEquals("93.4%", en.percent(0.9344, 1));
        assertEquals("93,4\u00a0%", de.percent(0.9344, 1));
        assertEquals("2,5", de.number(2.5, 1));
        assertEquals("2.5", en.number(2.5, 1));
        assertEquals("One dog or cat found along the recording", en.get("web.events.count", 1));
        assertEquals("3 dogs and cats found along the recording", en.get("web.events.count", 3));
        assertEquals("Kein Hund und keine Katze in der Aufnahme gefunden", de.get("web.events.count", 0));
        assertEquals("1\u202f234 chiens et chats trouvés dans l’enregistrement", fr.get("web.events.count", 1234)
                .replace('\u00a0', '\u202f'));
        assertTrue(fr.get("web.note.html", "10 MB", "WAV", 1).contains("la première seconde est analysée"));
        assertTrue(fr.get("web.note.html", "10 MB", "WAV", 60).contains("les 60 premières secondes sont analysées"));
    }

    @Test
    void verdictsAndLabelsAreTranslated() {
        Messages de = Messages.of(Locale.GERMAN);
        assertEquals("Hund", de.get("verdict.dog"));
        assertEquals("Katze", de.get("verdict.cat"));
        assertEquals("Nicht sicher", de.get("verdict.unsure"));
        assertEquals("Weinendes Baby", de.label("crying_baby"));
        assertEquals("Perro", Messages.of(Locale.forLanguageTag("es-MX")).get("verdict.dog"));
        assertEquals("some new class", de.label("some_new_class"), "an unknown label is shown as it is");
    }

    @Test
    void unsupportedLanguagesFallBackToEnglishNotToTheMachinesLocale() {
        Locale saved = Locale.getDefault();
        try {
            Locale.setDefault(Locale.GERMAN);
            assertEquals("Dog", Messages.of(Locale.JAPANESE).get("verdict.dog"));
            assertEquals("Dog", Messages.of(Locale.ENGLISH).get("verdict.dog"));
        } finally {
            Locale.setDefault(saved);
        }
    }

    @Test
    void acceptLanguageIsMatchedByWeight() {
        assertEquals("de", Languages.fromAcceptLanguage("de-DE,de;q=0.9,en;q=0.8").getLanguage());
        assertEquals("fr", Languages.fromAcceptLanguage("ja, fr-CA;q=0.7, en;q=0.5").getLanguage());
        assertEquals("es", Languages.fromAcceptLanguage("en;q=0.2, es;q=0.9").getLanguage());
        assertEquals("en", Languages.fromAcceptLanguage("ja, zh;q=0.5").getLanguage());
        assertEquals("en", Languages.fromAcceptLanguage(null).getLanguage());
        assertEquals("en", Languages.fromAcceptLanguage("*").getLanguage());
        assertEquals("en", Languages.fromAcceptLanguage(";;;garbage,,q=").getLanguage());
        assertEquals("en", Languages.fromAcceptLanguage("de;q=0, en").getLanguage());
    }

    @Test
    void tagsFromTheCommandLine() {
        assertEquals(Locale.GERMAN, Languages.parse("de"));
        assertEquals(Locale.GERMAN, Languages.parse("de_AT"));
        assertEquals("es", Languages.parse("ES").getLanguage());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Languages.parse("xx"));
        assertTrue(e.getMessage().contains("en, de, fr, es"), e.getMessage());
        assertFalse(Languages.fromTag("auto").isPresent());
        assertEquals("Deutsch", Languages.nativeName(Locale.GERMAN));
        assertEquals("Français", Languages.nativeName(Locale.FRENCH));
        assertEquals("Español", Languages.nativeName(Languages.parse("es")));
    }
}
