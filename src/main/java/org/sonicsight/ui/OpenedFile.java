package org.sonicsight.ui;

import java.nio.file.Path;
import org.sonicsight.core.audio.AudioClip;
import org.sonicsight.core.dsp.Spectrogram;

/**
 * A file opened for inspection.
 *
 * @param clip      decoded audio at the analysis rate, at most {@link MainViewModel#MAX_FILE_SECONDS}
 * @param truncated true when the file is longer than the clip kept for identification
 */
record OpenedFile(Path path, Spectrogram spectrogram, AudioClip clip, boolean truncated) {

    String name() {
        return path.getFileName().toString();
    }
}
