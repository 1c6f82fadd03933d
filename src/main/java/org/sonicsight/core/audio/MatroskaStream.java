package org.sonicsight.core.audio;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The first audio track of a WebM or Matroska file: Opus (browser
 * recordings: Chromium's MediaRecorder, unknown-size clusters included),
 * Vorbis and AAC. The file is read front to back, one block at a time; video
 * blocks are skipped. Opus's pre-skip and a block's DiscardPadding are
 * honoured, so the sample count matches ffmpeg's.
 */
final class MatroskaStream extends PacketStream {

    static final int EBML = 0x1A45DFA3;
    private static final int DOC_TYPE = 0x4282;
    private static final int SEGMENT = 0x18538067;
    private static final int CLUSTER = 0x1F43B675;
    private static final int INFO = 0x1549A966;
    private static final int TIMECODE_SCALE = 0x2AD7B1;
    private static final int DURATION = 0x4489;
    private static final int TRACKS = 0x1654AE6B;
    private static final int TRACK_ENTRY = 0xAE;
    private static final int TRACK_NUMBER = 0xD7;
    private static final int TRACK_TYPE = 0x83;
    private static final int CODEC_ID = 0x86;
    private static final int CODEC_PRIVATE = 0x63A2;
    private static final int CODEC_DELAY = 0x56AA;
    private static final int AUDIO = 0xE1;
    private static final int SAMPLING_FREQUENCY = 0xB5;
    private static final int CHANNELS = 0x9F;
    private static final int CONTENT_ENCODINGS = 0x6D80;
    private static final int CONTENT_ENCRYPTION = 0x5035;
    private static final int SIMPLE_BLOCK = 0xA3;
    private static final int BLOCK_GROUP = 0xA0;
    private static final int BLOCK = 0xA1;
    private static final int DISCARD_PADDING = 0x75A2;
    /** Most bytes of a header element (Tracks, a block group) we hold in memory. */
    private static final long MAX_ELEMENT = 16L << 20;

    private enum Codec { OPUS, VORBIS, AAC }

    /** What the Tracks element says about the audio track we decode. */
    private record Track(long number, Codec codec, byte[] codecPrivate, long codecDelayNs, double rate, int channels) {
    }

    private final Input in;
    private final long trackNumber;
    private final Codec codec;
    private final OpusPackets opus;
    private final VorbisPackets vorbis;
    private final AacPackets aac;
    private byte[] block = new byte[8192];
    private final int[] laceSizes = new int[256];

    private MatroskaStream(Input in, Track track, OpusPackets opus, VorbisPackets vorbis, AacPackets aac, int rate,
                           long skip, long estimate, String description) {
        super(rate, skip, -1, estimate, description);
        this.in = in;
        this.trackNumber = track.number();
        this.codec = track.codec();
        this.opus = opus;
        this.vorbis = vorbis;
        this.aac = aac;
    }

    static MatroskaStream open(Path file) throws IOException {
        Input in = new Input(new BufferedInputStream(Files.newInputStream(file), 1 << 16));
        try {
            int id = in.readId();
            if (id != EBML) {
                throw new IOException("it does not start with an EBML header");
            }
            String docType = "matroska";
            byte[] header = in.readBody(in.readSize(), "EBML header");
            for (Element e : Element.children(header, 0, header.length)) {
                if (e.id == DOC_TYPE) {
                    docType = e.string(header);
                }
            }
            String container = docType.equals("webm") ? "WebM" : "Matroska";
            if (!docType.equals("webm") && !docType.equals("matroska")) {
                throw new UnsupportedCodecException("it is an EBML file of type \"" + docType
                        + "\", not WebM or Matroska");
            }
            if (in.readId() != SEGMENT) {
                throw new IOException("its Segment is missing");
            }
            in.readSize(); // a live recording's segment has an unknown size; we read to the end of the file
            double timecodeScale = 1e6;
            double duration = -1;
            Track track = null;
            while (track == null) {
                id = in.readId();
                if (id == -1) {
                    throw new IOException("it has no Tracks element");
                }
                long size = in.readSize();
                if (id == CLUSTER) {
                    throw new IOException("its audio starts before its Tracks element");
                }
                if (id == INFO) {
                    byte[] info = in.readBody(size, "Info");
                    for (Element e : Element.children(info, 0, info.length)) {
                        if (e.id == TIMECODE_SCALE) {
                            timecodeScale = e.unsigned(info);
                        } else if (e.id == DURATION) {
                            duration = e.floating(info);
                        }
                    }
                } else if (id == TRACKS) {
                    byte[] tracks = in.readBody(size, "Tracks");
                    track = audioTrack(tracks, container);
                } else {
                    in.skip(size);
                }
            }
            String channelsText = track.channels() == 1 ? "1 channel" : track.channels() + " channels";
            long estimateMillis = duration > 0 ? Math.round(duration * timecodeScale / 1e9 * 1000) : -1;
            switch (track.codec()) {
                case OPUS -> {
                    OpusPackets.Head head = track.codecPrivate() != null
                            ? OpusPackets.parseHead(track.codecPrivate(), 0, track.codecPrivate().length)
                            : new OpusPackets.Head(Math.min(2, Math.max(1, track.channels())),
                                    (int) Math.round(track.codecDelayNs() * OpusPackets.RATE / 1e9), 0, 0, 1,
                                    Math.min(2, Math.max(1, track.channels())) - 1, null);
                    return new MatroskaStream(in, track, new OpusPackets(head), null, null, OpusPackets.RATE,
                            head.preSkip(), estimate(estimateMillis, OpusPackets.RATE),
                            container + ", Opus, 48000 Hz, " + plural(head.channels()));
                }
                case VORBIS -> {
                    VorbisPackets v = new VorbisPackets(VorbisPackets.splitXiphHeaders(track.codecPrivate()));
                    return new MatroskaStream(in, track, null, v, null, v.rate(), 0, estimate(estimateMillis, v.rate()),
                            container + ", Vorbis, " + v.rate() + " Hz, " + plural(v.channels()));
                }
                default -> {
                    AacPackets a = new AacPackets(track.codecPrivate());
                    return new MatroskaStream(in, track, null, null, a, a.rate(), 0, estimate(estimateMillis, a.rate()),
                            container + ", AAC (" + a.profile() + "), " + a.rate() + " Hz, " + channelsText);
                }
            }
        } catch (IOException | RuntimeException e) {
            in.close();
            throw e;
        }
    }

    private static long estimate(long millis, int rate) {
        return millis < 0 ? -1 : millis * rate / 1000;
    }

    private static String plural(int channels) {
        return channels == 1 ? "1 channel" : channels + " channels";
    }

    private static Track audioTrack(byte[] tracks, String container) throws IOException {
        String firstOther = null;
        for (Element entry : Element.children(tracks, 0, tracks.length)) {
            if (entry.id != TRACK_ENTRY) {
                continue;
            }
            long number = -1;
            long type = -1;
            String codecId = "";
            byte[] codecPrivate = null;
            long delay = 0;
            double rate = 8000;
            int channels = 1;
            boolean encrypted = false;
            for (Element e : Element.children(tracks, entry.start, entry.end)) {
                switch (e.id) {
                    case TRACK_NUMBER -> number = e.unsigned(tracks);
                    case TRACK_TYPE -> type = e.unsigned(tracks);
                    case CODEC_ID -> codecId = e.string(tracks);
                    case CODEC_PRIVATE -> codecPrivate = java.util.Arrays.copyOfRange(tracks, e.start, e.end);
                    case CODEC_DELAY -> delay = e.unsigned(tracks);
                    case AUDIO -> {
                        for (Element a : Element.children(tracks, e.start, e.end)) {
                            if (a.id == SAMPLING_FREQUENCY) {
                                rate = a.floating(tracks);
                            } else if (a.id == CHANNELS) {
                                channels = (int) Math.min(255, a.unsigned(tracks));
                            }
                        }
                    }
                    case CONTENT_ENCODINGS -> encrypted = contains(tracks, e, CONTENT_ENCRYPTION);
                    default -> {
                    }
                }
            }
            if (type != 2) {
                continue;
            }
            Codec codec = switch (codecId) {
                case "A_OPUS" -> Codec.OPUS;
                case "A_VORBIS" -> Codec.VORBIS;
                default -> codecId.startsWith("A_AAC") ? Codec.AAC : null;
            };
            if (codec != null && encrypted) {
                throw new UnsupportedCodecException("its " + codecName(codecId) + " audio is encrypted (DRM); "
                        + "SonicSight cannot decode protected audio");
            }
            if (codec != null) {
                if (codec == Codec.AAC && codecPrivate == null) {
                    throw new UnsupportedCodecException("it is AAC without its configuration (" + codecId + ")");
                }
                return new Track(number, codec, codecPrivate, delay, rate, channels);
            }
            if (firstOther == null) {
                firstOther = codecName(codecId);
            }
        }
        if (firstOther != null) {
            throw new UnsupportedCodecException("it is a " + container + " file with " + firstOther
                    + " audio, which SonicSight does not decode (in " + container + " it reads Opus, Vorbis and AAC)");
        }
        throw new UnsupportedCodecException("it is a " + container + " file without an audio track");
    }

    private static boolean contains(byte[] data, Element parent, int id) throws IOException {
        for (Element e : Element.children(data, parent.start, parent.end)) {
            if (e.id == id || (e.end - e.start > 0 && e.id != 0xEC && contains(data, e, id))) {
                return true;
            }
        }
        return false;
    }

    static String codecName(String codecId) {
        return switch (codecId) {
            case "A_MPEG/L3" -> "MP3";
            case "A_MPEG/L2" -> "MPEG Layer II";
            case "A_FLAC" -> "FLAC";
            case "A_AC3" -> "AC-3 (Dolby Digital)";
            case "A_EAC3" -> "E-AC-3 (Dolby Digital Plus)";
            case "A_DTS" -> "DTS";
            case "A_TRUEHD" -> "Dolby TrueHD";
            case "A_ALAC" -> "ALAC (Apple Lossless)";
            case "A_OPUS" -> "Opus";
            case "A_VORBIS" -> "Vorbis";
            default -> codecId.startsWith("A_AAC") ? "AAC" : codecId.startsWith("A_PCM") ? "PCM (" + codecId + ")"
                    : codecId.isEmpty() ? "an unnamed codec" : codecId.toLowerCase(Locale.ROOT).startsWith("a_")
                    ? codecId.substring(2) : codecId;
        };
    }

    @Override
    protected boolean decodeNext() throws IOException {
        while (true) {
            int id = in.readId();
            if (id == -1) {
                return false;
            }
            long size;
            try {
                size = in.readSize();
            } catch (EOFException e) {
                return false;
            }
            if (id == SEGMENT || id == CLUSTER) {
                continue; // descend: blocks are read as they come, whatever the cluster's size says
            }
            if (size < 0) {
                throw new IOException("an element of unknown size inside a cluster");
            }
            if (id == SIMPLE_BLOCK) {
                if (readBlock(size) && decodeBlock(0)) {
                    return true;
                }
            } else if (id == BLOCK_GROUP) {
                if (size > MAX_ELEMENT) {
                    throw new IOException("a block group of " + size + " bytes");
                }
                byte[] group = in.readBody(size, "BlockGroup");
                long discard = 0;
                Element blockElement = null;
                for (Element e : Element.children(group, 0, group.length)) {
                    if (e.id == BLOCK) {
                        blockElement = e;
                    } else if (e.id == DISCARD_PADDING) {
                        discard = e.signed(group);
                    }
                }
                if (blockElement != null) {
                    int length = blockElement.end - blockElement.start;
                    block = grow(block, length);
                    System.arraycopy(group, blockElement.start, block, 0, length);
                    if (ourTrack(length) && decodeBlock(discard)) {
                        return true;
                    }
                }
            } else {
                in.skip(size);
            }
        }
    }

    private int blockLength;

    /** Reads a SimpleBlock's bytes when it belongs to our track; skips it otherwise. */
    private boolean readBlock(long size) throws IOException {
        if (size > MAX_ELEMENT) {
            throw new IOException("a block of " + size + " bytes");
        }
        block = grow(block, (int) size);
        int n = in.readFully(block, (int) size);
        if (n < size) {
            return false; // cut off by the end of the file (a recording that stopped mid-write)
        }
        return ourTrack((int) size);
    }

    private boolean ourTrack(int length) throws IOException {
        blockLength = length;
        if (length < 4) {
            throw new IOException("a block of " + length + " bytes");
        }
        int first = block[0] & 0xFF;
        int width = Integer.numberOfLeadingZeros(first) - 23;
        if (first == 0 || width > 8 || width >= length) {
            throw new IOException("a block with a broken track number");
        }
        long number = first & (0xFF >> width);
        for (int i = 1; i < width; i++) {
            number = number << 8 | (block[i] & 0xFF);
        }
        laceStart = width + 3;
        return number == trackNumber && laceStart <= length;
    }

    private int laceStart;

    /** Decodes the frames of the block in {@link #block}; false when it held none. */
    private boolean decodeBlock(long discardPaddingNs) throws IOException {
        int flags = block[laceStart - 1] & 0xFF;
        int lacing = (flags >> 1) & 3;
        int pos = laceStart;
        int count = 1;
        if (lacing != 0) {
            if (pos >= blockLength) {
                throw new IOException("a laced block without its frame count");
            }
            count = (block[pos++] & 0xFF) + 1;
        }
        int dataLength;
        if (lacing == 0) {
            laceSizes[0] = blockLength - pos;
        } else if (lacing == 1) { // Xiph
            int sum = 0;
            for (int i = 0; i < count - 1; i++) {
                int size = 0;
                int b;
                do {
                    if (pos >= blockLength) {
                        throw new IOException("a block's lace sizes are cut short");
                    }
                    b = block[pos++] & 0xFF;
                    size += b;
                } while (b == 255);
                laceSizes[i] = size;
                sum += size;
            }
            laceSizes[count - 1] = blockLength - pos - sum;
        } else if (lacing == 3) { // EBML
            long[] read = new long[2];
            readVint(pos, read);
            pos = (int) read[1];
            laceSizes[0] = (int) read[0];
            long sum = laceSizes[0];
            for (int i = 1; i < count - 1; i++) {
                readVint(pos, read);
                int width = (int) (read[1] - pos);
                long bias = (1L << (7 * width - 1)) - 1;
                pos = (int) read[1];
                laceSizes[i] = (int) (laceSizes[i - 1] + read[0] - bias);
                sum += laceSizes[i];
            }
            laceSizes[count - 1] = (int) (blockLength - pos - sum);
        } else { // fixed
            int each = (blockLength - pos) / count;
            for (int i = 0; i < count; i++) {
                laceSizes[i] = each;
            }
        }
        dataLength = blockLength - pos;
        int total = 0;
        for (int i = 0; i < count; i++) {
            if (laceSizes[i] < 0) {
                throw new IOException("a block's lace sizes do not add up");
            }
            total += laceSizes[i];
        }
        if (total > dataLength) {
            throw new IOException("a block's lace sizes do not add up");
        }
        int frames = 0;
        for (int i = 0; i < count; i++) {
            int size = laceSizes[i];
            if (size > 0) {
                frames += switch (codec) {
                    case OPUS -> opus.decode(block, pos, size, this);
                    case VORBIS -> {
                        vorbis.decode(block, pos, size, this);
                        yield 1;
                    }
                    case AAC -> aac.decode(java.util.Arrays.copyOfRange(block, pos, pos + size), this);
                };
            }
            pos += size;
        }
        if (discardPaddingNs > 0) {
            dropTail((int) Math.round(discardPaddingNs * (double) sampleRate() / 1e9));
        }
        return frames > 0;
    }

    private void readVint(int pos, long[] out) throws IOException {
        if (pos >= blockLength) {
            throw new IOException("a block's lace sizes are cut short");
        }
        int first = block[pos] & 0xFF;
        int width = Integer.numberOfLeadingZeros(first) - 23;
        if (first == 0 || pos + width > blockLength) {
            throw new IOException("a block's lace sizes are broken");
        }
        long value = first & (0xFF >> width);
        for (int i = 1; i < width; i++) {
            value = value << 8 | (block[pos + i] & 0xFF);
        }
        out[0] = value;
        out[1] = pos + width;
    }

    @Override
    protected void closeSource() throws IOException {
        if (aac != null) {
            aac.reportConcealed(sourceDescription());
        }
        in.close();
    }

    /** EBML element reading from a stream. */
    private static final class Input implements AutoCloseable {
        private final InputStream in;

        Input(InputStream in) {
            this.in = in;
        }

        /** An element ID with its marker bits, or -1 at the end of the file. */
        int readId() throws IOException {
            int first = in.read();
            if (first < 0) {
                return -1;
            }
            int width = Integer.numberOfLeadingZeros(first) - 23;
            if (first == 0 || width > 4) {
                throw new IOException("a broken element ID (byte 0x" + Integer.toHexString(first) + ")");
            }
            int id = first;
            for (int i = 1; i < width; i++) {
                int b = in.read();
                if (b < 0) {
                    return -1;
                }
                id = id << 8 | b;
            }
            return id;
        }

        /** An element size, or -1 for "unknown" (all value bits set). */
        long readSize() throws IOException {
            int first = in.read();
            if (first < 0) {
                throw new EOFException("the file ends inside an element header");
            }
            int width = Integer.numberOfLeadingZeros(first) - 23;
            if (first == 0) {
                throw new IOException("a broken element size");
            }
            long value = first & (0xFF >> width);
            boolean allOnes = value == (0xFF >> width);
            for (int i = 1; i < width; i++) {
                int b = in.read();
                if (b < 0) {
                    throw new EOFException("the file ends inside an element header");
                }
                value = value << 8 | b;
                allOnes &= b == 0xFF;
            }
            return allOnes ? -1 : value;
        }

        byte[] readBody(long size, String what) throws IOException {
            if (size < 0 || size > MAX_ELEMENT) {
                throw new IOException("its " + what + " element declares " + (size < 0 ? "no" : size + " bytes of")
                        + " size");
            }
            byte[] body = in.readNBytes((int) size);
            if (body.length < size) {
                throw new EOFException("the file ends inside its " + what + " element");
            }
            return body;
        }

        int readFully(byte[] into, int size) throws IOException {
            return in.readNBytes(into, 0, size);
        }

        void skip(long size) throws IOException {
            if (size < 0) {
                throw new IOException("an element of unknown size where a size is needed");
            }
            long left = size;
            while (left > 0) {
                long n = in.skip(left);
                if (n <= 0) {
                    if (in.read() < 0) {
                        return; // the end of the file: nothing more to skip
                    }
                    n = 1;
                }
                left -= n;
            }
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }

    /** An element inside a byte array: its ID and where its data lies. */
    private record Element(int id, int start, int end) {

        static java.util.List<Element> children(byte[] b, int from, int to) throws IOException {
            java.util.List<Element> out = new java.util.ArrayList<>();
            int pos = from;
            while (pos < to) {
                int first = b[pos] & 0xFF;
                int width = Integer.numberOfLeadingZeros(first) - 23;
                if (first == 0 || width > 4 || pos + width > to) {
                    throw new IOException("a broken element inside a header");
                }
                int id = 0;
                for (int i = 0; i < width; i++) {
                    id = id << 8 | (b[pos + i] & 0xFF);
                }
                pos += width;
                if (pos >= to) {
                    throw new IOException("a header element is cut short");
                }
                first = b[pos] & 0xFF;
                width = Integer.numberOfLeadingZeros(first) - 23;
                if (first == 0 || pos + width > to) {
                    throw new IOException("a broken element size inside a header");
                }
                long size = first & (0xFF >> width);
                for (int i = 1; i < width; i++) {
                    size = size << 8 | (b[pos + i] & 0xFF);
                }
                pos += width;
                if (size > to - pos) {
                    throw new IOException("a header element runs past its parent");
                }
                out.add(new Element(id, pos, pos + (int) size));
                pos += (int) size;
            }
            return out;
        }

        long unsigned(byte[] b) {
            long v = 0;
            for (int i = start; i < end && i < start + 8; i++) {
                v = v << 8 | (b[i] & 0xFF);
            }
            return v;
        }

        long signed(byte[] b) {
            if (end == start) {
                return 0;
            }
            long v = b[start];
            for (int i = start + 1; i < end && i < start + 8; i++) {
                v = v << 8 | (b[i] & 0xFF);
            }
            return v;
        }

        double floating(byte[] b) {
            long bits = unsigned(b);
            return end - start == 4 ? Float.intBitsToFloat((int) bits) : Double.longBitsToDouble(bits);
        }

        String string(byte[] b) {
            int stop = start;
            while (stop < end && b[stop] != 0) {
                stop++;
            }
            return new String(b, start, stop - start, StandardCharsets.UTF_8);
        }
    }
}
