package org.sonicsight.ui;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.sonicsight.core.audio.AudioClip;
import org.sonicsight.core.audio.AudioDecoder;
import org.sonicsight.core.classify.Prediction;
import org.sonicsight.testsupport.TestEnv;

/**
 * A selection in the desktop file view gets the audio under it even past the
 * part of a long file kept in memory (the first 10 minutes), and says which
 * span it really covers. Here the kept part is made 2 s of a 5 s file.
 */
class OpenedFileTest {

    static final int RATE = 22050;

    @Test
    void aSelectionPastTheKeptPartIsDecodedFromTheFile() throws Exception {
        Path path = TestEnv.fixture("dog_bark_esc50_22050hz_mono.wav");
        AudioClip whole = AudioDecoder.readAll(path, RATE);
        OpenedFile file = new OpenedFile(path, null, whole.slice(0, 2 * RATE), true);

        OpenedFile.Part beyond = file.audioFor(new Prediction.TimeSpan(3.0, 4.0));
        assertEquals(RATE, beyond.clip().samples().length, "not empty");
        assertArrayEquals(Arrays.copyOfRange(whole.samples(), 3 * RATE, 4 * RATE), beyond.clip().samples(), 1e-6f);

        OpenedFile.Part overlapping = file.audioFor(new Prediction.TimeSpan(1.0, 3.0));
        assertEquals(2 * RATE, overlapping.clip().samples().length, "not cut at the kept part");
        assertArrayEquals(Arrays.copyOfRange(whole.samples(), RATE, 3 * RATE), overlapping.clip().samples(), 1e-6f);
        assertEquals(new Prediction.TimeSpan(1.0, 3.0), overlapping.span());
    }

    @Test
    void theSpanSaysWhatWasAnalysedWhenTheSelectionRunsPastTheEnd() throws Exception {
        Path path = TestEnv.fixture("dog_bark_esc50_22050hz_mono.wav");
        AudioClip whole = AudioDecoder.readAll(path, RATE);
        OpenedFile file = new OpenedFile(path, null, whole.slice(0, 2 * RATE), true);
        OpenedFile.Part part = file.audioFor(new Prediction.TimeSpan(4.0, 9.0));
        assertEquals(whole.samples().length - 4 * RATE, part.clip().samples().length);
        assertEquals(whole.durationSeconds(), part.span().endSeconds(), 1e-9);
    }
}
