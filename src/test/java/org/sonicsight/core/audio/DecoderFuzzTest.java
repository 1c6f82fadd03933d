package org.sonicsight.core.audio;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tag;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.sonicsight.fuzz.Mutations;
import org.sonicsight.testsupport.TestEnv;

/**
 * Fuzzing every decoder we read through: real files (the shared fixtures,
 * the same audio as AIFF and AU, a valid Ogg Opus file), mutated, and also
 * re-labelled as FLAC, Ogg, MP3, AIFF and AU so those readers get garbage
 * too. Whatever the bytes, decoding ends, within 10 s, with audio or an
 * {@link AudioInputException} (a clear message), never another exception.
 * CI runs 250 tries with a fixed seed; the long run (20,000 tries, a new
 * seed each time) is {@code ./mvnw test -Dtest='*FuzzTest' -Dfuzz.excludedGroups=none -Dgroups=fuzz-long}.
 */
class DecoderFuzzTest {

    static final List<byte[]> SEEDS = new ArrayList<>();
    static final List<String> EXTENSIONS = List.of("wav", "aiff", "au", "flac", "mp3", "ogg", "m4a", "webm", "bin");
    static Path dir;

    @BeforeContainer
    static void seeds() throws Exception {
        dir = Files.createTempDirectory("decoder-fuzz-");
        for (String f : List.of("dog_bark_esc50_22050hz_mono.wav", "cat_meow_kaggle_16000hz_mono.wav",
                "dog_bark_esc50_48000hz_stereo.wav", "silence_16000hz_mono_2s.wav")) {
            SEEDS.add(Files.readAllBytes(TestEnv.fixture(f)));
        }
        File cat = TestEnv.fixture("cat_meow_kaggle_16000hz_mono.wav").toFile();
        for (AudioFileFormat.Type type : List.of(AudioFileFormat.Type.AIFF, AudioFileFormat.Type.AU)) {
            try (AudioInputStream in = AudioSystem.getAudioInputStream(cat)) {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                AudioSystem.write(in, type, out);
                SEEDS.add(out.toByteArray());
            }
        }
        SEEDS.add(OggCodecTest.oggOpus());
        // Tagged FLAC (0.6 s), Ogg Vorbis (3 s) and MP3 (0.6 s) from libsndfile 1.2.2: real compressed streams.
        // M4A (AAC), WebM (Opus) and fragmented MP4 (AAC), 0.6 s of the ESC-50 bark, made by ffmpeg 5.1:
        // ffmpeg -ss 1.0 -t 0.6 -i dog_bark_esc50_22050hz_mono.wav -c:a aac -b:a 32k dog.m4a
        // (-c:a libopus -b:a 24k dog.webm; -c:a aac -b:a 32k -movflags frag_keyframe+empty_moov dog-fragmented.mp4)
        for (String f : List.of("tone.flac", "tone.ogg", "tone.mp3", "dog.m4a", "dog.webm", "dog-fragmented.mp4")) {
            try (var in = DecoderFuzzTest.class.getResourceAsStream("/org/sonicsight/fuzz/" + f)) {
                SEEDS.add(in.readAllBytes());
            }
        }
    }

    @AfterContainer
    static void clean() throws Exception {
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /**
     * CI's seeds: all but the FLAC one (7); 10-12 are M4A, WebM and fragmented MP4. Mutated FLAC can send jflac into a loop that never reads again
     * (an open finding, see FuzzFindingsTest); the long run keeps it to show whether it is still there.
     */
    @Provide
    Arbitrary<Integer> seed() {
        return Arbitraries.of(0, 1, 2, 3, 4, 5, 6, 8, 9, 10, 11, 12);
    }

    @Provide
    Arbitrary<Integer> anySeed() {
        return Arbitraries.integers().between(0, 12);
    }

    @Provide
    Arbitrary<String> extension() {
        return Arbitraries.of(EXTENSIONS);
    }

    /** CI: a fixed seed, so a red build is reproducible; about 6 s. */
    @Property(tries = 250, seed = "20261201")
    void anyBytesDecodeOrFailWithAClearError(@ForAll("seed") int seed, @ForAll Mutations.Kind kind,
                                             @ForAll long salt, @ForAll("extension") String ext) throws Exception {
        check(seed, kind, salt, ext);
    }

    /** On demand (see the pom): a new seed each run. */
    @Property(tries = 20_000)
    @Tag("fuzz-long")
    void anyBytesDecodeOrFailWithAClearErrorLong(@ForAll("anySeed") int seed, @ForAll Mutations.Kind kind,
                                                 @ForAll long salt, @ForAll("extension") String ext) throws Exception {
        check(seed, kind, salt, ext);
    }

    private void check(int seed, Mutations.Kind kind, long salt, String ext) throws Exception {
        byte[] bytes = Mutations.apply(SEEDS.get(seed), kind, salt);
        Path f = dir.resolve("fuzz." + ext);
        Files.write(f, bytes);
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            try {
                AudioClip clip = AudioDecoder.readAll(f, 22050, 22050L * 30);
                if (clip.samples().length == 0) {
                    throw new AssertionError("readAll returned an empty clip instead of saying so");
                }
                for (float v : clip.samples()) {
                    if (Float.isNaN(v) || Float.isInfinite(v)) {
                        throw new AssertionError("decoded a non-finite sample");
                    }
                }
            } catch (AudioInputException expected) {
                if (expected.getMessage() == null || expected.getMessage().isBlank()) {
                    throw new AssertionError("an error without a message", expected);
                }
                // The file exists and is readable: whatever went wrong is its content (a 400 on the web, exit 3).
                if (expected.kind() != AudioInputException.Kind.CORRUPT
                        && expected.kind() != AudioInputException.Kind.UNSUPPORTED_FORMAT
                        && expected.kind() != AudioInputException.Kind.EMPTY) {
                    throw new AssertionError("a content problem reported as " + expected.kind(), expected);
                }
            }
        }, () -> kind + " of seed " + seed + " as ." + ext + " did not finish");
    }
}
