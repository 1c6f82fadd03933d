package org.sonicsight.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.sonicsight.core.classify.Classifier;
import org.sonicsight.core.backend.LocalModel;
import org.sonicsight.testsupport.TestEnv;
import org.sonicsight.web.WebClassifiers;
import org.sonicsight.web.WebConfig;
import org.sonicsight.web.WebServer;
import org.sonicsight.core.backend.Backends;
import org.sonicsight.core.config.AppConfig;

/**
 * Space down or silent → the local model answers, in the CLI and in
 * {@code serve --space}, each answer naming its backend and why. Real peers on
 * loopback: a closed port (down) and a socket that accepts and never answers.
 */
class SpaceFallbackFacesTest {

    static String closedPortUrl() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return "http://127.0.0.1:" + s.getLocalPort();
        }
    }

    @Test
    void cliAnswersLocallyWhenTheSpaceIsDownOrSilent() throws Exception {
        TestEnv.need(LocalModel.isPresent(), "the embedded model");
        String dog = TestEnv.fixture("dog_bark_esc50_22050hz_mono.wav").toString();
        CliErrorsTest.Result down = CliErrorsTest.run("identify", "--json", "--space", closedPortUrl(), dog);
        assertEquals(0, down.code(), down.err());
        JsonObject o = JsonParser.parseString(down.out().strip()).getAsJsonObject();
        assertEquals("dog", o.get("verdict").getAsString());
        assertTrue(o.get("backend").getAsString().startsWith("local model"), down.out());
        assertTrue(o.get("fallback").getAsString().contains("could not be reached"), down.out());

        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            long t0 = System.nanoTime();
            CliErrorsTest.Result slow = CliErrorsTest.run("identify", "--space",
                    "http://127.0.0.1:" + silent.getLocalPort(), "--fallback-after", "2", dog);
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            assertEquals(0, slow.code(), slow.err());
            assertTrue(slow.out().contains("via local model") && slow.out().contains("did not answer within 2 s"),
                    slow.out());
            assertTrue(ms < 8000, "answered after " + ms + " ms with a 2 s budget");

            CliErrorsTest.Result strict = CliErrorsTest.run("identify", "--no-fallback", "--space", closedPortUrl(), dog);
            assertEquals(ExitCodes.CLASSIFIER, strict.code(), strict.err());
        }
    }

    @Test
    void serveWithASpaceAnswersLocallyWhenItIsDown() throws Exception {
        TestEnv.need(LocalModel.isPresent(), "the embedded model");
        byte[] wav = Files.readAllBytes(TestEnv.fixture("dog_bark_esc50_22050hz_mono.wav"));
        String url = closedPortUrl();
        HttpClient http = HttpClient.newBuilder().proxy(HttpClient.Builder.NO_PROXY).build();
        for (boolean fallback : new boolean[] {true, false}) {
            try (Classifier c = WebClassifiers.open(new Backends(AppConfig.defaults()), url, null, null, fallback ? Duration.ofSeconds(5) : null, w -> { });
                 WebServer server = new WebServer(c, WebConfig.defaults().withHost("127.0.0.1")).start(0)) {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(
                                URI.create("http://127.0.0.1:" + server.port() + "/api/identify"))
                        .header("Content-Type", "audio/wav").POST(HttpRequest.BodyPublishers.ofByteArray(wav)).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (fallback) {
                    assertEquals(200, r.statusCode(), r.body());
                    JsonObject o = JsonParser.parseString(r.body()).getAsJsonObject();
                    assertEquals("dog", o.get("verdict").getAsString());
                    assertTrue(o.get("backend").getAsString().startsWith("local model"), r.body());
                    assertTrue(o.get("fallback").getAsString().contains(url), r.body());
                } else {
                    assertEquals(503, r.statusCode(), r.body()); // the Space is unavailable, and said so
                }
            }
        }
    }
}
