package org.sonicsight.core.audio;

import io.github.jaredmdobson.concentus.OpusDecoder;
import io.github.jaredmdobson.concentus.OpusException;
import io.github.jaredmdobson.concentus.OpusMSDecoder;
import java.io.IOException;

/**
 * Opus packets to 48 kHz PCM with concentus (a Java port of libopus), set up
 * from an OpusHead (RFC 7845 §5.1) as Ogg, Matroska/WebM and MP4 carry it.
 * Channel mapping families 0 (mono, stereo) and 1 (up to 8 channels, Vorbis
 * order) are decoded; the output gain is applied.
 */
final class OpusPackets {

    /** Opus always decodes at 48 kHz, whatever rate the input had. */
    static final int RATE = 48_000;
    /** The longest packet is 120 ms. */
    static final int MAX_FRAMES = RATE * 120 / 1000;

    /** The fields of an OpusHead packet that decoding needs. */
    record Head(int channels, int preSkip, int gainQ8, int family, int streams, int coupled, short[] mapping) {
    }

    private final OpusDecoder single;
    private final OpusMSDecoder multi;
    private final int channels;
    private final short[] pcm;

    OpusPackets(Head head) throws IOException {
        this.channels = head.channels();
        this.pcm = new short[MAX_FRAMES * channels];
        try {
            if (head.family() == 0) {
                single = new OpusDecoder(RATE, channels);
                single.setGain(head.gainQ8());
                multi = null;
            } else {
                multi = OpusMSDecoder.create(RATE, channels, head.streams(), head.coupled(), head.mapping());
                multi.setGain(head.gainQ8());
                single = null;
            }
        } catch (OpusException | RuntimeException e) {
            throw new IOException("the Opus header cannot be decoded (" + e.getMessage() + ")", e);
        }
    }

    int channels() {
        return channels;
    }

    /** Forgets the decoder's history, as after a seek. */
    void reset() {
        if (single != null) {
            single.resetState();
        } else {
            multi.ResetState();
        }
    }

    /** Decodes one packet into {@code out}; returns the frames it held. */
    int decode(byte[] packet, int offset, int length, PacketStream out) throws IOException {
        int frames;
        try {
            frames = single != null
                    ? single.decode(packet, offset, length, pcm, 0, MAX_FRAMES, false)
                    : multi.decodeMultistream(packet, offset, length, pcm, 0, MAX_FRAMES, 0);
        } catch (OpusException | RuntimeException e) {
            throw new IOException("a broken Opus packet (" + e.getMessage() + ")", e);
        }
        if (frames < 0) {
            throw new IOException("a broken Opus packet (error " + frames + ")");
        }
        out.emitInterleaved(pcm, channels, frames);
        return frames;
    }

    /**
     * Parses an OpusHead packet.
     *
     * @throws IOException naming what is wrong with it
     */
    static Head parseHead(byte[] b, int offset, int length) throws IOException {
        if (length < 19 || !Bytes.startsWith(b, offset, length, "OpusHead")) {
            throw new IOException("its Opus header is missing or too short");
        }
        int version = b[offset + 8] & 0xFF;
        if (version >> 4 != 0) {
            throw new IOException("it uses Opus header version " + version + ", newer than this decoder knows");
        }
        int channels = b[offset + 9] & 0xFF;
        int preSkip = Bytes.le16(b, offset + 10);
        int gain = (short) Bytes.le16(b, offset + 16);
        int family = b[offset + 18] & 0xFF;
        if (channels < 1) {
            throw new IOException("its Opus header declares 0 channels");
        }
        if (family == 0) {
            if (channels > 2) {
                throw new IOException("its Opus header declares " + channels + " channels without a channel map");
            }
            return new Head(channels, preSkip, gain, 0, 1, channels - 1, null);
        }
        if (family != 1 && family != 255) {
            throw new IOException("it uses Opus channel mapping family " + family + ", which SonicSight does not decode");
        }
        if (length < 21 + channels) {
            throw new IOException("its Opus channel map is cut short");
        }
        int streams = b[offset + 19] & 0xFF;
        int coupled = b[offset + 20] & 0xFF;
        if (streams < 1 || coupled > streams || streams + coupled > 255) {
            throw new IOException("its Opus channel map declares " + streams + " streams, " + coupled + " coupled");
        }
        short[] mapping = new short[channels];
        for (int i = 0; i < channels; i++) {
            mapping[i] = (short) (b[offset + 21 + i] & 0xFF);
        }
        return new Head(channels, preSkip, gain, family, streams, coupled, mapping);
    }
}
