package org.sonicsight.core.audio;

import java.io.IOException;
import java.util.Arrays;

/**
 * A {@link SampleStream} over a compressed stream that decodes one packet at
 * a time (Opus, AAC, Vorbis): subclasses decode the next packet into mono
 * samples with {@link #emit}; this class drops the encoder's priming samples
 * at the start ({@code skip}: Opus pre-skip, an MP4 edit list's media time)
 * and stops after the stream's true length ({@code total}: the last Ogg
 * granule, an edit list's duration), so padding at either end never reaches
 * the caller. Memory is one packet's worth of samples.
 */
abstract class PacketStream implements SampleStream {

    private final String description;
    private int rate;
    private long skip;
    private long remaining;
    private long estimate;
    private float[] pending = new float[4096];
    private int pendingStart;
    private int pendingEnd;
    private boolean ended;

    /**
     * @param skip  samples at the start that are the encoder's, not the recording's
     * @param total samples to deliver after the skip, or -1 when the container does not say
     */
    PacketStream(int rate, long skip, long total, String description) {
        this(rate, skip, total, total, description);
    }

    /**
     * @param estimate the expected length for progress bars when {@code total} is not known exactly
     *                 (a Matroska duration), or -1
     */
    PacketStream(int rate, long skip, long total, long estimate, String description) {
        this.rate = rate;
        this.skip = Math.max(0, skip);
        this.remaining = total < 0 ? Long.MAX_VALUE : total;
        this.estimate = total >= 0 ? total : estimate;
        this.description = description;
    }

    /**
     * Decodes the next packet, handing its samples to {@link #emit}.
     *
     * @return false at the end of the stream
     */
    protected abstract boolean decodeNext() throws IOException;

    /** Closes the file. */
    protected abstract void closeSource() throws IOException;

    /** Appends planar samples (one array per channel, same scale) mixed to mono. */
    protected final void emitPlanar(float[][] channels, int channelCount, int frames, float scale) {
        float[] target = room(frames);
        float gain = scale / channelCount;
        for (int i = 0; i < frames; i++) {
            float sum = 0;
            for (int c = 0; c < channelCount; c++) {
                sum += channels[c][i];
            }
            float v = sum * gain;
            target[pendingEnd + i] = Float.isFinite(v) ? v : 0f; // a decoder's garbage on a broken packet
        }
        pendingEnd += frames;
    }

    /** Appends interleaved 16-bit samples mixed to mono. */
    protected final void emitInterleaved(short[] pcm, int channelCount, int frames) {
        float[] target = room(frames);
        float gain = 1f / (32768f * channelCount);
        int k = 0;
        for (int i = 0; i < frames; i++) {
            int sum = 0;
            for (int c = 0; c < channelCount; c++) {
                sum += pcm[k++];
            }
            target[pendingEnd + i] = sum * gain;
        }
        pendingEnd += frames;
    }

    /** Removes the last {@code samples} emitted by the current packet (end padding a container declares). */
    protected final void dropTail(int samples) {
        pendingEnd = Math.max(pendingStart, pendingEnd - Math.max(0, samples));
    }

    /** Sets the trimming once the container's figures are known in output samples (before the first read). */
    protected final void setTrim(long skip, long total) {
        this.skip = Math.max(0, skip);
        this.remaining = total < 0 ? Long.MAX_VALUE : total;
        this.estimate = total >= 0 ? total : estimate;
    }

    /** For decoders that learn the output rate from the first packet (HE-AAC doubles the core rate). */
    protected final void setRate(int rate) {
        this.rate = rate;
    }

    private float[] room(int frames) {
        if (pendingEnd + frames > pending.length) {
            int live = pendingEnd - pendingStart;
            float[] target = live + frames > pending.length
                    ? new float[Math.max(pending.length * 2, live + frames)] : pending;
            System.arraycopy(pending, pendingStart, target, 0, live);
            pending = target;
            pendingStart = 0;
            pendingEnd = live;
        }
        return pending;
    }

    @Override
    public int sampleRate() {
        return rate;
    }

    @Override
    public long estimatedLength() {
        return estimate;
    }

    @Override
    public String sourceDescription() {
        return description;
    }

    @Override
    public int read(float[] buffer, int offset, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        while (pendingEnd - pendingStart == 0 || skip > 0) {
            if (pendingEnd - pendingStart > 0) {
                int drop = (int) Math.min(skip, pendingEnd - pendingStart);
                pendingStart += drop;
                skip -= drop;
                continue;
            }
            if (ended || remaining == 0) {
                ended = true;
                return -1;
            }
            pendingStart = 0;
            pendingEnd = 0;
            try {
                if (!decodeNext()) {
                    ended = true;
                }
            } catch (RuntimeException e) {
                // A decoder library failing on a broken packet in a way it did not foresee: still a broken file.
                throw new IOException("the decoder failed on a broken packet (" + e + ")", e);
            }
        }
        int n = (int) Math.min(Math.min(len, pendingEnd - pendingStart), remaining);
        System.arraycopy(pending, pendingStart, buffer, offset, n);
        pendingStart += n;
        remaining -= n;
        if (n == 0) {
            ended = true;
            return -1;
        }
        return n;
    }

    /**
     * Skips whole packets worth at most {@code rawSamples} decoded samples without decoding them, where the
     * container allows (the skipped audio's priming included). A subclass leaves the packet before the
     * target to be decoded, so the decoder's overlap is right again. Default: none.
     *
     * @return decoded samples jumped over
     */
    protected long jumpPackets(long rawSamples) throws IOException {
        return 0;
    }

    @Override
    public long skip(long samples) throws IOException {
        long done = 0;
        // What is already decoded goes first: the encoder's priming in it, then output samples.
        int primed = (int) Math.min(skip, pendingEnd - pendingStart);
        pendingStart += primed;
        skip -= primed;
        int dropped = (int) Math.min(Math.min(samples, remaining), pendingEnd - pendingStart);
        pendingStart += dropped;
        remaining -= dropped;
        done += dropped;
        if (samples > done && pendingEnd == pendingStart && !ended) {
            long jumped = jumpPackets(skip + Math.min(samples - done, remaining));
            long fromPriming = Math.min(skip, jumped);
            skip -= fromPriming;
            long out = Math.min(jumped - fromPriming, remaining);
            remaining -= out;
            done += out;
        }
        return done + SampleStream.super.skip(samples - done);
    }

    @Override
    public void close() throws IOException {
        pending = new float[0];
        pendingStart = 0;
        pendingEnd = 0;
        closeSource();
    }

    /** A packet larger than this is a broken length field, not audio (Opus allows 120 ms, AAC 6144 bits/channel). */
    static final int MAX_PACKET = 1 << 20;

    static byte[] grow(byte[] buffer, int needed) {
        return buffer.length >= needed ? buffer : Arrays.copyOf(buffer, Math.max(needed, buffer.length * 2));
    }
}
