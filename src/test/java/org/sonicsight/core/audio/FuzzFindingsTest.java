package org.sonicsight.core.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sonicsight.fuzz.Mutations;
import org.sonicsight.testsupport.TestEnv;

/** What the fuzzers found, kept as plain regression tests (the jqwik sample that found each). */
class FuzzFindingsTest {

    @TempDir
    Path tmp;

    /**
     * UploadFuzzTest sample (dog fixture, HEADER_NOISE, salt 34): a reader ran past its mark on the mangled
     * header and Java Sound threw IOException "Resetting to invalid mark", reported as an unreadable file
     * (HTTP 500) instead of a corrupt one (400).
     */
    @Test
    void aReaderRunningPastItsMarkIsACorruptFileNotAnIoError() throws Exception {
        byte[] dog = Files.readAllBytes(TestEnv.fixture("dog_bark_esc50_22050hz_mono.wav"));
        Path f = tmp.resolve("noise.wav");
        Files.write(f, Mutations.apply(dog, Mutations.Kind.HEADER_NOISE, 34));
        AudioInputException e = assertThrows(AudioInputException.class, () -> AudioDecoder.readAll(f, 22050));
        assertEquals(AudioInputException.Kind.CORRUPT, e.kind(), e.getMessage());
    }

    /**
     * DecoderFuzzTest's long run (AU seed, SIZE_FIELDS, salt 9910): an AU header claiming 536,941,382 channels
     * overflowed the frame size, and the reader spun for ever on zero-length reads (1 GB of heap, no end).
     */
    @Test
    void anAbsurdChannelCountIsACorruptHeaderNotAHang() throws Exception {
        java.io.ByteArrayOutputStream au = new java.io.ByteArrayOutputStream();
        try (javax.sound.sampled.AudioInputStream in = javax.sound.sampled.AudioSystem.getAudioInputStream(
                TestEnv.fixture("cat_meow_kaggle_16000hz_mono.wav").toFile())) {
            javax.sound.sampled.AudioSystem.write(in, javax.sound.sampled.AudioFileFormat.Type.AU, au);
        }
        Path f = tmp.resolve("channels.au");
        Files.write(f, Mutations.apply(au.toByteArray(), Mutations.Kind.SIZE_FIELDS, 9910));
        AudioInputException e = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(
                java.time.Duration.ofSeconds(10),
                () -> assertThrows(AudioInputException.class, () -> AudioDecoder.readAll(f, 22050, 22050L * 30)));
        assertEquals(AudioInputException.Kind.CORRUPT, e.kind(), e.getMessage());
    }
}
