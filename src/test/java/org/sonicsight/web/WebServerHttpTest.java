package org.sonicsight.web;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.sonicsight.core.classify.Classifier;
import org.sonicsight.core.classify.ClassifierException;
import org.sonicsight.core.backend.LocalModel;
import org.sonicsight.testsupport.TestEnv;

/**
 * Every route of a real server on an ephemeral loopback port, with good and
 * bad input. Label assertions use the shipped model; without it the server
 * runs with identification off and those tests skip (fail in CI).
 */
class WebServerHttpTest {

    /** Parses a JSON object body (Gson, the app's one JSON library). */
    static JsonObject json(byte[] body) {
        return JsonParser.parseString(new String(body, java.nio.charset.StandardCharsets.UTF_8)).getAsJsonObject();
    }
    static final byte[] PNG_MAGIC = {(byte) 0x89, 'P', 'N', 'G'};

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
    static void stop() throws Exception {
        if (server != null) {
            var dir = server.workDir();
            server.stop();
            assertFalse(Files.exists(dir), "the temp folder is removed on stop");
            assertEquals(-1, server.port());
        }
        if (classifier != null) {
            classifier.close();
        }
    }

    @AfterEach
    void nothingLeftOnDisk() throws Exception {
        try (Stream<java.nio.file.Path> files = Files.list(server.workDir())) {
            assertEquals(List.of(), files.toList(), "uploads are deleted when their request ends");
        }
    }

    /** 413 is decided from sizes, never from the wording of an exception. */
    @Test
    void tooLargeIsToldFromSizesNotFromExceptionText() throws Exception {
        // Part headers over Jetty's limit fail with a "max ... size exceeded" message: a small, malformed upload.
        String longName = "x".repeat(40_000) + ".wav";
        HttpResponse<byte[]> r = http.postFile("/api/identify", "audio", longName, "audio/wav", Arrays.copyOf(dog, 4000));
        assertTrue(r.statusCode() == 400 || r.statusCode() == 431, r.statusCode() + " " + Http.text(r));
        // A chunked upload declares no length: over the limit it is still 413.
        Http.Multipart m = new Http.Multipart();
        m.file("audio", "big.wav", "audio/wav", elevenMegabytes());
        byte[] body = m.body();
        java.net.http.HttpRequest req = java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create("http://127.0.0.1:" + server.port() + "/api/identify"))
                .header("Content-Type", m.contentType())
                .POST(java.net.http.HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(body)))
                .build();
        HttpResponse<byte[]> chunked = java.net.http.HttpClient.newBuilder()
                .proxy(java.net.http.HttpClient.Builder.NO_PROXY).build().send(req, HttpResponse.BodyHandlers.ofByteArray());
        assertJsonError(chunked, 413, "10 MB");
    }

    @Test
    void headOfThePageMirrorsGet() throws Exception {
        HttpResponse<byte[]> get = http.get("/");
        java.net.http.HttpResponse<Void> head = java.net.http.HttpClient.newBuilder()
                .proxy(java.net.http.HttpClient.Builder.NO_PROXY).build()
                .send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + server.port() + "/"))
                        .method("HEAD", java.net.http.HttpRequest.BodyPublishers.noBody()).build(),
                        HttpResponse.BodyHandlers.discarding());
        assertEquals(200, head.statusCode());
        assertEquals(get.headers().firstValue("Content-Type"), head.headers().firstValue("Content-Type"));
        assertEquals(java.util.Optional.of(String.valueOf(get.body().length)),
                head.headers().firstValue("Content-Length"), "HEAD announces the length GET sends");
    }

    static boolean modelPresent() {
        return !(classifier instanceof UnavailableClassifier);
    }

    static void needModel() {
        TestEnv.need(modelPresent(), "the embedded model (src/main/resources/org/sonicsight/model)");
    }

    // ---- The page ------------------------------------------------------------

    @Test
    void pageHasTheOriginalLayoutAndSecurityHeaders() throws Exception {
        HttpResponse<byte[]> r = http.get("/");
        assertEquals(200, r.statusCode());
        String html = Http.text(r);
        assertTrue(html.contains("<title>SonicSight - Audio Classifier</title>"));
        for (String s : List.of("Upload an Audio File", "Analyze Audio", "Audio Preview", "Analysis Results",
                "accept=\"audio/*,video/mp4,video/webm", "hx-post=\"/upload\"", "hx-post=\"/analyze\"", "name=\"audio\"",
                "something else", "/static/htmx.min.js")) {
            assertTrue(html.contains(s), "page contains " + s);
        }
        assertFalse(html.contains("{{"), "all placeholders filled");
        assertFalse(html.contains("<script>") || html.contains("style=\""), "no inline script or style (CSP)");
        String csp = r.headers().firstValue("Content-Security-Policy").orElse("");
        assertTrue(csp.contains("default-src 'none'") && csp.contains("script-src 'self'")
                && csp.contains("frame-ancestors 'none'"), csp);
        assertEquals("nosniff", r.headers().firstValue("X-Content-Type-Options").orElse(""));
        assertEquals("no-referrer", r.headers().firstValue("Referrer-Policy").orElse(""));
    }

    @Test
    void staticFilesAreServedAndNothingIsListed() throws Exception {
        HttpResponse<byte[]> htmx = http.get("/static/htmx.min.js");
        assertEquals(200, htmx.statusCode());
        assertTrue(htmx.headers().firstValue("Content-Type").orElse("").startsWith("text/javascript"));
        assertTrue(Http.text(htmx).contains("htmx"));
        assertEquals(200, http.get("/static/app.js").statusCode());
        assertEquals(200, http.get("/static/style.css").statusCode());
        assertTrue(Http.text(http.get("/static/htmx.LICENSE.txt")).contains("Zero-Clause BSD"));
        for (String path : List.of("/static/", "/static", "/static/index.html", "/static/..%2Fweb%2Findex.html",
                "/org/sonicsight/web/index.html", "/nothing-here")) {
            HttpResponse<byte[]> r = http.get(path);
            assertEquals(404, r.statusCode(), path);
            assertTrue(r.headers().firstValue("Content-Security-Policy").isPresent(), "headers on errors too");
        }
    }

    // ---- /upload -------------------------------------------------------------

    @Test
    void uploadReturnsAPreviewThatPlaysTheSameBytes() throws Exception {
        HttpResponse<byte[]> r = http.postFile("/upload", "audio", "dog <1>.wav", "audio/wav", dog);
        assertEquals(200, r.statusCode());
        String html = Http.text(r);
        assertTrue(html.contains("dog &lt;1&gt;.wav"), "file name shown, escaped: " + html);
        assertTrue(html.contains("5.0 s"), html);
        Matcher m = Pattern.compile("<audio[^>]*controls[^>]*src=\"(/media/[0-9a-f]{32})\"").matcher(html);
        assertTrue(m.find(), html);
        HttpResponse<byte[]> media = http.get(m.group(1));
        assertEquals(200, media.statusCode());
        assertEquals("audio/wav", media.headers().firstValue("Content-Type").orElse(""));
        assertArrayEquals(dog, media.body());
        assertEquals(404, http.get("/media/0123456789abcdef0123456789abcdef").statusCode());
    }

    @Test
    void uploadRejectsBadInputWithAnErrorFragment() throws Exception {
        Http.Multipart onlyText = new Http.Multipart().field("note", "hi");
        assertFragmentError(http.post("/upload", onlyText.contentType(), onlyText.body()), 400, "No audio received");
        assertFragmentError(http.post("/upload", "multipart/form-data; boundary=xyz", "garbage".getBytes()), 400,
                "malformed");
        assertFragmentError(http.postFile("/upload", "audio", "empty.wav", "audio/wav", new byte[0]), 400, "empty");
        assertFragmentError(http.postFile("/upload", "audio", "notes.wav", "audio/wav",
                "just some text, not audio\n".repeat(40).getBytes()), 415, "not a supported audio file");
        assertFragmentError(http.postFile("/upload", "audio", "notes.txt", "text/plain", "hello".getBytes()), 415,
                "not an audio file");
        assertFragmentError(http.postFile("/upload", "audio", "big.wav", "audio/wav", elevenMegabytes()), 413,
                "10 MB");
        assertFragmentError(http.postFile("/upload", "audio", "head.wav", "audio/wav", Arrays.copyOf(dog, 30)), 400,
                "head.wav");
        assertFragmentError(http.postFile("/upload", "sound", "dog.wav", "audio/wav", dog), 400, "form field");
        assertFragmentError(http.post("/upload", "audio/wav", dog), 400, "No audio received");
    }

    @Test
    void aCutOffWavDecodesWhatIsThereAndSaysSo() throws Exception {
        HttpResponse<byte[]> r = http.postFile("/upload", "audio", "cut.wav", "audio/wav", Arrays.copyOf(dog, 44 + 22050));
        assertEquals(200, r.statusCode());
        String html = Http.text(r);
        assertTrue(html.contains("0.5 s") && html.contains("cut short"), html);
    }

    // ---- /analyze --------------------------------------------------------------

    @Test
    void analyzeShowsSpectrogramPredictionAndConfidence() throws Exception {
        needModel();
        HttpResponse<byte[]> r = http.postFile("/analyze", "audio", "dog.wav", "audio/wav", dog);
        assertEquals(200, r.statusCode(), Http.text(r));
        String html = Http.text(r);
        assertTrue(html.contains("data-verdict=\"dog\""), html);
        assertTrue(html.contains("<span id=\"prediction\" class=\"verdict\">Dog</span>"), html);
        Matcher conf = Pattern.compile("id=\"confidence\">(\\d+\\.\\d)%").matcher(html);
        assertTrue(conf.find(), html);
        assertTrue(Double.parseDouble(conf.group(1)) > 50, html);
        Matcher img = Pattern.compile("<img[^>]*src=\"(/api/spectrogram\\?id=[0-9a-f]{32})\"").matcher(html);
        assertTrue(img.find(), html);
        HttpResponse<byte[]> png = http.get(img.group(1));
        assertEquals(200, png.statusCode());
        assertEquals("image/png", png.headers().firstValue("Content-Type").orElse(""));
        assertArrayEquals(PNG_MAGIC, Arrays.copyOf(png.body(), 4));
        // Why: a toggle (details/summary, no script) with the explained picture, a different image
        Matcher why = Pattern.compile("<details id=\"why\" class=\"why\"><summary>Why dog\\?</summary>"
                + "<img id=\"why-picture\"[^>]*src=\"(/api/spectrogram\\?id=[0-9a-f]{32})\"").matcher(html);
        assertTrue(why.find(), html);
        HttpResponse<byte[]> whyPng = http.get(why.group(1));
        assertEquals(200, whyPng.statusCode());
        assertArrayEquals(PNG_MAGIC, Arrays.copyOf(whyPng.body(), 4));
        assertFalse(Arrays.equals(png.body(), whyPng.body()), "the why picture is not the plain spectrogram");
    }

    @Test
    void analyzeErrorsAreFragmentsNeverStackTraces() throws Exception {
        assertFragmentError(http.postFile("/analyze", "audio", "notes.wav", "audio/wav",
                "plain text pretending to be a wav file".repeat(20).getBytes()), 415, "notes.wav");
        assertFragmentError(http.postFile("/analyze", "audio", "empty.wav", "audio/wav", new byte[0]), 400, "empty");
        assertFragmentError(http.postFile("/analyze", "audio", "big.wav", "audio/wav", elevenMegabytes()), 413, "10 MB");
        assertFragmentError(http.postFile("/analyze", "file", "dog.wav", "audio/wav", dog), 400, "form field");
        if (!modelPresent()) {
            assertFragmentError(http.postFile("/analyze", "audio", "dog.wav", "audio/wav", dog), 503, "model");
        }
    }

    // ---- /api/events -------------------------------------------------------------

    @Test
    void eventsListsEachBarkOfALongerRecording(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp)
            throws Exception {
        needModel();
        java.nio.file.Path wav = tmp.resolve("barks.wav");
        List<org.sonicsight.testsupport.BarkFixture.Span> barks = org.sonicsight.testsupport.BarkFixture.write(wav);
        HttpResponse<byte[]> r = http.postFile("/api/events", "audio", "barks.wav", "audio/wav",
                Files.readAllBytes(wav));
        assertEquals(200, r.statusCode(), Http.text(r));
        JsonObject j = json(r.body());
        assertEquals(org.sonicsight.testsupport.BarkFixture.SECONDS, j.get("audioSeconds").getAsDouble(), 0.01);
        assertFalse(j.get("truncated").getAsBoolean());
        assertTrue(j.get("backend").getAsString().startsWith("local model"), j.toString());
        JsonArray events = j.getAsJsonArray("events");
        assertEquals(barks.size(), events.size(), j.toString());
        for (int i = 0; i < barks.size(); i++) {
            JsonObject e = events.get(i).getAsJsonObject();
            assertEquals("dog", e.get("verdict").getAsString());
            assertTrue(e.get("start").getAsDouble() < barks.get(i).end() + 1
                    && e.get("end").getAsDouble() > barks.get(i).start() - 1, e + " vs " + barks.get(i));
        }
        // The page shows the same events as a strip under the spectrogram of a longer recording...
        String page = Http.text(http.postFile("/analyze", "audio", "barks.wav", "audio/wav", Files.readAllBytes(wav)));
        assertTrue(page.contains("id=\"events\""), page);
        assertEquals(barks.size(), page.split("class=\"event event-dog\"", -1).length - 1, page);
        // ...and none for a clip no longer than one model window.
        int window = ((org.sonicsight.core.classify.WindowClassifier) classifier).windowSamples();
        org.sonicsight.core.audio.AudioClip whole = org.sonicsight.core.audio.AudioDecoder.readAll(
                TestEnv.fixture("dog_bark_esc50_22050hz_mono.wav"), 22050);
        byte[] oneWindow = org.sonicsight.core.audio.WavWriter.toBytes(whole.slice(0, window * 22050
                / ((org.sonicsight.core.classify.WindowClassifier) classifier).sampleRate()));
        String shortPage = Http.text(http.postFile("/analyze", "audio", "dog.wav", "audio/wav", oneWindow));
        assertFalse(shortPage.contains("id=\"events\""), shortPage);

        HttpResponse<byte[]> bad = http.post("/api/events", "audio/wav", "not audio".getBytes());
        assertEquals(415, bad.statusCode(), Http.text(bad));
    }

    // ---- /api/identify -----------------------------------------------------------

    @Test
    void identifyAnswersJsonForMultipartAndRawBodies() throws Exception {
        needModel();
        for (HttpResponse<byte[]> r : List.of(
                http.postFile("/api/identify", "audio", "dog.wav", "audio/wav", dog),
                http.post("/api/identify", "audio/wav", dog),
                http.post("/api/identify", "application/octet-stream", dog))) {
            assertEquals(200, r.statusCode(), Http.text(r));
            assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
            JsonObject j = json(r.body());
            assertEquals("dog", j.get("verdict").getAsString(), j.toString());
            assertTrue(j.get("confidence").getAsDouble() > 0.5 && j.get("confidence").getAsDouble() <= 1, j.toString());
            assertTrue(j.get("top").isJsonArray() && j.getAsJsonArray("top").size() >= 2, j.toString());
            assertEquals(j.get("label").getAsString(), j.getAsJsonArray("top").get(0).getAsJsonObject().get("label").getAsString());
            for (String field : List.of("backend", "durationMs", "window", "unsure", "audioSeconds")) {
                assertTrue(j.has(field), field + " in " + j);
            }
            assertEquals(5.0, j.get("audioSeconds").getAsDouble(), 0.05);
            assertTrue(j.get("spectrogram").isJsonNull(), "no picture unless asked");
        }
        JsonObject withPicture = json(http.post("/api/identify?spectrogram=1", "audio/wav", dog).body());
        String url = withPicture.get("spectrogram").getAsString();
        assertArrayEquals(PNG_MAGIC, Arrays.copyOf(http.get(url).body(), 4));
    }

    @Test
    void identifyTellsOtherSoundsApart() throws Exception {
        needModel();
        byte[] cat = Files.readAllBytes(TestEnv.fixture("cat_meow_esc50_22050hz_mono.wav"));
        byte[] rain = Files.readAllBytes(TestEnv.fixture("rain_esc50_22050hz_mono.wav"));
        assertEquals("cat", json(http.post("/api/identify", "audio/wav", cat).body()).get("verdict").getAsString());
        assertEquals("other", json(http.post("/api/identify", "audio/wav", rain).body()).get("verdict").getAsString());
    }

    @Test
    void identifyRejectsBadInputWithJsonErrors() throws Exception {
        assertJsonError(http.post("/api/identify", null, new byte[0]), 400, "No audio received");
        assertJsonError(http.post("/api/identify", "audio/wav", new byte[0]), 400, "empty");
        assertJsonError(http.postFile("/api/identify", "audio", "empty.wav", "audio/wav", new byte[0]), 400, "empty");
        assertJsonError(http.postFile("/api/identify", "audio", "notes.wav", "audio/wav",
                "#!/bin/sh\necho not audio\n".repeat(30).getBytes()), 415, "not a supported audio file");
        assertJsonError(http.post("/api/identify", "text/plain", "hello".getBytes()), 415, "not an audio file");
        assertJsonError(http.post("/api/identify", "audio/wav", elevenMegabytes()), 413, "10 MB");
        assertJsonError(http.postFile("/api/identify", "audio", "big.wav", "audio/wav", elevenMegabytes()), 413, "10 MB");
        assertJsonError(http.post("/api/identify", "audio/wav", Arrays.copyOf(dog, 30)), 400, "corrupt");
        assertJsonError(http.postFile("/api/identify", "file", "dog.wav", "audio/wav", dog), 400, "form field");
        assertJsonError(http.get("/api/identify"), 404, "Not found");
        if (!modelPresent()) {
            assertJsonError(http.post("/api/identify", "audio/wav", dog), 503, "model");
        }
    }

    // ---- /api/spectrogram, /api/health, /api/info ----------------------------------

    @Test
    void spectrogramByUploadAndById() throws Exception {
        HttpResponse<byte[]> r = http.post("/api/spectrogram", "audio/wav", dog);
        assertEquals(200, r.statusCode());
        assertEquals("image/png", r.headers().firstValue("Content-Type").orElse(""));
        assertArrayEquals(PNG_MAGIC, Arrays.copyOf(r.body(), 4));
        java.awt.image.BufferedImage image = javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(r.body()));
        assertEquals(900, image.getWidth());
        String id = r.headers().firstValue("X-Spectrogram-Id").orElseThrow();
        assertArrayEquals(r.body(), http.get("/api/spectrogram?id=" + id).body());
        assertJsonError(http.get("/api/spectrogram"), 400, "id");
        assertJsonError(http.get("/api/spectrogram?id=ffffffffffffffffffffffffffffffff"), 404, "no longer available");
        assertJsonError(http.get("/api/spectrogram?id=../../etc/passwd"), 404, "no longer available");
        assertJsonError(http.postFile("/api/spectrogram", "audio", "x.wav", "audio/wav", "nope".repeat(10).getBytes()),
                415, "x.wav");
    }

    @Test
    void healthAndInfo() throws Exception {
        JsonObject health = json(http.get("/api/health").body());
        assertEquals(modelPresent() ? "ok" : "degraded", health.get("status").getAsString());
        assertEquals(modelPresent(), health.get("classifier").getAsBoolean());
        JsonObject info = json(http.get("/api/info").body());
        assertEquals(10L * 1024 * 1024, info.getAsJsonObject("limits").get("maxUploadBytes").getAsLong());
        assertEquals("[\"dog\",\"cat\",\"other\"]", info.get("verdicts").toString());
        assertEquals(classifier.name(), info.get("backend").getAsString());
        if (modelPresent()) {
            assertTrue(info.getAsJsonArray("classes").size() >= 3, info.toString());
        } else {
            assertTrue(info.get("unavailableReason").isJsonPrimitive(), info.toString());
        }
    }

    // ---- helpers -------------------------------------------------------------------

    static byte[] elevenMegabytes() {
        byte[] big = new byte[11 * 1024 * 1024];
        System.arraycopy(WebServerHttpTest.dog, 0, big, 0, WebServerHttpTest.dog.length);
        return big;
    }

    static void assertFragmentError(HttpResponse<byte[]> r, int status, String contains) {
        String body = Http.text(r);
        assertEquals(status, r.statusCode(), body);
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/html"), body);
        assertTrue(body.startsWith("<p class=\"error\" role=\"alert\">Error: "), body);
        assertTrue(body.contains(contains), "expected '" + contains + "' in " + body);
        assertFalse(body.contains("Exception") || body.contains("\tat ") || body.contains("/tmp/"), body);
    }

    static void assertJsonError(HttpResponse<byte[]> r, int status, String contains) throws Exception {
        assertEquals(status, r.statusCode(), Http.text(r));
        JsonObject j = json(r.body());
        assertEquals(status, j.get("status").getAsInt());
        String message = j.get("error").getAsString();
        assertTrue(message.contains(contains), "expected '" + contains + "' in " + message);
        assertFalse(message.contains("Exception") || message.contains("/tmp/"), message);
    }
}
