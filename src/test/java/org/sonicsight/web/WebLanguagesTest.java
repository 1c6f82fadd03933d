package org.sonicsight.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.sonicsight.core.classify.Classifier;
import org.sonicsight.core.classify.ClassifierException;
import org.sonicsight.core.backend.LocalModel;
import org.sonicsight.testsupport.TestEnv;

/**
 * The page and its fragments in the visitor's language: Accept-Language, the page's switch (?lang=), and the
 * JSON API staying English whatever the browser asks.
 */
class WebLanguagesTest {

    static Classifier classifier;
    static WebServer server;
    static Http http;
    static byte[] dog;

    @BeforeAll
    static void start() throws Exception {
        dog = Files.readAllBytes(TestEnv.fixture("dog_bark_esc50_22050hz_mono.wav"));
        try {
            classifier = LocalModel.open();
        } catch (ClassifierException e) {
            classifier = new UnavailableClassifier(e.getMessage());
        }
        server = new WebServer(classifier, WebConfig.defaults().withHost("127.0.0.1")).start(0);
        http = new Http(server.port());
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.stop();
        }
        if (classifier != null) {
            classifier.close();
        }
    }

    /** The language's title, analyse button, record button, help text and file-input label. */
    static final Map<String, List<String>> EXPECTED = Map.of(
            "de", List.of("<title>SonicSight – Geräuscherkennung</title>", ">Audio analysieren</button>",
                    "● Aufnehmen", "SonicSight unterscheidet <strong>Hunde</strong> von <strong>Katzen</strong>",
                    "analysiert werden die ersten 60 Sekunden", ">Audiodatei auswählen</label>"),
            "fr", List.of("<title>SonicSight – Reconnaissance de sons</title>", ">Analyser l’audio</button>",
                    "● Enregistrer", "SonicSight distingue les <strong>chiens</strong> des <strong>chats</strong>",
                    "les 60 premières secondes sont analysées", ">Choisir un fichier audio</label>"),
            "es", List.of("<title>SonicSight – Reconocimiento de sonidos</title>", ">Analizar audio</button>",
                    "● Grabar", "SonicSight distingue <strong>perros</strong> de <strong>gatos</strong>",
                    "se analizan los primeros 60 segundos", ">Elige un archivo de audio</label>"),
            "en", List.of("<title>SonicSight - Audio Classifier</title>", ">Analyze Audio</button>", "● Record",
                    "SonicSight tells <strong>dogs</strong> from <strong>cats</strong>",
                    "the first 60 s are analysed", ">Choose an audio file</label>"));

    @Test
    void thePageSpeaksTheBrowsersLanguage() throws Exception {
        for (var e : EXPECTED.entrySet()) {
            String lang = e.getKey();
            HttpResponse<byte[]> r = http.get("/", "Accept-Language", lang + "-XX," + lang + ";q=0.9,en;q=0.5");
            assertEquals(200, r.statusCode());
            String html = Http.text(r);
            assertTrue(html.startsWith("<!DOCTYPE html>\n<html lang=\"" + lang + "\">"), lang + ": " + html.substring(0, 60));
            for (String s : e.getValue()) {
                assertTrue(html.contains(s), lang + ": page contains " + s);
            }
            assertEquals(lang, r.headers().firstValue("Content-Language").orElse(""));
            assertTrue(r.headers().firstValue("Vary").orElse("").contains("Accept-Language"));
            assertFalse(html.contains("{{"), "all placeholders filled");
            // The script's messages travel as data attributes in the same language.
            String recording = Map.of("de", "Aufnahme … {0} s", "fr", "Enregistrement… {0} s", "es", "Grabando… {0} s",
                    "en", "Recording… {0} s").get(lang);
            assertTrue(html.contains("data-msg-recording=\"" + recording + "\""), lang + ": " + recording);
        }
    }

    @Test
    void theLanguageSwitchOverridesTheBrowserAndIsCarriedByTheFragments() throws Exception {
        String html = Http.text(http.get("/?lang=fr", "Accept-Language", "de"));
        assertTrue(html.contains("<html lang=\"fr\">"), html.substring(0, 80));
        assertTrue(html.contains("hx-post=\"/analyze?lang=fr\"") && html.contains("hx-post=\"/upload?lang=fr\""));
        for (String tag : List.of("en", "de", "fr", "es")) {
            assertTrue(html.contains("<a href=\"/?lang=" + tag + "\" lang=\"" + tag + "\""), "a link to " + tag);
        }
        assertTrue(html.contains("hreflang=\"fr\" aria-current=\"true\">Français</a>"), "the current one is marked");
        assertTrue(html.contains(">Deutsch</a>") && html.contains(">Español</a>") && html.contains(">English</a>"));
        // Without a choice the fragments follow Accept-Language, as the page did.
        String auto = Http.text(http.get("/", "Accept-Language", "es"));
        assertTrue(auto.contains("hx-post=\"/analyze\""), "no ?lang without a choice");
        // Nonsense falls back to English.
        assertTrue(Http.text(http.get("/?lang=xx", "Accept-Language", "ja")).contains("<html lang=\"en\">"));
    }

    @Test
    void fragmentsAndErrorsAreTranslatedAndNumbersFormatted() throws Exception {
        HttpResponse<byte[]> preview = http.postFile("/upload?lang=de", "audio", "bellen.wav", "audio/wav", dog);
        assertEquals(200, preview.statusCode());
        String html = Http.text(preview);
        assertTrue(html.contains("<strong>Datei:</strong>") && html.contains("5,0 s"), html);

        HttpResponse<byte[]> cut = http.postFile("/upload", "audio", "cut.wav", "audio/wav",
                Arrays.copyOf(dog, 44 + 22050), "Accept-Language", "es");
        assertTrue(Http.text(cut).contains("0,5 s") && Http.text(cut).contains("El archivo está cortado"),
                Http.text(cut));

        HttpResponse<byte[]> bad = http.postFile("/upload?lang=fr", "audio", "notes.wav", "audio/wav",
                "just some text\n".repeat(40).getBytes());
        assertEquals(415, bad.statusCode());
        assertTrue(Http.text(bad).contains("Erreur\u00a0: notes.wav n’est pas un fichier audio pris en charge"),
                Http.text(bad));

        // The JSON API is machine output: English, whatever the browser's language.
        HttpResponse<byte[]> api = http.postFile("/api/identify", "audio", "notes.wav", "audio/wav",
                "just some text\n".repeat(40).getBytes(), "Accept-Language", "de");
        assertTrue(Http.text(api).contains("not a supported audio file"), Http.text(api));
    }

    @Test
    void theResultIsInTheLanguageWithLocalPercentages() throws Exception {
        TestEnv.need(!(classifier instanceof UnavailableClassifier), "the embedded model, for the label");
        String html = Http.text(http.postFile("/analyze", "audio", "dog.wav", "audio/wav", dog,
                "Accept-Language", "de-CH, de;q=0.9"));
        assertTrue(html.contains("Erkannt: <span id=\"prediction\" class=\"verdict\">Hund</span>"), html);
        Matcher conf = Pattern.compile("id=\"confidence\">(\\d+,\\d)\u00a0%").matcher(html);
        assertTrue(conf.find(), "German percentage: " + html);
        assertTrue(html.contains("Wahrscheinlichste Klassen") && html.contains("<span>Hund</span>"), html);
        String es = Http.text(http.postFile("/analyze?lang=es", "audio", "dog.wav", "audio/wav", dog));
        assertTrue(es.contains("Predicción: <span id=\"prediction\" class=\"verdict\">Perro</span>"), es);
    }
}
