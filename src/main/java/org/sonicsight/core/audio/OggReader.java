package org.sonicsight.core.audio;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Packets of the first logical stream of an Ogg file (RFC 3533): pages are
 * read one at a time, their CRCs checked, packets put back together across
 * page boundaries. Pages of other logical streams (a video track beside the
 * audio) are skipped.
 */
final class OggReader implements Closeable {

    private static final int[] CRC = new int[256];

    static {
        for (int i = 0; i < 256; i++) {
            int r = i << 24;
            for (int j = 0; j < 8; j++) {
                r = (r & 0x80000000) != 0 ? (r << 1) ^ 0x04C11DB7 : r << 1;
            }
            CRC[i] = r;
        }
    }

    private final InputStream in;
    private final byte[] header = new byte[27];
    private final byte[] lacing = new byte[255];
    private final byte[] body = new byte[255 * 255];
    private int segments;
    private int segment;
    private int bodyPos;
    private long serial = -1;
    private boolean lastPage;
    private byte[] packet = new byte[4096];
    private int packetLength;

    OggReader(Path file) throws IOException {
        this.in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
    }

    /** The length of the packet {@link #next()} returned last, in {@link #packet()}. */
    int length() {
        return packetLength;
    }

    byte[] packet() {
        return packet;
    }

    /**
     * Reads the next packet into {@link #packet()}.
     *
     * @return false at the end of the stream (a packet cut off by the end of the file is dropped)
     */
    boolean next() throws IOException {
        packetLength = 0;
        while (true) {
            while (segment < segments) {
                int size = lacing[segment++] & 0xFF;
                if (packetLength + size > PacketStream.MAX_PACKET) {
                    throw new IOException("an Ogg packet longer than " + PacketStream.MAX_PACKET + " bytes");
                }
                packet = PacketStream.grow(packet, packetLength + size);
                System.arraycopy(body, bodyPos, packet, packetLength, size);
                packetLength += size;
                bodyPos += size;
                if (size < 255) {
                    return true;
                }
            }
            if (lastPage || !readPage()) {
                return false;
            }
        }
    }

    /**
     * Skips whole pages without assembling or decoding their packets, while a page's granule position stays
     * below {@code granule} and the page ends on a packet boundary (so no packet is cut). Only between
     * packets at a page boundary; otherwise nothing is skipped.
     *
     * @return the granule position of the last page skipped (the stream's sample count at the new position),
     *         or -1 when none was
     */
    long skipPagesBelow(long granule) throws IOException {
        if (segment < segments || lastPage) {
            return -1;
        }
        long last = -1;
        while (true) {
            in.mark(27 + 255 + 8);
            int n = in.readNBytes(header, 0, 27);
            if (n < 27 || !Bytes.startsWith(header, 0, 27, "OggS") || header[4] != 0) {
                in.reset();
                return last;
            }
            int count = header[26] & 0xFF;
            if (in.readNBytes(lacing, 0, count) < count) {
                in.reset();
                return last;
            }
            int size = 0;
            for (int i = 0; i < count; i++) {
                size += lacing[i] & 0xFF;
            }
            long pageSerial = Bytes.le32(header, 14);
            long pageGranule = Bytes.le64(header, 6);
            boolean ours = pageSerial == serial;
            boolean clean = count > 0 && (lacing[count - 1] & 0xFF) < 255 && (header[5] & 0x01) == 0;
            if (ours && (pageGranule == -1 || pageGranule >= granule || !clean || (header[5] & 0x04) != 0)) {
                in.reset();
                return last;
            }
            try {
                in.skipNBytes(size);
            } catch (EOFException e) {
                return last; // the file ends inside this page: nothing after it to read
            }
            if (ours) {
                last = pageGranule;
            }
        }
    }

    /** Reads the next page of our logical stream; false at the end of the file. */
    private boolean readPage() throws IOException {
        while (true) {
            int n = in.readNBytes(header, 0, 27);
            if (n == 0) {
                return false;
            }
            if (n < 27) {
                return false; // a page header cut off by the end of the file: the audio before it stands
            }
            if (!Bytes.startsWith(header, 0, 27, "OggS") || header[4] != 0) {
                throw new IOException("lost Ogg page sync (bytes that are not an Ogg page)");
            }
            int count = header[26] & 0xFF;
            if (in.readNBytes(lacing, 0, count) < count) {
                return false;
            }
            int size = 0;
            for (int i = 0; i < count; i++) {
                size += lacing[i] & 0xFF;
            }
            if (in.readNBytes(body, 0, size) < size) {
                return false;
            }
            int stored = (int) Bytes.le32(header, 22);
            if (crc(count, size) != stored) {
                throw new IOException("an Ogg page failed its checksum");
            }
            long pageSerial = Bytes.le32(header, 14);
            if (serial < 0) {
                serial = pageSerial;
            } else if (pageSerial != serial) {
                continue;
            }
            boolean continued = (header[5] & 0x01) != 0;
            if (!continued && packetLength > 0) {
                packetLength = 0; // the previous page promised a continuation that never came
            }
            lastPage = (header[5] & 0x04) != 0;
            segments = count;
            segment = 0;
            bodyPos = 0;
            return true;
        }
    }

    private int crc(int count, int size) {
        int crc = 0;
        for (int i = 0; i < 27; i++) {
            int b = i >= 22 && i < 26 ? 0 : header[i] & 0xFF;
            crc = (crc << 8) ^ CRC[((crc >>> 24) ^ b) & 0xFF];
        }
        for (int i = 0; i < count; i++) {
            crc = (crc << 8) ^ CRC[((crc >>> 24) ^ (lacing[i] & 0xFF)) & 0xFF];
        }
        for (int i = 0; i < size; i++) {
            crc = (crc << 8) ^ CRC[((crc >>> 24) ^ (body[i] & 0xFF)) & 0xFF];
        }
        return crc;
    }

    /**
     * The granule position of the last page of the file's first logical
     * stream (for audio: the sample count at its end), or -1 when none is
     * found in the file's last 64 KiB.
     */
    static long lastGranule(Path file) throws IOException {
        try (SeekableByteChannel ch = Files.newByteChannel(file)) {
            long size = ch.size();
            byte[] first = new byte[27];
            ByteBuffer fb = ByteBuffer.wrap(first);
            ch.read(fb);
            if (fb.position() < 27) {
                return -1;
            }
            long serial = Bytes.le32(first, 14);
            int tail = (int) Math.min(size, 65_307 + 27);
            byte[] end = new byte[tail];
            ch.position(size - tail);
            ByteBuffer eb = ByteBuffer.wrap(end);
            while (eb.hasRemaining() && ch.read(eb) > 0) {
                // fill
            }
            for (int i = tail - 27; i >= 0; i--) {
                if (end[i] == 'O' && end[i + 1] == 'g' && end[i + 2] == 'g' && end[i + 3] == 'S' && end[i + 4] == 0
                        && Bytes.le32(end, i + 14) == serial) {
                    long granule = Bytes.le64(end, i + 6);
                    if (granule != -1) {
                        return granule;
                    }
                }
            }
            return -1;
        }
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    /** The first packet of the file, for sniffing the codec. */
    static byte[] firstPacket(Path file) throws IOException {
        try (OggReader r = new OggReader(file)) {
            if (!r.next()) {
                throw new EOFException("no complete Ogg packet");
            }
            return java.util.Arrays.copyOf(r.packet, r.packetLength);
        }
    }
}
