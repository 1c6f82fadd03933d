package org.sonicsight.core.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sonicsight.testsupport.TestEnv;

/**
 * Playback through Java Sound of a format JavaFX cannot play (Ogg Opus, made
 * by ffmpeg): the sound really reaches the PulseAudio null sink (its monitor,
 * recorded with parec, carries the 1 kHz tone), in real time, and pause and
 * seek act on it.
 */
class FilePlaybackTest {

    @TempDir
    static Path tmp;
    static Path tone;

    @BeforeAll
    static void make() throws Exception {
        TestEnv.need(Boolean.getBoolean("sonicsight.test.pulse") && TestEnv.onPath("parec"),
                "PulseAudio null sink (run via .ci/test with pulseaudio installed)");
        TestEnv.need(TestEnv.onPath("ffmpeg"), "ffmpeg (apt-get install ffmpeg)");
        tone = tmp.resolve("tone.opus");
        CompressedFormatsTest.run(List.of("ffmpeg", "-nostdin", "-v", "error", "-y", "-f", "lavfi", "-i",
                "sine=frequency=1000:duration=3:sample_rate=48000", "-af", "volume=0.5", "-c:a", "libopus",
                tone.toString()));
    }

    /** Events from a playback, with when they came. */
    static final class Events implements FilePlayback.Listener {
        final List<Double> positions = new CopyOnWriteArrayList<>();
        final CountDownLatch ended = new CountDownLatch(1);
        final AtomicReference<String> failure = new AtomicReference<>();
        volatile long endedAt;

        @Override
        public void position(double seconds) {
            positions.add(seconds);
        }

        @Override
        public void ended() {
            endedAt = System.nanoTime();
            ended.countDown();
        }

        @Override
        public void failed(String message) {
            failure.set(message);
            ended.countDown();
        }

        double last() {
            return positions.isEmpty() ? -1 : positions.get(positions.size() - 1);
        }
    }

    @Test
    void playsAnOpusFileToTheSinkInRealTime() throws Exception {
        Process parec = new ProcessBuilder("parec", "-d", "virt.monitor", "--format=s16le", "--rate=44100",
                "--channels=1", "--raw", "--latency-msec=20").start();
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        Thread reader = new Thread(() -> {
            try (InputStream in = parec.getInputStream()) {
                in.transferTo(captured);
            } catch (java.io.IOException ignored) {
                // parec was stopped
            }
        });
        reader.start();
        Thread.sleep(300);
        Events events = new Events();
        long start = System.nanoTime();
        FilePlayback playback = FilePlayback.start(tone, -1, -1, events);
        assertTrue(events.ended.await(15, TimeUnit.SECONDS), "playback did not end");
        parec.destroy();
        reader.join(5000);
        assertEquals(null, events.failure.get());
        assertTrue(playback.await(2000));
        double seconds = (events.endedAt - start) / 1e9;
        assertTrue(seconds > 2.7 && seconds < 6, "3 s of audio played in " + seconds + " s");
        assertEquals(3.0, events.last(), 0.15, "the last position is the end of the file");
        for (int i = 1; i < events.positions.size(); i++) {
            assertTrue(events.positions.get(i) >= events.positions.get(i - 1) - 1e-9, "positions go forward");
        }
        assertTrue(events.positions.size() > 20, "the playhead moved smoothly: " + events.positions.size());

        short[] pcm = new short[captured.size() / 2];
        ByteBuffer.wrap(captured.toByteArray()).order(ByteOrder.LITTLE_ENDIAN).asShortBuffer().get(pcm);
        double tonePower = goertzel(pcm, 1000, 44100);
        double offPower = goertzel(pcm, 3000, 44100);
        assertTrue(tonePower > 1000 * offPower, "the sink heard the 1 kHz tone: " + tonePower + " vs " + offPower);
    }

    @Test
    void pauseHoldsAndSeekJumps() throws Exception {
        Events events = new Events();
        FilePlayback playback = FilePlayback.start(tone, -1, -1, events);
        Thread.sleep(600);
        playback.pause();
        Thread.sleep(150);
        double paused = events.last();
        Thread.sleep(1000);
        assertEquals(paused, events.last(), 0.02, "no progress while paused");
        assertTrue(paused > 0.2 && paused < 1.2, "paused at " + paused);
        playback.seek(2.5);
        long resumed = System.nanoTime();
        playback.resume();
        assertTrue(events.ended.await(10, TimeUnit.SECONDS), "playback did not end");
        assertEquals(null, events.failure.get());
        double rest = (events.endedAt - resumed) / 1e9;
        assertTrue(rest < 1.5, "after a seek to 2.5 s of 3 s, the end came " + rest + " s later");
        assertTrue(events.positions.stream().anyMatch(p -> p >= 2.5 && p < 2.7), "a position right after the seek");
        assertTrue(playback.await(2000));
    }

    @Test
    void aFileThatCannotBeDecodedIsReportedNotPlayed() throws Exception {
        Path text = tmp.resolve("notes.opus");
        java.nio.file.Files.writeString(text, "not audio at all");
        Events events = new Events();
        FilePlayback.start(text, -1, -1, events);
        assertTrue(events.ended.await(5, TimeUnit.SECONDS));
        assertTrue(events.failure.get() != null && events.failure.get().contains("not a supported audio file"),
                String.valueOf(events.failure.get()));
    }

    static double goertzel(short[] x, double frequency, int rate) {
        double w = 2 * Math.PI * frequency / rate;
        double c = 2 * Math.cos(w);
        double s1 = 0;
        double s2 = 0;
        for (short v : x) {
            double s0 = v + c * s1 - s2;
            s2 = s1;
            s1 = s0;
        }
        return s1 * s1 + s2 * s2 - c * s1 * s2;
    }
}
