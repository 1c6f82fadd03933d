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

    /** The compressed fuzz seeds are real, tagged files that decode (a comment block is not refused). */
    @Test
    void theTaggedCompressedSeedsDecode() throws Exception {
        for (String name : java.util.List.of("tone.flac", "tone.ogg", "tone.mp3")) {
            Path f = tmp.resolve(name);
            try (var in = FuzzFindingsTest.class.getResourceAsStream("/org/sonicsight/fuzz/" + name)) {
                Files.write(f, in.readAllBytes());
            }
            AudioClip clip = AudioDecoder.readAll(f, 22050);
            org.junit.jupiter.api.Assertions.assertTrue(clip.durationSeconds() > 0.5, name + ": " + clip.durationSeconds());
        }
    }

    /**
     * DecoderFuzzTest's long run: a FLAC comment block declaring 2 billion comments made jflac allocate them,
     * an OutOfMemoryError from a file of a few dozen bytes (a web upload could take the server down).
     */
    @Test
    void aFlacCommentCountBeyondItsBlockIsCorruptNotAnOutOfMemoryError() throws Exception {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(4 + 4 + 34 + 4 + 16);
        b.put("fLaC".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        b.put((byte) 0).put((byte) 0).put((byte) 0).put((byte) 34); // STREAMINFO, 34 bytes
        b.putShort((short) 4096).putShort((short) 4096).put(new byte[6]); // block sizes, frame sizes unknown
        long info = (22050L << 44) | (0L << 41) | (15L << 36); // rate, channels-1, bits-1, 0 samples
        b.putLong(info).put(new byte[16]); // MD5
        b.put((byte) 0x84).put((byte) 0).put((byte) 0).put((byte) 16); // last block: VORBIS_COMMENT, 16 bytes
        b.order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt(0).putInt(0x7FFFFFF0).putLong(0);
        Path f = tmp.resolve("comments.flac");
        Files.write(f, b.array());
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

    /**
     * OPEN (DecoderFuzzTest's CI run with the FLAC seed: tone.flac, DUPLICATE_RANGE, salt -21110330607676): jflac
     * 1.5.2 loops in FLACDecoder.readNextFrame on BadHeaderException without reading further, so decoding never
     * ends and the thread spins. Not fixed yet: it needs a bound inside jflac or decoding on a thread that can be
     * abandoned. Enable this test with the fix.
     */
    @Test
    @org.junit.jupiter.api.Disabled("open finding: jflac loops on a mangled frame header (see the comment)")
    void aMangledFlacFrameEndsWithAnError() throws Exception {
        byte[] seed;
        try (var in = FuzzFindingsTest.class.getResourceAsStream("/org/sonicsight/fuzz/tone.flac")) {
            seed = in.readAllBytes();
        }
        Path f = tmp.resolve("frames.flac");
        Files.write(f, Mutations.apply(seed, Mutations.Kind.DUPLICATE_RANGE, -21110330607676L));
        org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(10),
                () -> assertThrows(AudioInputException.class, () -> AudioDecoder.readAll(f, 22050)));
    }
}
