package org.sonicsight.core.classify.gradio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.sonicsight.core.audio.AudioClip;
import org.sonicsight.core.audio.WavWriter;
import org.sonicsight.core.classify.ClassifierException;
import org.sonicsight.core.classify.Prediction;
import org.sonicsight.core.classify.Verdict;
import org.sonicsight.core.dsp.SpectrogramAnalyzer;
import org.sonicsight.core.dsp.SpectrogramConfig;
import org.sonicsight.core.render.SpectrogramPng;

/**
 * The Java client against real Gradio servers (every configured version)
 * running src/test/python/gradio_apps/fixture_app.py: discovery, files, labels,
 * errors, generators, progress, State, cancellation and timeouts.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class GradioConformanceTest {

    private static final Map<String, GradioServers.Server> SERVERS = new ConcurrentHashMap<>();
    private static final Map<String, GradioClient> CLIENTS = new ConcurrentHashMap<>();

    static List<String> versions() {
        return GradioServers.versions();
    }

    static GradioOptions options() {
        return GradioOptions.defaults().withToken(null).withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(20),
                Duration.ofSeconds(30), Duration.ofSeconds(60));
    }

    static GradioClient client(String version) throws Exception {
        GradioServers.python(version);
        GradioServers.Server s = SERVERS.get(version);
        if (s == null) {
            s = GradioServers.fixture(version, Map.of());
            SERVERS.put(version, s);
        }
        GradioClient c = CLIENTS.get(version);
        if (c == null) {
            c = GradioClient.connect(s.url, options(), null);
            CLIENTS.put(version, c);
        }
        return c;
    }

    @AfterAll
    static void stop() {
        CLIENTS.values().forEach(GradioClient::close);
        SERVERS.values().forEach(GradioServers.Server::close);
    }

    static FileInput wav(double seconds) {
        int rate = 16000;
        float[] s = new float[(int) (seconds * rate)];
        for (int i = 0; i < s.length; i++) {
            s[i] = (float) (0.3 * Math.sin(2 * Math.PI * 440 * i / rate));
        }
        return new FileInput("tone.wav", WavWriter.toBytes(new AudioClip(s, rate, "tone")), "audio/wav");
    }

    @ParameterizedTest(name = "Gradio {0}")
    @MethodSource("versions")
    void discoversTheApi(String version) throws Exception {
        GradioClient c = client(version);
        System.out.printf("gradio conformance: server Gradio %s, protocol %s%n", c.version(), c.protocol());
        assertEquals(version, c.version(), "the server reports the version the venv pins");
        assertEquals("sse_v3", c.protocol());
        assertTrue(c.root().toString().startsWith("http://127.0.0.1:"));
        GradioEndpoint classify = c.endpoint("/classify");
        assertEquals(0, classify.fnIndex());
        assertEquals("file", classify.parameters().get(0).name());
        assertEquals("Audio", classify.parameters().get(0).component());
        assertTrue(classify.parameters().get(0).isFile());
        assertEquals("Label", classify.returns().get(0).component());
        assertEquals(4, c.endpoint("predict_audio").returns().size(), "name works without the slash too");
        GradioEndpoint remember = c.endpoint("/remember");
        assertEquals(1, remember.parameters().size(), "the State input is not a parameter");
        assertEquals(2, remember.wireInputs().length);
        GradioEndpoint slow = c.endpoint("/slow");
        assertTrue(slow.parameters().get(0).hasDefault());
        assertEquals(20, slow.parameters().get(0).defaultValue().getAsInt());
        GradioEndpoint hidden = c.endpoint("/hidden");
        assertFalse(hidden.documented(), "undocumented endpoints are listed as such");
        GradioException e = assertThrows(GradioException.class, () -> c.endpoint("/nope"));
        assertEquals(GradioException.Kind.BAD_REQUEST, e.kind());
        assertTrue(e.getMessage().contains("/classify"), e.getMessage());
        for (GradioEndpoint ep : c.endpoints()) {
            System.out.println("  " + ep.signature());
        }
    }

    @ParameterizedTest(name = "Gradio {0}")
    @MethodSource("versions")
    void audioInLabelOut(String version) throws Exception {
        GradioClient c = client(version);
        List<JsonElement> shortClip = c.predict("/classify", List.of(wav(0.5)), null);
        GradioOutputs.Label l = GradioOutputs.label(shortClip.get(0)).orElseThrow();
        assertEquals("cat", l.label());
        assertEquals(0.9, l.confidences().get(0).probability(), 1e-9);
        assertEquals(3, l.confidences().size());
        GradioOutputs.Label longer = GradioOutputs.label(c.predict("/classify", List.of(wav(1.5)), null).get(0))
                .orElseThrow();
        assertEquals("dog", longer.label(), "the app really read the uploaded file");
    }

    @ParameterizedTest(name = "Gradio {0}")
    @MethodSource("versions")
    void theOriginalFourOutputsMapToAPrediction(String version) throws Exception {
        GradioClient c = client(version);
        GradioClassifier classifier = new GradioClassifier(c, "/predict_audio", null);
        float[] s = new float[8000];
        Prediction p = classifier.classify(new AudioClip(s, 16000, "half a second"));
        assertEquals("cat", p.label());
        assertEquals(Verdict.CAT, p.verdict());
        assertEquals(0.93, p.confidence(), 1e-9);
        assertTrue(p.backend().contains("/predict_audio"));
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(p.spectrogramPng().orElseThrow()));
        assertEquals(64, img.getWidth());
        assertEquals(32, img.getHeight());
        // The image output itself, fetched through the app's file route.
        List<JsonElement> raw = c.predict("/predict_audio", List.of(wav(0.5)), null);
        FileData f = FileData.of(raw.get(0));
        assertNotNull(f, raw.get(0).toString());
        BufferedImage downloaded = ImageIO.read(new ByteArrayInputStream(c.download(f)));
        assertEquals(64, downloaded.getWidth());
        assertEquals(32, downloaded.getHeight());
    }

    @ParameterizedTest(name = "Gradio {0}")
    @MethodSource("versions")
    void imageInputGetsOurSpectrogramPng(String version) throws Exception {
        GradioClient c = client(version);
        GradioClassifier classifier = new GradioClassifier(c, "/describe_image", null);
        float[] s = new float[5 * 22050];
        java.util.Random r = new java.util.Random(3);
        for (int i = 0; i < s.length; i++) {
            s[i] = (float) (0.2 * r.nextGaussian() * Math.sin(i / 3000.0));
        }
        AudioClip clip = new AudioClip(s, 22050, "noise");
        Prediction p = classifier.classify(clip);
        // The app answers "wide" for a landscape image and scores by mean brightness: recompute both from the
        // PNG this build renders, to prove the image sent was our log-mel magma spectrogram.
        BufferedImage expected = SpectrogramPng.render(new SpectrogramAnalyzer(SpectrogramConfig.DEFAULT).analyze(clip),
                SpectrogramPng.Options.bare());
        assertEquals(128, expected.getHeight());
        assertEquals(expected.getWidth() >= expected.getHeight() ? "wide" : "tall", p.label());
        double sum = 0;
        for (int y = 0; y < expected.getHeight(); y++) {
            for (int x = 0; x < expected.getWidth(); x++) {
                int rgb = expected.getRGB(x, y);
                int red = (rgb >> 16) & 0xff;
                int green = (rgb >> 8) & 0xff;
                int blue = rgb & 0xff;
                sum += (red * 299 + green * 587 + blue * 114) / 1000.0; // PIL's "L" conversion
            }
        }
        double mean = sum / (expected.getWidth() * expected.getHeight()) / 255.0;
        assertEquals(0.5 + mean / 2, p.confidence(), 0.01);
    }

    @ParameterizedTest(name = "Gradio {0}")
    @MethodSource("versions")
    void grErrorComesBackWithItsMessage(String version) throws Exception {
        GradioClient c = client(version);
        GradioException e = assertThrows(GradioException.class, () -> c.predict("/fail", List.of("xyz"), null));
        assertEquals(GradioException.Kind.APP_ERROR, e.kind());
        assertTrue(e.getMessage().contains("bad input: xyz"), e.getMessage());
        assertEquals("Oops", e.title());
        assertEquals(ClassifierException.Reason.REMOTE_ERROR, e.toClassifierException().reason());
        GradioException crash = assertThrows(GradioException.class, () -> c.predict("/crash", List.of("x"), null));
        assertEquals(GradioException.Kind.APP_ERROR, crash.kind());
        assertTrue(crash.getMessage().contains("does not say why"), crash.getMessage());
    }

    @ParameterizedTest(name = "Gradio {0}")
    @MethodSource("versions")
    void generatorPartialsAndFinalValue(String version) throws Exception {
        GradioClient c = client(version);
        List<String> partials = new CopyOnWriteArrayList<>();
        GradioListener l = new GradioListener() {
            @Override
            public void onPartial(List<JsonElement> outputs) {
                partials.add(outputs.get(0).getAsString());
            }
        };
        List<JsonElement> out = c.predict("/count", List.of(6), l);
        assertEquals("012345", out.get(0).getAsString());
        assertFalse(partials.isEmpty());
        for (String p : partials) {
            assertTrue("012345".startsWith(p), "diffs applied correctly: " + partials);
        }
        assertEquals("01234", c.submit("/count", Map.of(), null).await().get(0).getAsString(), "default n=5");
        assertEquals("012", c.submit("/count", Map.of("n", 3), null).await().get(0).getAsString(), "named argument");
    }

    @ParameterizedTest(name = "Gradio {0}")
    @MethodSource("versions")
    void progressIsReported(String version) throws Exception {
        GradioClient c = client(version);
        List<GradioListener.ProgressStep> steps = new CopyOnWriteArrayList<>();
        List<String> events = new CopyOnWriteArrayList<>();
        GradioListener l = new GradioListener() {
            @Override
            public void onQueue(int rank, int size, double eta) {
                events.add("queue");
            }

            @Override
            public void onStarted(double eta) {
                events.add("started");
            }

            @Override
            public void onProgress(List<ProgressStep> s) {
                steps.addAll(s);
            }
        };
        assertEquals("done", c.predict("/slow", List.of(1.0), l).get(0).getAsString());
        assertTrue(events.contains("started"), events.toString());
        assertFalse(steps.isEmpty(), "gr.Progress updates arrive");
        assertEquals(10, steps.get(steps.size() - 1).length());
        assertEquals("working", steps.get(0).description());
    }

    @ParameterizedTest(name = "Gradio {0}")
    @MethodSource("versions")
    void stateAndUndocumentedEndpoints(String version) throws Exception {
        GradioClient c = client(version);
        assertEquals("a", c.predict("/remember", List.of("a"), null).get(0).getAsString());
        assertEquals(1, c.predict("/remember", List.of("a"), null).size(), "the State output is dropped");
        assertEquals("ABC", c.predict("/hidden", List.of("abc"), null).get(0).getAsString());
    }

    @ParameterizedTest(name = "Gradio {0}")
    @MethodSource("versions")
    void argumentsAreValidatedBeforeSending(String version) throws Exception {
        GradioClient c = client(version);
        List<GradioException> errors = new ArrayList<>();
        errors.add(assertThrows(GradioException.class, () -> c.submit("/classify", List.of(), null)));
        errors.add(assertThrows(GradioException.class, () -> c.submit("/classify", List.of(wav(0.1), 1), null)));
        errors.add(assertThrows(GradioException.class, () -> c.submit("/classify", List.of("not a file"), null)));
        errors.add(assertThrows(GradioException.class, () -> c.submit("/fail", List.of(wav(0.1)), null)));
        errors.add(assertThrows(GradioException.class, () -> c.submit("/count", List.of("five"), null)));
        errors.add(assertThrows(GradioException.class, () -> c.submit("/count", Map.of("m", 1), null)));
        for (GradioException e : errors) {
            assertEquals(GradioException.Kind.BAD_REQUEST, e.kind(), e.getMessage());
        }
        assertTrue(errors.get(0).getMessage().contains("'file'"), errors.get(0).getMessage());
    }

    @ParameterizedTest(name = "Gradio {0}")
    @MethodSource("versions")
    void cancelStopsASlowJobPromptly(String version) throws Exception {
        GradioClient c = client(version);
        GradioJob job = c.submit("/slow", List.of(30), null);
        ExecutorService ex = Executors.newSingleThreadExecutor();
        try {
            Future<?> f = ex.submit(() -> {
                Thread.sleep(1000);
                job.cancel();
                return null;
            });
            long t0 = System.nanoTime();
            GradioException e = assertThrows(GradioException.class, job::await);
            assertEquals(GradioException.Kind.CANCELLED, e.kind(), e.getMessage());
            assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(10), "cancel took too long");
            f.get();
        } finally {
            ex.shutdownNow();
            job.close();
        }
    }

    @ParameterizedTest(name = "Gradio {0}")
    @MethodSource("versions")
    void callTimeoutIsEnforced(String version) throws Exception {
        client(version);
        GradioOptions tight = options().withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(20),
                Duration.ofSeconds(30), Duration.ofSeconds(2));
        try (GradioClient c = GradioClient.connect(SERVERS.get(version).url, tight, null)) {
            long t0 = System.nanoTime();
            GradioException e = assertThrows(GradioException.class, () -> c.predict("/slow", List.of(30), null));
            assertEquals(GradioException.Kind.TIMEOUT, e.kind(), e.getMessage());
            assertEquals(ClassifierException.Reason.TIMEOUT, e.toClassifierException().reason());
            assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(8));
        }
    }

    @ParameterizedTest(name = "Gradio {0}")
    @MethodSource("versions")
    void concurrentCallsEachGetTheirOwnAnswer(String version) throws Exception {
        GradioClient c = client(version);
        ExecutorService ex = Executors.newFixedThreadPool(4);
        try {
            List<Future<String>> fs = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                double secs = i % 2 == 0 ? 0.5 : 1.5;
                fs.add(ex.submit(() -> GradioOutputs.label(c.predict("/classify", List.of(wav(secs)), null).get(0))
                        .orElseThrow().label()));
            }
            for (int i = 0; i < fs.size(); i++) {
                assertEquals(i % 2 == 0 ? "cat" : "dog", fs.get(i).get(60, TimeUnit.SECONDS));
            }
        } finally {
            ex.shutdownNow();
        }
    }

    @ParameterizedTest(name = "Gradio {0}")
    @MethodSource("versions")
    void serverKilledMidCallIsAConnectionError(String version) throws Exception {
        GradioServers.python(version);
        try (GradioServers.Server s = GradioServers.fixture(version, Map.of());
             GradioClient c = GradioClient.connect(s.url, options(), null)) {
            GradioJob job = c.submit("/slow", List.of(30), null);
            ExecutorService ex = Executors.newSingleThreadExecutor();
            try {
                ex.submit(() -> {
                    Thread.sleep(1500);
                    s.close();
                    return null;
                });
                long t0 = System.nanoTime();
                GradioException e = assertThrows(GradioException.class, job::await);
                assertEquals(GradioException.Kind.CONNECTION, e.kind(), e.getMessage());
                assertEquals(ClassifierException.Reason.UNAVAILABLE, e.toClassifierException().reason());
                assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(15));
                assertNotNull(e.getMessage());
            } finally {
                ex.shutdownNow();
            }
            GradioException again = assertThrows(GradioException.class, () -> c.predict("/classify",
                    List.of(wav(0.2)), null));
            assertEquals(GradioException.Kind.CONNECTION, again.kind(), again.getMessage());
        }
    }
}
