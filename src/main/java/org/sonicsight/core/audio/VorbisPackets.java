package org.sonicsight.core.audio;

import com.jcraft.jogg.Packet;
import com.jcraft.jorbis.Block;
import com.jcraft.jorbis.Comment;
import com.jcraft.jorbis.DspState;
import com.jcraft.jorbis.Info;
import java.io.IOException;

/**
 * Vorbis packets to PCM with JOrbis (already here as the Ogg Vorbis reader's
 * decoder), for Vorbis outside Ogg: WebM/Matroska carries the three header
 * packets in the track's CodecPrivate and one packet per block.
 */
final class VorbisPackets {

    private final Info info = new Info();
    private final Comment comment = new Comment();
    private final DspState dsp = new DspState();
    private final Block block;
    private final Packet packet = new Packet();
    private final float[][][] pcm = new float[1][][];
    private final int[] index;
    private long packetNumber;

    /** Reads the identification, comment and setup headers. */
    VorbisPackets(byte[][] headers) throws IOException {
        info.init();
        comment.init();
        for (int i = 0; i < 3; i++) {
            packet.packet_base = headers[i];
            packet.packet = 0;
            packet.bytes = headers[i].length;
            packet.b_o_s = i == 0 ? 1 : 0;
            packet.e_o_s = 0;
            packet.granulepos = -1;
            packet.packetno = packetNumber++;
            int r;
            try {
                r = info.synthesis_headerin(comment, packet);
            } catch (RuntimeException e) {
                r = -1;
            }
            if (r < 0) {
                throw new IOException("its Vorbis header " + (i + 1) + " of 3 cannot be read");
            }
        }
        if (info.channels < 1 || info.rate <= 0 || info.rate > AudioDecoder.MAX_SAMPLE_RATE) {
            throw new IOException("its Vorbis header declares " + info.channels + " channels at " + info.rate + " Hz");
        }
        dsp.synthesis_init(info);
        block = new Block(dsp);
        index = new int[info.channels];
    }

    int rate() {
        return info.rate;
    }

    int channels() {
        return info.channels;
    }

    /** Decodes one audio packet into {@code out}. */
    void decode(byte[] data, int offset, int length, PacketStream out) throws IOException {
        packet.packet_base = data;
        packet.packet = offset;
        packet.bytes = length;
        packet.b_o_s = 0;
        packet.e_o_s = 0;
        packet.granulepos = -1;
        packet.packetno = packetNumber++;
        try {
            if (block.synthesis(packet) == 0) {
                dsp.synthesis_blockin(block);
            }
            int frames;
            while ((frames = dsp.synthesis_pcmout(pcm, index)) > 0) {
                float[][] channels = pcm[0];
                float[][] planes = new float[info.channels][];
                for (int c = 0; c < info.channels; c++) {
                    planes[c] = index[c] == 0 ? channels[c]
                            : java.util.Arrays.copyOfRange(channels[c], index[c], index[c] + frames);
                }
                out.emitPlanar(planes, info.channels, frames, 1f);
                dsp.synthesis_read(frames);
            }
        } catch (RuntimeException e) {
            throw new IOException("a broken Vorbis packet (" + e + ")", e);
        }
    }

    /** Splits Matroska's CodecPrivate for Vorbis (Xiph-laced: count - 1, two sizes, three packets). */
    static byte[][] splitXiphHeaders(byte[] data) throws IOException {
        if (data == null || data.length < 3 || (data[0] & 0xFF) != 2) {
            throw new IOException("its Vorbis headers are missing from the track header");
        }
        int pos = 1;
        int[] sizes = new int[2];
        for (int i = 0; i < 2; i++) {
            int size = 0;
            int b;
            do {
                if (pos >= data.length) {
                    throw new IOException("its Vorbis headers are cut short");
                }
                b = data[pos++] & 0xFF;
                size += b;
            } while (b == 255);
            sizes[i] = size;
        }
        if (pos + sizes[0] + sizes[1] > data.length) {
            throw new IOException("its Vorbis headers are cut short");
        }
        byte[][] out = new byte[3][];
        out[0] = java.util.Arrays.copyOfRange(data, pos, pos + sizes[0]);
        out[1] = java.util.Arrays.copyOfRange(data, pos + sizes[0], pos + sizes[0] + sizes[1]);
        out[2] = java.util.Arrays.copyOfRange(data, pos + sizes[0] + sizes[1], data.length);
        return out;
    }
}
