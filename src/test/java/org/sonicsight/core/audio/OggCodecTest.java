package org.sonicsight.core.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A valid Ogg Opus file built here page by page (CRCs included, as RFC 7845
 * lays it out: OpusHead, OpusTags, one 20 ms packet) decodes, its pre-skip
 * dropped; an Ogg file in a codec we do
 * not decode (Speex) is named as such, not called corrupt.
 */
class OggCodecTest {

    @TempDir
    Path tmp;

    @Test
    void oggOpusDecodesWithItsPreSkipDropped() throws Exception {
        Path f = tmp.resolve("voice.opus");
        Files.write(f, oggOpus());
        AudioClip clip = AudioDecoder.readAll(f, 0);
        assertEquals(48000, clip.sampleRate());
        assertEquals(960 - 312, clip.samples().length, "one 20 ms packet (960 samples) less the 312-sample pre-skip");
    }

    @Test
    void oggSpeexIsNamedAsAValidFormatNotDecoded() throws Exception {
        Path f = tmp.resolve("voice.spx");
        byte[] header = new byte[80];
        System.arraycopy("Speex   ".getBytes(StandardCharsets.US_ASCII), 0, header, 0, 8);
        Files.write(f, page(0x02, 0, 0, header));
        AudioInputException e = assertThrows(AudioInputException.class, () -> AudioDecoder.readAll(f, 0));
        assertEquals(AudioInputException.Kind.UNSUPPORTED_FORMAT, e.kind(), e.getMessage());
        assertTrue(e.getMessage().contains("Ogg Speex"), e.getMessage());
        assertTrue(e.getMessage().contains("valid file"), e.getMessage());
        assertFalse(e.getMessage().contains("corrupt"), e.getMessage());
    }

    static byte[] oggOpus() {
        ByteBuffer head = ByteBuffer.allocate(19).order(ByteOrder.LITTLE_ENDIAN);
        head.put("OpusHead".getBytes(StandardCharsets.US_ASCII)).put((byte) 1).put((byte) 1).putShort((short) 312)
                .putInt(48000).putShort((short) 0).put((byte) 0);
        byte[] vendor = "sonicsight-test".getBytes(StandardCharsets.US_ASCII);
        ByteBuffer tags = ByteBuffer.allocate(8 + 4 + vendor.length + 4).order(ByteOrder.LITTLE_ENDIAN);
        tags.put("OpusTags".getBytes(StandardCharsets.US_ASCII)).putInt(vendor.length).put(vendor).putInt(0);
        // TOC 0xF8: CELT fullband 20 ms, mono, one frame; a frame of 0 bytes is valid (DTX).
        byte[] audio = {(byte) 0xF8};
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(page(0x02, 0, 0, head.array()));
        out.writeBytes(page(0x00, 0, 1, tags.array()));
        out.writeBytes(page(0x04, 312 + 960, 2, audio));
        return out.toByteArray();
    }

    static byte[] page(int flags, long granule, int sequence, byte[] packet) {
        ByteBuffer p = ByteBuffer.allocate(27 + 1 + packet.length).order(ByteOrder.LITTLE_ENDIAN);
        p.put("OggS".getBytes(StandardCharsets.US_ASCII)).put((byte) 0).put((byte) flags).putLong(granule)
                .putInt(0x5EED).putInt(sequence).putInt(0).put((byte) 1).put((byte) packet.length).put(packet);
        byte[] bytes = p.array();
        int crc = crc(bytes);
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putInt(22, crc);
        return bytes;
    }

    /** Ogg's CRC-32: polynomial 0x04C11DB7, initial 0, not reflected. */
    static int crc(byte[] data) {
        int crc = 0;
        for (byte b : data) {
            crc ^= (b & 0xFF) << 24;
            for (int i = 0; i < 8; i++) {
                crc = (crc & 0x80000000) != 0 ? (crc << 1) ^ 0x04C11DB7 : crc << 1;
            }
        }
        return crc;
    }
}
