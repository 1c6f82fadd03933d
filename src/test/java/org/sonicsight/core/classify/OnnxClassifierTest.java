package org.sonicsight.core.classify;

import org.sonicsight.core.backend.LocalModel;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.sonicsight.core.audio.AudioClip;
import org.sonicsight.core.audio.AudioDecoder;
import org.sonicsight.core.classify.onnx.OnnxClassifier;
import org.sonicsight.testsupport.TestEnv;

/** The shipped model through the Java classifier, on real fixtures and on awkward inputs. */
class OnnxClassifierTest {

    static OnnxClassifier classifier;

    @BeforeAll
    static void load() throws Exception {
        // The model ships in the jar: its absence is a build error, not a reason to skip.
        assertTrue(LocalModel.isPresent(), "the embedded model is missing from src/main/resources/org/sonicsight/model");
        classifier = LocalModel.open();
    }

    @AfterAll
    static void close() {
        if (classifier != null) {
            classifier.close();
        }
    }

    @ParameterizedTest
    @CsvSource({
        "dog_bark_esc50_22050hz_mono.wav, dog",
        "dog_bark_kaggle_16000hz_mono.wav, dog",
        "dog_bark_esc50_48000hz_stereo.wav, dog",
        "cat_meow_esc50_22050hz_mono.wav, cat",
        "cat_meow_kaggle_16000hz_mono.wav, cat",
        "rain_esc50_22050hz_mono.wav, other",
        "rooster_esc50_44100hz_mono.wav, other",
        "silence_16000hz_mono_2s.wav, other",
    })
    void fixturesGetTheirVerdict(String fixture, String verdict) throws Exception {
        AudioClip clip = AudioDecoder.readAll(TestEnv.fixture(fixture), 0);
        Prediction p = classifier.classify(clip);
        System.out.printf(Locale.ROOT, "%s -> %s (%s %.3f)%s%n", fixture, p.verdict().id(), p.label(), p.confidence(),
                p.unsure() ? " not sure" : "");
        assertEquals(verdict, p.verdict().id());
        assertEquals(classifier.info().classes().size(), p.top().size());
        double sum = p.top().stream().mapToDouble(ClassScore::probability).sum();
        assertEquals(1.0, sum, 1e-3, "probabilities sum to one");
        assertTrue(p.window().isPresent());
    }

    @Test
    void roosterAndRainAreNamed() throws Exception {
        assertEquals("rooster", classifier.classify(
                AudioDecoder.readAll(TestEnv.fixture("rooster_esc50_44100hz_mono.wav"), 0)).label());
        assertEquals("rain", classifier.classify(
                AudioDecoder.readAll(TestEnv.fixture("rain_esc50_22050hz_mono.wav"), 0)).label());
    }

    /** Java's ONNX Runtime gives the training code's probabilities (golden file written by training/golden.py). */
    @Test
    void matchesPythonOnnxRuntimeWithin1e3() throws Exception {
        Path golden = Paths.get("src/test/resources/golden/onnx_probs.json");
        assertTrue(Files.exists(golden), "golden file from training/golden.py");
        JsonObject root = JsonParser.parseString(Files.readString(golden)).getAsJsonObject();
        JsonObject files = root.has("files") ? root.getAsJsonObject("files") : root;
        int checked = 0;
        for (Map.Entry<String, com.google.gson.JsonElement> e : files.entrySet()) {
            if (!e.getValue().isJsonObject() && !e.getValue().isJsonArray()) {
                continue;
            }
            com.google.gson.JsonElement probsEl = e.getValue().isJsonObject()
                    ? e.getValue().getAsJsonObject().get("probs") : e.getValue();
            var expected = probsEl.getAsJsonArray();
            String name = Paths.get(e.getKey()).getFileName().toString();
            AudioClip clip = AudioDecoder.readAll(TestEnv.fixture(name), 0);
            assertEquals(22050, clip.sampleRate(), "golden clips are at the model rate: no resampling differences");
            Prediction p = classifier.classify(clip);
            for (int c = 0; c < expected.size(); c++) {
                String label = classifier.info().classes().get(c);
                double java = p.top().stream().filter(s -> s.label().equals(label)).findFirst().orElseThrow()
                        .probability();
                assertEquals(expected.get(c).getAsDouble(), java, 1e-3, name + " " + label);
            }
            checked++;
        }
        assertTrue(checked >= 3, "golden file covers at least 3 clips, had " + checked);
    }

    @Test
    void awkwardInputsGiveAnswersNotExceptions() throws Exception {
        int rate = 22050;
        // 0.1 s of a tone
        float[] shortClip = new float[rate / 10];
        for (int i = 0; i < shortClip.length; i++) {
            shortClip[i] = (float) (0.5 * Math.sin(2 * Math.PI * 440 * i / rate));
        }
        Prediction p = classifier.classify(new AudioClip(shortClip, rate, "short"));
        assertEquals(0.1, p.window().orElseThrow().endSeconds(), 1e-3);
        // silence
        Prediction silent = classifier.classify(new AudioClip(new float[rate * 3], rate, "silent"));
        assertEquals(Verdict.OTHER, silent.verdict());
        // clipped noise
        Random r = new Random(9);
        float[] noise = new float[rate * 5];
        for (int i = 0; i < noise.length; i++) {
            noise[i] = r.nextBoolean() ? 1f : -1f;
        }
        assertFalse(classifier.classify(new AudioClip(noise, rate, "clipped")).top().isEmpty());
        // empty
        assertThrows(ClassifierException.class, () -> classifier.classify(new AudioClip(new float[0], rate, "e")));
    }

    @Test
    void longRecordingFindsTheBarkWindow() throws Exception {
        // 10 minutes of quiet noise with one dog bark clip at 6:00: the deciding window is around it.
        AudioClip bark = AudioDecoder.readAll(TestEnv.fixture("dog_bark_esc50_22050hz_mono.wav"), 0);
        int rate = bark.sampleRate();
        float[] ten = new float[rate * 600];
        Random r = new Random(2);
        for (int i = 0; i < ten.length; i++) {
            ten[i] = (float) (0.001 * r.nextGaussian());
        }
        int at = rate * 360;
        System.arraycopy(bark.samples(), 0, ten, at, bark.samples().length);
        Prediction p = classifier.classify(new AudioClip(ten, rate, "ten minutes"));
        assertEquals(Verdict.DOG, p.verdict());
        Prediction.TimeSpan w = p.window().orElseThrow();
        // The deciding window must hold part of the 5 s clip pasted at 6:00 (windows are the model's length).
        assertTrue(w.startSeconds() < 365 && w.endSeconds() > 360, "window " + w);
    }

    @Test
    void isThreadSafe() throws Exception {
        AudioClip dog = AudioDecoder.readAll(TestEnv.fixture("dog_bark_esc50_22050hz_mono.wav"), 0);
        AudioClip cat = AudioDecoder.readAll(TestEnv.fixture("cat_meow_esc50_22050hz_mono.wav"), 0);
        double dogP = classifier.classify(dog).confidence();
        double catP = classifier.classify(cat).confidence();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Prediction>> futures = new java.util.ArrayList<>();
            for (int i = 0; i < 16; i++) {
                AudioClip c = i % 2 == 0 ? dog : cat;
                futures.add(pool.submit(() -> classifier.classify(c)));
            }
            for (int i = 0; i < futures.size(); i++) {
                Prediction p = futures.get(i).get();
                assertEquals(i % 2 == 0 ? dogP : catP, p.confidence(), 1e-6);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void windowsCoverTheWholeClip() {
        List<int[]> spans = OnnxClassifier.windows(250_000, 110_250);
        assertEquals(0, spans.get(0)[0]);
        assertEquals(250_000, spans.get(spans.size() - 1)[1]);
        for (int i = 1; i < spans.size(); i++) {
            assertTrue(spans.get(i)[0] <= spans.get(i - 1)[1], "no gaps");
        }
        assertEquals(1, OnnxClassifier.windows(1000, 110_250).size());
    }
}
