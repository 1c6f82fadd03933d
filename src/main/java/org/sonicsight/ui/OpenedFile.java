package org.sonicsight.ui;

import java.io.IOException;
import java.nio.file.Path;
import org.sonicsight.core.audio.AudioClip;
import org.sonicsight.core.audio.AudioDecoder;
import org.sonicsight.core.audio.AudioInputException;
import org.sonicsight.core.audio.SampleStream;
import org.sonicsight.core.classify.Prediction;
import org.sonicsight.core.dsp.Spectrogram;

/**
 * A file opened for inspection.
 *
 * @param clip      decoded audio at the analysis rate, at most {@link MainViewModel#MAX_FILE_SECONDS}
 * @param truncated true when the file is longer than the clip kept for identification
 */
record OpenedFile(Path path, Spectrogram spectrogram, AudioClip clip, boolean truncated) {

    /** The audio of a selection and the span it really covers (which the label must show). */
    record Part(AudioClip clip, Prediction.TimeSpan span) {
    }

    String name() {
        return path.getFileName().toString();
    }

    /**
     * The audio under a selection. Inside the kept clip it is a slice; a
     * selection past it (the file is longer than the clip kept in memory) is
     * decoded from the file, so it is neither "empty" nor silently cut. At
     * most {@link MainViewModel#MAX_FILE_SECONDS} are taken, from the start of
     * the selection, and the returned span says so.
     */
    Part audioFor(Prediction.TimeSpan selection) throws AudioInputException {
        int rate = clip.sampleRate();
        long from = Math.max(0, Math.round(selection.startSeconds() * rate));
        long to = Math.max(from, Math.round(selection.endSeconds() * rate));
        to = Math.min(to, from + (long) (MainViewModel.MAX_FILE_SECONDS * rate));
        AudioClip part;
        if (to <= clip.samples().length) {
            part = clip.slice((int) from, (int) to);
        } else {
            part = decode(from, to);
        }
        return new Part(part, new Prediction.TimeSpan(from / (double) rate,
                (from + part.samples().length) / (double) rate));
    }

    private AudioClip decode(long from, long to) throws AudioInputException {
        try (SampleStream stream = AudioDecoder.open(path, clip.sampleRate())) {
            float[] block = new float[8192];
            long skipped = 0;
            while (skipped < from) {
                int n = stream.read(block, 0, (int) Math.min(block.length, from - skipped));
                if (n < 0) {
                    break;
                }
                skipped += n;
            }
            float[] out = new float[(int) (to - from)];
            int filled = 0;
            while (skipped >= from && filled < out.length) {
                int n = stream.read(out, filled, out.length - filled);
                if (n < 0) {
                    break;
                }
                filled += n;
            }
            return new AudioClip(java.util.Arrays.copyOf(out, filled), clip.sampleRate(), clip.source());
        } catch (IOException e) {
            throw new AudioInputException(AudioInputException.Kind.CORRUPT,
                    "Could not read " + name() + ": " + e.getMessage(), e);
        }
    }
}
