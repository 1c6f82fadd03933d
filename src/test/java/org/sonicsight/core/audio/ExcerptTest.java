package org.sonicsight.core.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.sonicsight.testsupport.TestEnv;

/** Every face reads the part of a file it analyses the same way: the first S seconds, and whether it went on. */
class ExcerptTest {

    @Test
    void theFirstSecondsAndWhetherTheFileWentOn() throws Exception {
        Path file = TestEnv.fixture("rain_esc50_22050hz_mono.wav");
        AudioClip whole = AudioDecoder.readAll(file, 22050);

        Excerpt cut = Excerpt.read(file, 22050, 1.5);
        assertTrue(cut.truncated());
        assertEquals(33075, cut.clip().samples().length);
        assertEquals(whole.samples()[33074], cut.clip().samples()[33074], 0f);

        Excerpt all = Excerpt.read(file, 22050, whole.durationSeconds() + 1);
        assertFalse(all.truncated());
        assertEquals(whole.samples().length, all.clip().samples().length);

        // Exactly the file's length is not "longer than the limit".
        Excerpt exact = Excerpt.read(file, 22050, whole.samples().length / 22050.0);
        assertFalse(exact.truncated());
        assertEquals(whole.samples().length, exact.clip().samples().length);
    }
}
