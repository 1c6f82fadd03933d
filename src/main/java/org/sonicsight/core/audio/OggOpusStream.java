package org.sonicsight.core.audio;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Ogg Opus (RFC 7845): WhatsApp and Telegram voice notes, Firefox's
 * MediaRecorder, {@code ffmpeg -c:a libopus}. The pre-skip is dropped and the
 * last page's granule position says where the audio ends, so the sample count
 * is exact (what ffmpeg and opusdec give).
 */
final class OggOpusStream extends PacketStream {

    private final OggReader ogg;
    private final OpusPackets opus;

    private OggOpusStream(OggReader ogg, OpusPackets opus, long skip, long total, String description) {
        super(OpusPackets.RATE, skip, total, description);
        this.ogg = ogg;
        this.opus = opus;
    }

    static OggOpusStream open(Path file) throws IOException {
        OggReader ogg = new OggReader(file);
        try {
            if (!ogg.next()) {
                throw new IOException("no Opus header");
            }
            OpusPackets.Head head = OpusPackets.parseHead(ogg.packet(), 0, ogg.length());
            if (!ogg.next() || !Bytes.startsWith(ogg.packet(), 0, ogg.length(), "OpusTags")) {
                throw new IOException("its OpusTags packet is missing");
            }
            long last = OggReader.lastGranule(file);
            long total = last >= head.preSkip() ? last - head.preSkip() : -1;
            String description = "Ogg, Opus, 48000 Hz, " + head.channels() + " channel"
                    + (head.channels() == 1 ? "" : "s");
            return new OggOpusStream(ogg, new OpusPackets(head), head.preSkip(), total, description);
        } catch (IOException | RuntimeException e) {
            ogg.close();
            throw e;
        }
    }

    /** Samples decoded so far, pre-skip included: the granule position of where we are. */
    private long decoded;

    /** Opus needs 80 ms decoded before the point it seeks to (RFC 7845 §4.6); twice that here. */
    private static final long PRE_ROLL = 2 * 3840;

    @Override
    protected boolean decodeNext() throws IOException {
        while (ogg.next()) {
            if (ogg.length() == 0) {
                continue;
            }
            decoded += opus.decode(ogg.packet(), 0, ogg.length(), this);
            return true;
        }
        return false;
    }

    @Override
    protected long jumpPackets(long rawSamples) throws IOException {
        if (rawSamples <= 2 * PRE_ROLL) {
            return 0; // (RFC 7845: the first audio packet starts a page, so after the headers we are between pages)
        }
        long granule = ogg.skipPagesBelow(decoded + rawSamples - PRE_ROLL);
        if (granule <= decoded) {
            return 0;
        }
        opus.reset();
        long jumped = granule - decoded;
        decoded = granule;
        return jumped;
    }

    @Override
    protected void closeSource() throws IOException {
        ogg.close();
    }
}
