package org.sonicsight.core.audio;

import java.util.Objects;

/**
 * Mono samples held in memory, with their rate and where they came from.
 * Used for short snapshots (a recording, a file to identify); long files stay
 * streams.
 */
public record AudioClip(float[] samples, int sampleRate, String source) {

    public AudioClip {
        Objects.requireNonNull(samples, "samples");
        if (sampleRate <= 0) {
            throw new IllegalArgumentException("sampleRate must be positive: " + sampleRate);
        }
        source = source == null ? "" : source;
    }

    public double durationSeconds() {
        return samples.length / (double) sampleRate;
    }

    /** Samples {@code [from, to)} as a new clip. */
    public AudioClip slice(int from, int to) {
        int start = Math.max(0, Math.min(from, samples.length));
        int end = Math.max(start, Math.min(to, samples.length));
        float[] part = new float[end - start];
        System.arraycopy(samples, start, part, 0, part.length);
        return new AudioClip(part, sampleRate, source);
    }
}
