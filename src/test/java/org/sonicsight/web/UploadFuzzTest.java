package org.sonicsight.web;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tag;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.sonicsight.core.classify.Classifier;
import org.sonicsight.core.classify.ClassifierException;
import org.sonicsight.core.backend.LocalModel;
import org.sonicsight.fuzz.Mutations;
import org.sonicsight.testsupport.TestEnv;

/**
 * Fuzzing the upload path of a real server (real model) with mutated real
 * recordings, as raw bodies and as multipart forms whose framing is mutated
 * too: every answer is a deliberate status with a readable message, never a
 * 500, and no upload is left on disk.
 */
class UploadFuzzTest {

    static final Set<Integer> EXPECTED = Set.of(200, 400, 408, 413, 415, 429, 503);
    static final List<byte[]> SEEDS = new ArrayList<>();
    static Classifier classifier;
    static WebServer server;
    static Http http;

    enum Route { RAW_IDENTIFY, FORM_IDENTIFY, FORM_UPLOAD, FORM_ANALYZE, BROKEN_FORM_IDENTIFY }

    @BeforeContainer
    static void start() throws Exception {
        for (String f : List.of("dog_bark_esc50_22050hz_mono.wav", "cat_meow_kaggle_16000hz_mono.wav",
                "silence_16000hz_mono_2s.wav")) {
            SEEDS.add(Files.readAllBytes(TestEnv.fixture(f)));
        }
        try {
            classifier = LocalModel.open(1);
        } catch (ClassifierException e) {
            classifier = new UnavailableClassifier(e.getMessage());
        }
        server = new WebServer(classifier, WebConfig.defaults().withHost("127.0.0.1")).start(0);
        http = new Http(server.port());
    }

    @AfterContainer
    static void stop() throws Exception {
        try (Stream<java.nio.file.Path> files = Files.list(server.workDir())) {
            List<java.nio.file.Path> left = files.toList();
            if (!left.isEmpty()) {
                throw new AssertionError("uploads left on disk: " + left);
            }
        } finally {
            server.stop();
            classifier.close();
        }
    }

    @Provide
    Arbitrary<Integer> seed() {
        return Arbitraries.integers().between(0, 2);
    }

    @Property(tries = 150, seed = "20261201")
    void everyUploadGetsADeliberateAnswer(@ForAll Route route, @ForAll("seed") int seed, @ForAll Mutations.Kind kind,
                                          @ForAll long salt) throws Exception {
        check(route, seed, kind, salt);
    }

    @Property(tries = 5_000)
    @Tag("fuzz-long")
    void everyUploadGetsADeliberateAnswerLong(@ForAll Route route, @ForAll("seed") int seed,
                                              @ForAll Mutations.Kind kind, @ForAll long salt) throws Exception {
        check(route, seed, kind, salt);
    }

    private void check(Route route, int seed, Mutations.Kind kind, long salt) throws Exception {
        byte[] audio = Mutations.apply(SEEDS.get(seed), kind, salt);
        HttpResponse<byte[]> r = switch (route) {
            case RAW_IDENTIFY -> http.post("/api/identify", "audio/wav", audio);
            case FORM_IDENTIFY -> http.postFile("/api/identify", "audio", "clip.wav", "audio/wav", audio);
            case FORM_UPLOAD -> http.postFile("/upload", "audio", "clip.wav", "audio/wav", audio);
            case FORM_ANALYZE -> http.postFile("/analyze", "audio", "clip.wav", "audio/wav", audio);
            case BROKEN_FORM_IDENTIFY -> {
                Http.Multipart m = new Http.Multipart();
                m.file("audio", "clip.wav", "audio/wav", SEEDS.get(seed));
                yield http.post("/api/identify", m.contentType(), Mutations.apply(m.body(), kind, salt));
            }
        };
        String body = new String(r.body(), StandardCharsets.UTF_8);
        if (!EXPECTED.contains(r.statusCode())) {
            throw new AssertionError(route + " " + kind + " answered " + r.statusCode() + ": " + body);
        }
        if (r.statusCode() != 200 && (body.isBlank() || body.contains("\tat ") || body.contains("Exception"))) {
            throw new AssertionError(route + " " + kind + ": unclear error body: " + body);
        }
    }
}
