package org.sonicsight.core.audio;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * A stretch of a file, decoded without resampling what comes before it: the stream skips to {@code from} at the
 * file's own rate ({@link SampleStream#skip}: a jump for PCM, M4A and Opus, reading through for the rest), and only
 * the stretch is resampled. What a zoomed-in view of a long file needs.
 */
public final class AudioRange {

    private AudioRange() {
    }

    /**
     * @param from       start, seconds
     * @param to         end, seconds (cut at the end of the file)
     * @param targetRate rate of the returned clip
     */
    public static AudioClip read(Path file, double from, double to, int targetRate) throws AudioInputException {
        try (SampleStream stream = AudioDecoder.open(file, 0)) {
            int rate = stream.sampleRate();
            long skip = Math.max(0, Math.round(from * rate));
            long want = Math.max(0, Math.round((to - Math.max(0, from)) * rate));
            if (Thread.currentThread().isInterrupted()) {
                throw new java.util.concurrent.CancellationException();
            }
            stream.skip(skip); // PCM, M4A and Opus jump without decoding; others read through
            float[] raw = new float[(int) Math.min(Integer.MAX_VALUE - 8, want)];
            int filled = 0;
            while (filled < raw.length) {
                int n = stream.read(raw, filled, raw.length - filled);
                if (n < 0) {
                    break;
                }
                filled += n;
            }
            raw = Arrays.copyOf(raw, filled);
            if (rate == targetRate) {
                return new AudioClip(raw, rate, file.toString());
            }
            StreamingResampler resampler = new StreamingResampler(rate, targetRate);
            float[] out = new float[(int) resampler.outputLengthFor(raw.length) + 64];
            int[] size = {0};
            StreamingResampler.SampleSink sink = (s, off, len) -> {
                int take = Math.min(len, out.length - size[0]);
                System.arraycopy(s, off, out, size[0], take);
                size[0] += take;
            };
            resampler.process(raw, 0, raw.length, false, sink);
            resampler.process(raw, 0, 0, true, sink);
            return new AudioClip(Arrays.copyOf(out, size[0]), targetRate, file.toString());
        } catch (IOException e) {
            throw new AudioInputException(AudioInputException.Kind.CORRUPT,
                    "Could not read " + file.getFileName() + ": " + e.getMessage(), e);
        }
    }
}
