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
}
