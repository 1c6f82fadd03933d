package org.sonicsight.core.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sonicsight.core.audio.AudioInputException;
import org.sonicsight.core.backend.LocalModel;
import org.sonicsight.core.classify.Verdict;
import org.sonicsight.core.classify.onnx.OnnxClassifier;
import org.sonicsight.testsupport.BarkFixture;

/** The shipped model through the detector, on a recording with barks at known times. */
class EventDetectorTest {

    static OnnxClassifier model;

    @TempDir
    Path tmp;

    @BeforeAll
    static void load() throws Exception {
        model = LocalModel.open();
    }

    @AfterAll
    static void close() {
        model.close();
    }

    @Test
    void findsEachBarkWhereItIsAndNothingElse() throws Exception {
        Path wav = tmp.resolve("barks.wav");
        List<BarkFixture.Span> barks = BarkFixture.write(wav);
        List<DetectedEvent> events = new ArrayList<>();
        double seconds = EventDetector.scanFile(wav, model, DetectorSettings.DEFAULTS, events::add);
        assertEquals(BarkFixture.SECONDS, seconds, 0.01);
        events.forEach(System.out::println);
        assertEquals(barks.size(), events.size(), "one event per bark: " + events);
        for (int i = 0; i < barks.size(); i++) {
            DetectedEvent e = events.get(i);
            BarkFixture.Span bark = barks.get(i);
            assertEquals(Verdict.DOG, e.verdict());
            assertEquals("dog", e.label());
            assertTrue(e.confidence() >= DetectorSettings.DEFAULTS.confirm(), e.toString());
            // The reported span is the bark's, within a second (not the whole run of windows that heard it)...
            assertTrue(e.start() >= bark.start() - 1 && e.end() <= bark.end() + 1 && e.duration() > 0,
                    e + " vs " + bark);
            // ...and the window the model was surest about holds part of it.
            assertTrue(e.bestWindowStart() < bark.end() && e.bestWindowEnd() > bark.start(), e.toString());
        }
    }

    @Test
    void aStreamShorterThanAWindowIsScoredPadded() throws Exception {
        List<WindowScore> windows = new ArrayList<>();
        SlidingWindows sliding = new SlidingWindows(model, 1000, -60, 8, windows::add);
        float[] tone = new float[model.windowSamples() / 3];
        for (int i = 0; i < tone.length; i++) {
            tone[i] = (float) (0.3 * Math.sin(i * 0.2));
        }
        sliding.accept(tone, 0, tone.length);
        sliding.finish();
        assertEquals(1, windows.size());
        assertEquals(tone.length, windows.get(0).length());
        assertTrue(!windows.get(0).gated());
    }

    @Test
    void fedInOddBlocksTheWindowsAreTheSame() throws Exception {
        float[] samples = new float[model.windowSamples() * 3 + model.windowSamples() * 3 / 16];
        java.util.Random r = new java.util.Random(1);
        for (int i = 0; i < samples.length; i++) {
            samples[i] = (float) (r.nextGaussian() * 0.05);
        }
        List<WindowScore> whole = new ArrayList<>();
        SlidingWindows a = new SlidingWindows(model, model.windowSamples() / 4, -60, 8, whole::add);
        a.accept(samples, 0, samples.length);
        a.finish();
        List<WindowScore> pieces = new ArrayList<>();
        SlidingWindows b = new SlidingWindows(model, model.windowSamples() / 4, -60, 1, pieces::add);
        for (int off = 0; off < samples.length; off += 1013) {
            b.accept(samples, off, Math.min(1013, samples.length - off));
        }
        b.finish();
        assertEquals(whole.size(), pieces.size());
        // 3 3/16 windows long, quarter-window hop: 9 regular windows, and the tail (over half a hop) gets one flush
        // with the end
        assertEquals(10, whole.size());
        assertEquals(samples.length - model.windowSamples(), whole.get(whole.size() - 1).startSample());
        for (int i = 0; i < whole.size(); i++) {
            assertEquals(whole.get(i).startSample(), pieces.get(i).startSample());
            assertEquals(whole.get(i).probs()[0], pieces.get(i).probs()[0], 1e-4);
        }
    }

    @Test
    void silenceIsGatedAndGivesNoEvents() throws Exception {
        Path wav = tmp.resolve("silence.wav");
        Files.copy(org.sonicsight.testsupport.TestEnv.fixture("silence_16000hz_mono_2s.wav"), wav);
        List<DetectedEvent> events = new ArrayList<>();
        EventDetector.scanFile(wav, model, DetectorSettings.DEFAULTS, events::add);
        assertTrue(events.isEmpty(), events.toString());
    }

    @Test
    void aMissingFileSaysSo() {
        AudioInputException e = assertThrows(AudioInputException.class,
                () -> EventDetector.scanFile(tmp.resolve("nope.wav"), model, DetectorSettings.DEFAULTS, ev -> { }));
        assertEquals(AudioInputException.Kind.NOT_FOUND, e.kind());
    }
}
