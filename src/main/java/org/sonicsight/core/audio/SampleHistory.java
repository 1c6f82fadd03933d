package org.sonicsight.core.audio;

/**
 * The last few seconds of a live stream, kept so that "what was that?" can be
 * answered after the sound: a fixed ring of samples, written by the audio
 * thread and copied out by whoever asks. Positions are absolute sample
 * counts since the history was created, so callers can say where a copy lies
 * in the stream.
 */
public final class SampleHistory {

    private final float[] ring;
    private final int sampleRate;
    private long written;

    public SampleHistory(int sampleRate, double seconds) {
        if (sampleRate <= 0 || !(seconds > 0)) {
            throw new IllegalArgumentException("rate and length must be positive");
        }
        this.sampleRate = sampleRate;
        this.ring = new float[(int) Math.ceil(sampleRate * seconds)];
    }

    public int sampleRate() {
        return sampleRate;
    }

    public double capacitySeconds() {
        return ring.length / (double) sampleRate;
    }

    /** Samples appended since creation (the absolute position of the next one). */
    public synchronized long written() {
        return written;
    }

    public synchronized void append(float[] samples, int offset, int len) {
        if (len >= ring.length) {
            int skipped = len - ring.length; // would be overwritten at once: count them, keep the end
            written += skipped;
            offset += skipped;
            len = ring.length;
        }
        int at = (int) (written % ring.length);
        int first = Math.min(len, ring.length - at);
        System.arraycopy(samples, offset, ring, at, first);
        System.arraycopy(samples, offset + first, ring, 0, len - first);
        written += len;
    }

    /** A copy of the samples in {@code [from, to)} (absolute positions), clamped to what is still held. */
    public synchronized Span copy(long from, long to) {
        long start = Math.max(Math.max(0, from), written - ring.length);
        long end = Math.min(to, written);
        if (end <= start) {
            return new Span(end, new float[0]);
        }
        float[] out = new float[(int) (end - start)];
        int at = (int) (start % ring.length);
        int first = Math.min(out.length, ring.length - at);
        System.arraycopy(ring, at, out, 0, first);
        System.arraycopy(ring, 0, out, first, out.length - first);
        return new Span(start, out);
    }

    /** The last {@code seconds} (or all that is held, if less). */
    public synchronized Span last(double seconds) {
        long n = Math.round(seconds * sampleRate);
        return copy(written - n, written);
    }

    /** Samples copied out, and the absolute position of the first. */
    public record Span(long start, float[] samples) {
        public long end() {
            return start + samples.length;
        }
    }
}
