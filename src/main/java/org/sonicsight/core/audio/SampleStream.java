package org.sonicsight.core.audio;

import java.io.Closeable;
import java.io.IOException;

/**
 * A pull stream of mono float samples in [-1, 1] at a fixed rate. Reading is
 * incremental so arbitrarily long files never have to fit in memory.
 */
public interface SampleStream extends Closeable {

    /** Samples per second of what {@link #read} returns. */
    int sampleRate();

    /**
     * Reads up to {@code len} samples.
     *
     * @return the number read, or -1 at the end of the stream
     */
    int read(float[] buffer, int offset, int len) throws IOException;

    /**
     * Skips up to {@code samples} samples (playback seeks with it). Streams that can jump without decoding
     * (PCM files, MP4 packets) override it; the default reads and discards.
     *
     * @return the number skipped, fewer only at the end of the stream
     */
    default long skip(long samples) throws IOException {
        float[] block = new float[8192];
        long done = 0;
        while (done < samples) {
            int n = read(block, 0, (int) Math.min(block.length, samples - done));
            if (n < 0) {
                break;
            }
            done += n;
        }
        return done;
    }

    /** Expected number of output samples, or -1 when the source does not say. */
    long estimatedLength();

    /** A description of the source format, for logs and the UI. */
    String sourceDescription();

    @Override
    void close() throws IOException;
}
