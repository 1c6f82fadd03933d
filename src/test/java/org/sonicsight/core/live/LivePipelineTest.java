package org.sonicsight.core.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.sonicsight.core.audio.AudioClip;
import org.sonicsight.core.audio.FileAudioSource;
import org.sonicsight.core.dsp.SpectrogramConfig;
import org.sonicsight.core.settings.Settings;
import org.sonicsight.testsupport.TestEnv;

/** The toolkit-free parts of the live view: ring, analyzer, frequency axis, command line. */
class LivePipelineTest {

    @Test
    void ringKeepsOrderAndDropsWhenFullWithoutBlocking() {
        ColumnRing ring = new ColumnRing(4, 2);
        for (int i = 0; i < 6; i++) {
            ring.offer(new float[]{i, -i}, 100 + i);
        }
        assertEquals(4, ring.capacity());
        assertEquals(2, ring.dropped());
        List<Float> got = new ArrayList<>();
        List<Long> stamps = new ArrayList<>();
        assertEquals(4, ring.drain((c, t) -> {
            got.add(c[0]);
            stamps.add(t);
        }));
        assertEquals(List.of(0f, 1f, 2f, 3f), got);
        assertEquals(List.of(100L, 101L, 102L, 103L), stamps);
        assertEquals(0, ring.drain((c, t) -> { }));
        assertTrue(ring.offer(new float[]{9, 9}, 1));
    }

    @Test
    void ringHandsOverEveryColumnAcrossThreads() throws Exception {
        ColumnRing ring = new ColumnRing(64, 1);
        int total = 200_000;
        Thread producer = new Thread(() -> {
            float[] c = new float[1];
            for (int i = 0; i < total; i++) {
                c[0] = i;
                while (!ring.offer(c, i)) {
                    Thread.onSpinWait();
                }
            }
        });
        producer.start();
        float[] expected = {0};
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (expected[0] < total && System.nanoTime() < deadline) {
            ring.drain((c, t) -> {
                assertEquals(expected[0], c[0]);
                assertEquals((long) expected[0], t);
                expected[0]++;
            });
        }
        producer.join();
        assertEquals(total, (int) expected[0]);
    }

    @Test
    void analyzerTurnsAVirtualMicrophoneIntoColumnsAndSnapshots() throws Exception {
        // 16 kHz fixture: exercises the resampler on the way to 22050 Hz.
        Path file = TestEnv.fixture("dog_bark_kaggle_16000hz_mono.wav");
        LiveAnalyzer analyzer = new LiveAnalyzer(SpectrogramConfig.DEFAULT, 1 << 14);
        analyzer.start(new FileAudioSource(file, 0, false, true));
        AudioClip clip = analyzer.captureNext(2.0, null).get(20, TimeUnit.SECONDS);
        assertEquals(22050, clip.sampleRate());
        assertEquals(44100, clip.samples().length);
        assertTrue(org.sonicsight.core.audio.Levels.of(clip.samples()).rmsDbfs() > -60, "real audio, not silence");
        analyzer.stop();
        int[] columns = {0};
        float[] max = {-1000};
        analyzer.ring().drain((c, t) -> {
            columns[0]++;
            for (float v : c) {
                max[0] = Math.max(max[0], v);
            }
        });
        assertTrue(columns[0] >= 80, "about 43 columns per second of audio: " + columns[0]);
        assertTrue(max[0] > -60 && max[0] < 20, "dB values in a sane range: " + max[0]);
        assertFalse(analyzer.isRunning());
        assertThrows(Exception.class, () -> analyzer.captureNext(1, null).get(5, TimeUnit.SECONDS));
    }

    @Test
    void frequencyAxesCoverTheRangeMonotonically() {
        for (Settings.FrequencyScale scale : Settings.FrequencyScale.values()) {
            FrequencyAxis axis = new FrequencyAxis(SpectrogramConfig.DEFAULT, scale, 256);
            int previous = Integer.MAX_VALUE;
            for (int row = 0; row < 256; row++) {
                int band = axis.bandOfRow(row);
                assertTrue(band <= previous, scale + ": bands rise towards the top");
                previous = band;
            }
            assertEquals(127, axis.bandOfRow(0), scale + ": top row is the highest band");
            assertEquals(1000, axis.frequencyAt(axis.fractionOf(1000)), 1e-6);
        }
        FrequencyAxis linear = new FrequencyAxis(SpectrogramConfig.DEFAULT, Settings.FrequencyScale.LINEAR, 256);
        FrequencyAxis mel = new FrequencyAxis(SpectrogramConfig.DEFAULT, Settings.FrequencyScale.MEL, 256);
        assertTrue(linear.fractionOf(1000) < mel.fractionOf(1000), "mel gives low frequencies more room");
        assertEquals("2 kHz", FrequencyAxis.label(2000));
        assertEquals("500 Hz", FrequencyAxis.label(500));
    }
}
