package org.sonicsight.core.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.sonicsight.core.dsp.Spectrogram;
import org.sonicsight.core.dsp.SpectrogramAnalyzer;
import org.sonicsight.core.dsp.SpectrogramConfig;
import org.sonicsight.testsupport.TestEnv;

/**
 * The formats people have (a phone's M4A, a voice note's Ogg Opus, a
 * browser's WebM, a video's MP4): ffmpeg makes each from the 5 s stereo dog
 * fixture at test time; our decoders must give the sample count ffmpeg's own
 * decoder gives (within one codec frame, exactly the source's length where
 * the container declares it) and a mel spectrogram within 1.5 dB of the WAV's
 * (median over the bins above the WAV's floor).
 */
class CompressedFormatsTest {

    /** The source: 5.000 s, 48 kHz stereo. */
    static final String SOURCE = "dog_bark_esc50_48000hz_stereo.wav";
    static final int SOURCE_FRAMES = 240_000;

    @TempDir
    static Path tmp;

    static Path wav;

    @BeforeAll
    static void source() {
        TestEnv.need(TestEnv.onPath("ffmpeg") && TestEnv.onPath("ffprobe"),
                "ffmpeg (apt-get install ffmpeg) to make M4A, Opus, WebM and MP4 files");
        wav = TestEnv.fixture(SOURCE);
    }

    /**
     * name, ffmpeg output options, codec frame (samples), whether the container declares the exact length,
     * priming samples left in (ffmpeg's AAC encoder primes 1024 samples; Matroska and fragmented MP4 as ffmpeg
     * writes them do not record it, so ffmpeg's decoder keeps them too and so do we; the spectrogram comparison
     * skips them).
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "dog.m4a            | -c:a aac                                              | 1024 | true  | 0",
        "dog.opus           | -c:a libopus                                          | 960  | true  | 0",
        "dog.webm           | -c:a libopus                                          | 960  | true  | 0",
        "dog-video.mp4      | VIDEO -c:v libx264 -c:a aac                           | 1024 | true  | 0",
        "dog-vorbis.webm    | -c:a libvorbis -q:a 4                                 | 2048 | false | 0",
        "dog-aac.mkv        | -c:a aac                                              | 1024 | false | 1024",
        "dog-opus.mp4       | -c:a libopus -b:a 64k                                 | 960  | true  | 0",
        "dog-fragmented.mp4 | -c:a aac -movflags frag_keyframe+empty_moov           | 1024 | false | 1024",
        "dog-mono22k.m4a    | -ac 1 -ar 22050 -c:a aac -b:a 64k                     | 1024 | true  | 0",
    })
    void decodesLikeFfmpegAndLooksLikeTheWav(String name, String options, int frame, boolean exact, int priming)
            throws Exception {
        Path file = encode(name, options);
        long ffmpegCount = ffmpegSampleCount(file);
        int rate;
        long ours;
        try (SampleStream stream = AudioDecoder.open(file, 0)) {
            rate = stream.sampleRate();
            ours = count(stream);
        }
        assertEquals(ffmpegCount, ours, frame, name + ": ffmpeg decodes " + ffmpegCount + " samples, we " + ours);
        int sourceRate = name.contains("22k") ? 22050 : 48000;
        assertEquals(sourceRate, rate, name);
        if (exact) {
            assertEquals(Math.round(SOURCE_FRAMES * (double) sourceRate / 48000), ours,
                    name + ": the container declares the source's length, priming and padding removed");
        }
        double median = medianMelDifferenceDb(wav, file, priming / (double) rate);
        System.out.printf("%s: %d samples (ffmpeg %d), mel median |difference| %.3f dB%n", name, ours, ffmpegCount,
                median);
        assertTrue(median <= 1.5, name + ": mel spectrogram differs from the WAV's by " + median + " dB (median)");
    }

    @Test
    void ninetySixKilohertzFlacIsExact() throws Exception {
        Path file = encode("dog96.flac", "-ar 96000 -sample_fmt s32 -c:a flac");
        try (SampleStream stream = AudioDecoder.open(file, 0)) {
            assertEquals(96000, stream.sampleRate());
            assertEquals(ffmpegSampleCount(file), count(stream));
        }
        assertTrue(medianMelDifferenceDb(wav, file, 0) <= 1.5);
    }

    @Test
    void anMp4WithAnotherCodecNamesIt() throws Exception {
        Path file = encode("dog-ac3.mp4", "-c:a ac3");
        AudioInputException e = assertThrows(AudioInputException.class, () -> AudioDecoder.open(file, 0));
        assertEquals(AudioInputException.Kind.UNSUPPORTED_FORMAT, e.kind(), e.getMessage());
        assertTrue(e.getMessage().contains("AC-3"), e.getMessage());
        assertFalse(e.getMessage().contains("corrupt"), e.getMessage());
    }

    @Test
    void aMatroskaFileWithAnotherCodecNamesIt() throws Exception {
        Path file = encode("dog-flac.mkv", "-c:a flac");
        AudioInputException e = assertThrows(AudioInputException.class, () -> AudioDecoder.open(file, 0));
        assertEquals(AudioInputException.Kind.UNSUPPORTED_FORMAT, e.kind(), e.getMessage());
        assertTrue(e.getMessage().contains("FLAC"), e.getMessage());
    }

    @Test
    void encryptedAacIsCalledDrmNotCorrupt() throws Exception {
        Path file = encode("dog-cenc.mp4", "-c:a aac -encryption_scheme cenc-aes-ctr "
                + "-encryption_key 00112233445566778899aabbccddeeff -encryption_kid 00112233445566778899aabbccddeeff");
        AudioInputException e = assertThrows(AudioInputException.class, () -> AudioDecoder.open(file, 0));
        assertEquals(AudioInputException.Kind.UNSUPPORTED_FORMAT, e.kind(), e.getMessage());
        assertTrue(e.getMessage().contains("encrypted (DRM"), e.getMessage());
        assertTrue(e.getMessage().contains("mp4a"), e.getMessage());
    }

    @Test
    void anM4aCutBeforeItsIndexIsCorrupt() throws Exception {
        Path file = encode("dog-cut.m4a", "-c:a aac");
        byte[] all = Files.readAllBytes(file);
        Path cut = tmp.resolve("dog-cut-half.m4a");
        Files.write(cut, Arrays.copyOf(all, all.length / 2)); // ffmpeg writes the moov box at the end
        AudioInputException e = assertThrows(AudioInputException.class, () -> AudioDecoder.open(cut, 0));
        assertEquals(AudioInputException.Kind.CORRUPT, e.kind(), e.getMessage());
        assertTrue(e.getMessage().contains("moov"), e.getMessage());
    }

    @Test
    void anOggOpusCutShortDecodesWhatIsThere() throws Exception {
        Path file = encode("dog-cut.opus", "-c:a libopus");
        byte[] all = Files.readAllBytes(file);
        Path cut = tmp.resolve("dog-cut-half.opus");
        Files.write(cut, Arrays.copyOf(all, all.length / 2));
        long n;
        try (SampleStream stream = AudioDecoder.open(cut, 0)) {
            n = count(stream);
        }
        assertTrue(n > SOURCE_FRAMES / 4 && n < SOURCE_FRAMES * 3 / 4, "half the file, about half the audio: " + n);
    }

    /**
     * Skipping (playback's seek) lands on the same samples as reading through: M4A jumps packets, WAV bytes.
     * The M4A is made without noise substitution: JAAD's noise generator is shared between decoders, so two
     * decodes of noise-substituted bands differ (by design of PNS, random noise).
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource({"dog.m4a, -c:a aac -aac_pns 0", "dog.opus, -c:a libopus", "dog.wav, -c:a pcm_s16le"})
    void skippingLandsWhereReadingDoes(String name, String options) throws Exception {
        Path file = encode("skip-" + name, options);
        float[] all = AudioDecoder.readAll(file, 0).samples();
        for (int at : new int[] {1000, 100_000, 239_000}) {
            try (SampleStream stream = AudioDecoder.open(file, 0)) {
                assertEquals(at, stream.skip(at), name);
                float[] rest = new float[all.length];
                int n = 0;
                int k;
                while ((k = stream.read(rest, n, rest.length - n)) > 0) {
                    n += k;
                }
                assertEquals(all.length - at, n, name + ": samples after skipping " + at);
                for (int i = 0; i < n; i++) {
                    assertEquals(all[at + i], rest[i], 1e-4, name + ": sample " + (at + i) + " after skipping " + at);
                }
            }
        }
    }

    static long count(SampleStream stream) throws IOException {
        float[] block = new float[8192];
        long total = 0;
        int n;
        while ((n = stream.read(block, 0, block.length)) >= 0) {
            total += n;
        }
        return total;
    }

    /** Median |dB difference| of the 128-band log-mel spectrograms, over the WAV's bins above its floor. */
    static double medianMelDifferenceDb(Path reference, Path lossy, double skipSeconds) throws Exception {
        SpectrogramAnalyzer analyzer = new SpectrogramAnalyzer(SpectrogramConfig.DEFAULT);
        Spectrogram a = analyzer.analyze(AudioDecoder.readAll(reference, 22050));
        AudioClip decoded = AudioDecoder.readAll(lossy, 22050);
        int skip = (int) Math.round(skipSeconds * 22050);
        Spectrogram b = analyzer.analyze(new AudioClip(
                Arrays.copyOfRange(decoded.samples(), skip, decoded.samples().length), 22050, lossy.toString()));
        float floor = a.min();
        int columns = Math.min(a.columns(), b.columns());
        assertTrue(Math.abs(a.columns() - b.columns()) <= 2, "column counts " + a.columns() + " vs " + b.columns());
        List<Double> diffs = new ArrayList<>();
        for (int c = 0; c < columns; c++) {
            for (int m = 0; m < a.bands(); m++) {
                if (a.db()[c][m] > floor + 1e-3) {
                    diffs.add((double) Math.abs(a.db()[c][m] - b.db()[c][m]));
                }
            }
        }
        assertTrue(diffs.size() > columns * 10, "too few bins above the floor: " + diffs.size());
        diffs.sort(Double::compare);
        return diffs.get(diffs.size() / 2);
    }

    static Path encode(String name, String options) throws Exception {
        Path out = tmp.resolve(name);
        if (Files.exists(out)) {
            return out;
        }
        List<String> cmd = new ArrayList<>(List.of("ffmpeg", "-nostdin", "-v", "error", "-y"));
        String opts = options.trim();
        if (opts.startsWith("VIDEO")) {
            cmd.addAll(List.of("-f", "lavfi", "-i", "color=c=black:s=64x64:d=5"));
            opts = opts.substring(5).trim() + " -shortest";
        }
        cmd.addAll(List.of("-i", wav.toString()));
        cmd.addAll(List.of(opts.split("\\s+")));
        cmd.add(out.toString());
        run(cmd);
        return out;
    }

    /** Samples (per channel) that ffmpeg's own decoders give, edit lists and pre-skip applied as ffmpeg does. */
    static long ffmpegSampleCount(Path file) throws Exception {
        byte[] pcm = run(List.of("ffmpeg", "-nostdin", "-v", "error", "-i", file.toString(), "-vn", "-ac", "1",
                "-f", "s16le", "-"));
        return pcm.length / 2;
    }

    static byte[] run(List<String> cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.PIPE).start();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Thread err = new Thread(() -> {
            try (InputStream e = p.getErrorStream()) {
                e.transferTo(System.err);
            } catch (IOException ignored) {
                // the process is gone
            }
        });
        err.start();
        try (InputStream in = p.getInputStream()) {
            in.transferTo(out);
        }
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "timed out: " + cmd);
        err.join();
        assertEquals(0, p.exitValue(), "failed: " + String.join(" ", cmd));
        return out.toByteArray();
    }
}
