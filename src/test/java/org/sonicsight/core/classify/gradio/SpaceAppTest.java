package org.sonicsight.core.classify.gradio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.sonicsight.app.SonicSightCommand;
import org.sonicsight.core.audio.AudioDecoder;
import org.sonicsight.core.classify.ClassScore;
import org.sonicsight.core.classify.Classifier;
import org.sonicsight.core.backend.LocalModel;
import org.sonicsight.core.classify.Prediction;
import org.sonicsight.testsupport.TestEnv;

/**
 * Our Space (space/app.py) on each tested Gradio version: the official Python
 * client and ours send the same files to the same server and must get the
 * same answers; with the real model, {@code identify --space URL} must agree
 * with the local classifier.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class SpaceAppTest {

    static final List<String> FIXTURES = List.of("dog_bark_esc50_22050hz_mono.wav", "cat_meow_kaggle_16000hz_mono.wav",
            "rain_esc50_22050hz_mono.wav", "silence_16000hz_mono_2s.wav", "dog_bark_esc50_48000hz_stereo.wav");
    private static final Map<String, GradioServers.Server> SERVERS = new ConcurrentHashMap<>();

    static List<String> versions() {
        return GradioServers.versions();
    }

    static GradioServers.Server space(String version) throws Exception {
        GradioServers.python(version);
        GradioServers.Server s = SERVERS.get(version);
        if (s == null) {
            s = GradioServers.space(version);
            SERVERS.put(version, s);
        }
        return s;
    }

    @AfterAll
    static void stop() {
        SERVERS.values().forEach(GradioServers.Server::close);
    }

    static GradioOptions options() {
        return GradioOptions.defaults().withToken(null).withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(30),
                Duration.ofSeconds(45), Duration.ofSeconds(90));
    }

    @ParameterizedTest(name = "Gradio {0}")
    @MethodSource("versions")
    void javaAndPythonClientsAgree(String version) throws Exception {
        GradioServers.Server s = space(version);
        List<String> files = new ArrayList<>();
        for (String f : FIXTURES) {
            files.add(TestEnv.fixture(f).toString());
        }
        List<String> cmd = new ArrayList<>(List.of(GradioServers.python(version),
                GradioServers.APPS.resolve("crosscheck.py").toString(), s.url));
        cmd.addAll(files);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(false);
        pb.environment().put("GRADIO_ANALYTICS_ENABLED", "False");
        pb.environment().put("HF_HUB_OFFLINE", "1");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS) && p.exitValue() == 0, "gradio_client failed: " + err);
        String[] lines = out.strip().split("\n");
        assertEquals(files.size(), lines.length, out);
        try (GradioClient c = GradioClient.connect(s.url, options(), null)) {
            GradioClassifier predictAudio = new GradioClassifier(c, "/predict_audio", null);
            GradioClassifier classify = new GradioClassifier(c, "/classify", null);
            for (int i = 0; i < files.size(); i++) {
                JsonObject py = JsonParser.parseString(lines[i]).getAsJsonObject();
                Path file = Path.of(files.get(i));
                Prediction viaPredict = predictAudio.toPrediction(c.predict("/predict_audio", List.of(file), null));
                Prediction viaClassify = classify.toPrediction(c.predict("/classify", List.of(file), null));
                JsonArray pa = py.getAsJsonArray("predict_audio");
                System.out.printf("gradio %s space: %s -> java %s %.4f / python %s %.4f%n", version,
                        file.getFileName(), viaPredict.label(), viaPredict.confidence(), pa.get(0).getAsString(),
                        pa.get(1).getAsDouble());
                assertEquals(pa.get(0).getAsString(), viaPredict.label(), file.toString());
                assertEquals(pa.get(1).getAsDouble(), viaPredict.confidence(), 1e-6);
                BufferedImage png = ImageIO.read(new ByteArrayInputStream(viaPredict.spectrogramPng().orElseThrow()));
                assertTrue(png.getWidth() > 300 && png.getHeight() > 100, "the spectrogram image came back");
                JsonObject label = py.getAsJsonObject("classify");
                assertEquals(label.get("label").getAsString(), viaClassify.label());
                JsonArray conf = label.getAsJsonArray("confidences");
                assertEquals(conf.size(), viaClassify.top().size());
                for (int k = 0; k < conf.size(); k++) {
                    ClassScore js = viaClassify.top().get(k);
                    JsonObject pc = conf.get(k).getAsJsonObject();
                    assertEquals(pc.get("label").getAsString(), js.label());
                    assertEquals(pc.get("confidence").getAsDouble(), js.probability(), 1e-6);
                }
                assertEquals(viaPredict.label(), viaClassify.label(), "both endpoints agree");
            }
        }
    }

    @ParameterizedTest(name = "Gradio {0}")
    @MethodSource("versions")
    void identifyAgainstOurSpaceMatchesTheLocalModel(String version) throws Exception {
        assertTrue(GradioServers.realModel(), "the trained model is missing (src/main/resources/org/sonicsight/model)");
        GradioServers.Server s = space(version);
        try (Classifier local = LocalModel.open()) {
            for (String f : FIXTURES) {
                Path file = TestEnv.fixture(f);
                Prediction expected = local.classify(AudioDecoder.readAll(file, 22050));
                String line = runCli("identify", "--json", "--no-fallback", "--space", s.url,
                        file.toString()); // the Space's own answer, however slow a loaded machine makes it
                JsonObject o = JsonParser.parseString(line).getAsJsonObject();
                System.out.printf("identify --space (Gradio %s) %s: %s %.3f, local %s %.3f%n", version, f,
                        o.get("label").getAsString(), o.get("confidence").getAsDouble(), expected.label(),
                        expected.confidence());
                assertEquals(expected.label(), o.get("label").getAsString(), f);
                assertEquals(expected.verdict().id(), o.get("verdict").getAsString(), f);
                assertEquals(expected.confidence(), o.get("confidence").getAsDouble(), 0.05, f);
            }
        }
    }

    @ParameterizedTest(name = "Gradio {0}")
    @MethodSource("versions")
    void gradioInfoListsTheOriginalApi(String version) throws Exception {
        GradioServers.Server s = space(version);
        String out = runCli("gradio", "info", "--space", s.url);
        assertTrue(out.contains("Gradio " + version), out);
        assertTrue(out.contains("/predict_audio") && out.contains("/classify"), out);
        assertTrue(out.contains("file: Audio (filepath)"), out);
        assertTrue(out.contains("Number (float) \"Confidence\""), out);
        String text = runCli("identify", "--no-fallback", "--space", s.url, "--api", "/classify", "--top", "3",
                TestEnv.fixture("rain_esc50_22050hz_mono.wav").toString());
        assertTrue(text.contains("via gradio " + s.url + "/classify"), text);
        assertEquals(4, text.lines().count(), "the result line and the top 3 classes: " + text);
    }

    /** Each /predict_audio call used to leave a sonicsight-* folder in the Space's temp dir for good. */
    @ParameterizedTest(name = "Gradio {0}")
    @MethodSource("versions")
    void callsLeaveNoTempFolderBehind(String version) throws Exception {
        Path tmp = java.nio.file.Files.createTempDirectory("space-tmp-");
        Map<String, String> env = new java.util.LinkedHashMap<>();
        env.put("SONICSIGHT_MODEL", GradioServers.model(version).toString());
        env.put("TMPDIR", tmp.toString());
        GradioServers.Server s = GradioServers.start(version, GradioServers.SPACE, env);
        try (GradioClient c = GradioClient.connect(s.url, options(), null)) {
            Path file = TestEnv.fixture("dog_bark_esc50_22050hz_mono.wav");
            for (int i = 0; i < 4; i++) {
                c.predict("/predict_audio", List.of(file), null);
            }
            try (var entries = java.nio.file.Files.list(tmp)) {
                List<String> ours = entries.map(p -> p.getFileName().toString())
                        .filter(n -> n.startsWith("sonicsight-")).toList();
                assertTrue(ours.size() <= 1, "one folder per process at most, got " + ours);
            }
        } finally {
            s.close();
            try (var walk = java.nio.file.Files.walk(tmp)) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    static synchronized String runCli(String... args) {
        PrintStream saved = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        int code;
        try {
            System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
            code = SonicSightCommand.run(args);
        } finally {
            System.setOut(saved);
        }
        String out = buf.toString(StandardCharsets.UTF_8).strip();
        assertEquals(0, code, "exit code; output: " + out);
        return out;
    }

}
