package org.sonicsight.core.audio;

import java.nio.file.Path;

/**
 * The part of a file that is analysed: at most the first {@code maxSeconds} (a face's limit, from
 * {@code core.config.AnalysisLimits}), decoded to one rate, and whether the file went on beyond it. The one way
 * every face reads a file for identification.
 *
 * @param clip      the decoded start of the file
 * @param truncated true when the file is longer than the limit
 */
public record Excerpt(AudioClip clip, boolean truncated) {

    /**
     * Decodes at most the first {@code maxSeconds} of {@code file} at {@code rate} (streamed: a longer file is not
     * read to its end).
     *
     * @throws AudioInputException missing, unreadable, unsupported, corrupt or empty
     */
    public static Excerpt read(Path file, int rate, double maxSeconds) throws AudioInputException {
        long maxSamples = (long) Math.ceil(maxSeconds * rate);
        // One sample more than the limit tells "exactly the limit" from "longer".
        AudioClip read = AudioDecoder.readAll(file, rate, maxSamples + 1);
        boolean truncated = read.samples().length > maxSamples;
        return new Excerpt(truncated ? read.slice(0, (int) maxSamples) : read, truncated);
    }
}
