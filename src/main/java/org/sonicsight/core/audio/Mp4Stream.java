package org.sonicsight.core.audio;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The first audio track of an MP4/M4A/MOV file (ISO base media file format):
 * AAC (phone voice memos, the sound of a video clip) and Opus. The sample
 * tables are read from the {@code moov} box (a few bytes per packet, so an
 * hour is about a megabyte); packets are then read one at a time from where
 * the tables say, so memory does not grow with the file. Fragmented files
 * ({@code moof} boxes, as browsers record them) are read fragment by
 * fragment. The edit list's start and length drop the encoder's priming and
 * padding, so the sample count is the one the file declares.
 */
final class Mp4Stream extends PacketStream {

    /** Largest moov box we hold in memory (sample tables of many hours). */
    private static final long MAX_MOOV = 64L << 20;
    /** Largest moof box (one fragment's sample table). */
    private static final long MAX_MOOF = 16L << 20;

    private enum Codec { AAC, OPUS }

    /** What the moov box says about the audio track. */
    private static final class Track {
        long id;
        long movieTimescale = 1000;
        long mediaTimescale;
        String format;
        Codec codec;
        byte[] config;
        int objectType = -1;
        int channels;
        long editStart = -1;
        long editDuration = -1;
        boolean multipleEdits;
        // sample tables (non-fragmented)
        int sampleCount;
        int constantSize;
        int[] sizes;
        long[] chunkOffsets;
        long[] stscFirstChunk;
        long[] stscSamplesPerChunk;
        // fragment defaults (trex)
        long defaultSize;
        boolean fragmented;
        String original;
    }

    private final FileChannel channel;
    private final Track track;
    private final AacPackets aac;
    private final OpusPackets opus;
    private byte[] sample = new byte[4096];
    private final ByteBuffer header = ByteBuffer.allocate(16);
    // position in the sample tables
    private int sampleIndex;
    private int chunk;
    private int stscEntry;
    private long leftInChunk;
    private long offset;
    // fragments
    private long scanPosition;
    private final List<long[]> fragmentSamples = new ArrayList<>();
    private int fragmentIndex;

    private Mp4Stream(FileChannel channel, Track track, AacPackets aac, OpusPackets opus, int rate, String description,
                      long moovEnd) {
        super(rate, 0, -1, description);
        this.channel = channel;
        this.track = track;
        this.aac = aac;
        this.opus = opus;
        this.scanPosition = moovEnd;
    }

    static Mp4Stream open(Path file) throws IOException {
        FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
        try {
            long size = channel.size();
            long pos = 0;
            byte[] moov = null;
            long moovEnd = 0;
            ByteBuffer head = ByteBuffer.allocate(16);
            while (pos + 8 <= size) {
                long[] box = boxHeader(channel, pos, size, head);
                if (box == null) {
                    break;
                }
                String type = typeName((int) box[1]);
                if (type.equals("moov")) {
                    long length = box[0] - box[2];
                    if (length > MAX_MOOV) {
                        throw new IOException("its moov box declares " + length + " bytes");
                    }
                    moov = new byte[(int) length];
                    readFully(channel, pos + box[2], moov);
                    moovEnd = pos + box[0];
                    break;
                }
                pos += box[0];
            }
            if (moov == null) {
                throw new IOException("it has no moov box (the index of its audio): not a finished MP4 file");
            }
            Track track = audioTrack(moov);
            String brand = brand(channel);
            String container = brand.startsWith("qt") ? "QuickTime" : brand.startsWith("M4A") ? "M4A" : "MP4";
            String channelsText = track.channels == 1 ? "1 channel" : track.channels + " channels";
            Mp4Stream stream;
            if (track.codec == Codec.AAC) {
                AacPackets aac = new AacPackets(track.config);
                channelsText = aac.channels() == 1 ? "1 channel" : aac.channels() + " channels";
                stream = new Mp4Stream(channel, track, aac, null, aac.rate(),
                        container + ", AAC (" + aac.profile() + "), " + aac.rate() + " Hz, " + channelsText, moovEnd);
            } else {
                OpusPackets.Head h = OpusPackets.parseHead(track.config, 0, track.config.length);
                stream = new Mp4Stream(channel, track, null, new OpusPackets(h), OpusPackets.RATE,
                        container + ", Opus, 48000 Hz, " + channelsText, moovEnd);
                if (track.editStart < 0) {
                    track.editStart = h.preSkip() * track.mediaTimescale / OpusPackets.RATE;
                }
            }
            stream.startTrim();
            return stream;
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** Decodes the first packet (HE-AAC says its output rate there), then sets the edit list's trimming. */
    private void startTrim() throws IOException {
        decodeNext();
        int rate = sampleRate();
        long timescale = track.mediaTimescale > 0 ? track.mediaTimescale : rate;
        long skip = track.editStart > 0 ? Math.round(track.editStart * (double) rate / timescale) : 0;
        long total = -1;
        if (track.editDuration >= 0 && !track.multipleEdits && track.movieTimescale > 0) {
            total = Math.round(track.editDuration * (double) rate / track.movieTimescale);
        }
        setTrim(skip, total);
    }

    private static String brand(FileChannel channel) throws IOException {
        byte[] b = new byte[12];
        if (channel.size() < 12) {
            return "";
        }
        readFully(channel, 0, b);
        return Bytes.fourCc(b, 4).equals("ftyp") ? Bytes.fourCc(b, 8) : "";
    }

    /** {size, type, header length} of the box at {@code pos}, or null when it does not fit. */
    private static long[] boxHeader(FileChannel channel, long pos, long end, ByteBuffer head) throws IOException {
        head.clear().limit(8);
        if (channel.read(head, pos) < 8) {
            return null;
        }
        long size = head.getInt(0) & 0xFFFFFFFFL;
        int type = head.getInt(4);
        int headerLength = 8;
        if (size == 1) {
            head.clear().limit(16);
            if (channel.read(head, pos) < 16) {
                return null;
            }
            size = head.getLong(8);
            headerLength = 16;
        } else if (size == 0) {
            size = end - pos;
        }
        if (size < headerLength) {
            throw new IOException("a box of " + size + " bytes at offset " + pos);
        }
        if (pos + size > end) {
            size = end - pos; // the last box of a file cut short: read what is there
        }
        return new long[] {size, type, headerLength};
    }

    private static String typeName(int type) {
        byte[] b = {(byte) (type >> 24), (byte) (type >> 16), (byte) (type >> 8), (byte) type};
        return Bytes.fourCc(b, 0);
    }

    /** Boxes inside a byte array: {type, start of data, end}. */
    private static List<int[]> boxes(byte[] b, int from, int to) throws IOException {
        List<int[]> out = new ArrayList<>();
        int pos = from;
        while (pos + 8 <= to) {
            long size = Bytes.be32(b, pos);
            int headerLength = 8;
            if (size == 1) {
                if (pos + 16 > to) {
                    throw new IOException("a box header is cut short");
                }
                size = Bytes.be64(b, pos + 8);
                headerLength = 16;
            } else if (size == 0) {
                size = to - pos;
            }
            if (size < headerLength || size > to - pos) {
                throw new IOException("a box runs past its parent (" + Bytes.fourCc(b, pos + 4) + ")");
            }
            out.add(new int[] {(int) Bytes.be32(b, pos + 4), pos + headerLength, pos + (int) size});
            pos += (int) size;
        }
        return out;
    }

    private static int[] child(byte[] b, int[] parent, String type) throws IOException {
        return child(b, parent[1], parent[2], type);
    }

    private static int[] child(byte[] b, int from, int to, String type) throws IOException {
        for (int[] box : boxes(b, from, to)) {
            if (typeName(box[0]).equals(type)) {
                return box;
            }
        }
        return null;
    }

    private static Track audioTrack(byte[] moov) throws IOException {
        long movieTimescale = 1000;
        int[] mvhd = child(moov, 0, moov.length, "mvhd");
        if (mvhd != null && mvhd[2] - mvhd[1] >= 24) {
            movieTimescale = Bytes.be32(moov, mvhd[1] + ((moov[mvhd[1]] & 0xFF) == 1 ? 20 : 12));
        }
        boolean fragmented = child(moov, 0, moov.length, "mvex") != null;
        String other = null;
        for (int[] trak : boxes(moov, 0, moov.length)) {
            if (!typeName(trak[0]).equals("trak")) {
                continue;
            }
            int[] mdia = child(moov, trak, "mdia");
            int[] hdlr = mdia == null ? null : child(moov, mdia, "hdlr");
            if (hdlr == null || hdlr[2] - hdlr[1] < 12 || !Bytes.fourCc(moov, hdlr[1] + 8).equals("soun")) {
                continue;
            }
            Track t = new Track();
            t.movieTimescale = movieTimescale;
            t.fragmented = fragmented;
            int[] tkhd = child(moov, trak, "tkhd");
            if (tkhd != null && tkhd[2] - tkhd[1] >= 24) {
                t.id = Bytes.be32(moov, tkhd[1] + ((moov[tkhd[1]] & 0xFF) == 1 ? 20 : 12));
            }
            int[] mdhd = child(moov, mdia, "mdhd");
            if (mdhd != null && mdhd[2] - mdhd[1] >= 24) {
                t.mediaTimescale = Bytes.be32(moov, mdhd[1] + ((moov[mdhd[1]] & 0xFF) == 1 ? 20 : 12));
            }
            int[] edts = child(moov, trak, "edts");
            int[] elst = edts == null ? null : child(moov, edts, "elst");
            if (elst != null) {
                readEditList(moov, elst, t);
            }
            int[] minf = child(moov, mdia, "minf");
            int[] stbl = minf == null ? null : child(moov, minf, "stbl");
            int[] stsd = stbl == null ? null : child(moov, stbl, "stsd");
            if (stsd == null || stsd[2] - stsd[1] < 16) {
                throw new IOException("its audio track has no sample description");
            }
            int[] entry = boxes(moov, stsd[1] + 8, stsd[2]).stream().findFirst().orElse(null);
            if (entry == null) {
                throw new IOException("its audio track has no sample description");
            }
            describeEntry(moov, entry, t);
            if (t.codec == null) {
                if (other == null) {
                    other = codecName(t);
                }
                continue;
            }
            if (fragmented) {
                readTrex(moov, t);
            }
            readSampleTables(moov, stbl, t);
            return t;
        }
        if (other != null) {
            throw new UnsupportedCodecException(other);
        }
        throw new UnsupportedCodecException("it is an MP4 file without an audio track");
    }

    private static void readEditList(byte[] b, int[] elst, Track t) {
        int p = elst[1];
        if (elst[2] - p < 8) {
            return;
        }
        boolean v1 = (b[p] & 0xFF) == 1;
        long count = Bytes.be32(b, p + 4);
        p += 8;
        int entrySize = v1 ? 20 : 12;
        int normal = 0;
        for (long i = 0; i < count && p + entrySize <= elst[2]; i++, p += entrySize) {
            long duration = v1 ? Bytes.be64(b, p) : Bytes.be32(b, p);
            long mediaTime = v1 ? Bytes.be64(b, p + 8) : (int) Bytes.be32(b, p + 4);
            if (mediaTime < 0) {
                continue; // an empty edit: leading silence in a movie; the audio itself starts at the next one
            }
            if (normal++ == 0) {
                t.editStart = mediaTime;
                t.editDuration = duration;
            } else {
                t.multipleEdits = true;
            }
        }
    }

    private static void describeEntry(byte[] b, int[] entry, Track t) throws IOException {
        t.format = typeName(entry[0]);
        int p = entry[1];
        if (entry[2] - p < 28) {
            throw new IOException("its audio sample description is cut short");
        }
        int version = Bytes.be16(b, p + 8);
        t.channels = Bytes.be16(b, p + 16);
        int children = p + 28 + (version == 1 ? 16 : version == 2 ? 36 : 0);
        children = Math.min(children, entry[2]);
        switch (t.format) {
            case "enca", "drms", "drmi" -> {
                int[] sinf = child(b, children, entry[2], "sinf");
                int[] frma = sinf == null ? null : child(b, sinf, "frma");
                t.original = frma != null && frma[2] - frma[1] >= 4 ? Bytes.fourCc(b, frma[1]) : "mp4a";
            }
            case "mp4a" -> {
                int[] esds = find(b, children, entry[2], "esds", 2);
                if (esds == null) {
                    throw new IOException("its AAC track has no decoder configuration (esds)");
                }
                readEsds(b, esds, t);
                if (t.objectType == 0x40 || t.objectType == 0x66 || t.objectType == 0x67 || t.objectType == 0x68) {
                    t.codec = Codec.AAC;
                    if (t.config == null) {
                        throw new IOException("its AAC track has no AudioSpecificConfig");
                    }
                }
            }
            case "Opus" -> {
                int[] dops = child(b, children, entry[2], "dOps");
                if (dops == null || dops[2] - dops[1] < 11) {
                    throw new IOException("its Opus track has no dOps box");
                }
                t.codec = Codec.OPUS;
                t.config = opusHeadFromDops(b, dops[1], dops[2]);
            }
            default -> {
            }
        }
    }

    /** Finds a box by type among the children, looking one level into QuickTime's 'wave' box. */
    private static int[] find(byte[] b, int from, int to, String type, int depth) throws IOException {
        for (int[] box : boxes(b, from, to)) {
            String name = typeName(box[0]);
            if (name.equals(type)) {
                return box;
            }
            if (depth > 0 && name.equals("wave")) {
                int[] inner = find(b, box[1], box[2], type, depth - 1);
                if (inner != null) {
                    return inner;
                }
            }
        }
        return null;
    }

    /** ES_Descriptor → DecoderConfigDescriptor (object type) → DecoderSpecificInfo (AudioSpecificConfig). */
    private static void readEsds(byte[] b, int[] esds, Track t) throws IOException {
        int p = esds[1] + 4;
        int end = esds[2];
        while (p < end) {
            int tag = b[p++] & 0xFF;
            int length = 0;
            for (int i = 0; i < 4 && p < end; i++) {
                int v = b[p++] & 0xFF;
                length = length << 7 | (v & 0x7F);
                if ((v & 0x80) == 0) {
                    break;
                }
            }
            if (length > end - p) {
                throw new IOException("its esds box is broken");
            }
            switch (tag) {
                case 3 -> { // ES_Descriptor: descend after its fixed fields
                    if (length < 3) {
                        throw new IOException("its esds box is broken");
                    }
                    int flags = b[p + 2] & 0xFF;
                    int skip = 3;
                    if ((flags & 0x80) != 0) {
                        skip += 2;
                    }
                    if ((flags & 0x40) != 0) {
                        skip += 1 + (p + skip < end ? b[p + skip] & 0xFF : 0);
                    }
                    if ((flags & 0x20) != 0) {
                        skip += 2;
                    }
                    end = p + length;
                    p += skip;
                }
                case 4 -> { // DecoderConfigDescriptor: 13 fixed bytes, then its children
                    if (length < 13) {
                        throw new IOException("its esds box is broken");
                    }
                    t.objectType = b[p] & 0xFF;
                    end = p + length;
                    p += 13;
                }
                case 5 -> {
                    t.config = java.util.Arrays.copyOfRange(b, p, p + length);
                    return;
                }
                default -> p += length;
            }
        }
    }

    /** Turns MP4's dOps box (big-endian) into an OpusHead (little-endian). */
    private static byte[] opusHeadFromDops(byte[] b, int p, int end) {
        int family = b[p + 10] & 0xFF;
        int channels = b[p + 1] & 0xFF;
        int extra = family == 0 ? 0 : 2 + channels;
        byte[] head = new byte[19 + extra];
        byte[] magic = "OpusHead".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        System.arraycopy(magic, 0, head, 0, 8);
        head[8] = 1;
        head[9] = (byte) channels;
        head[10] = b[p + 3];
        head[11] = b[p + 2];
        head[12] = b[p + 7];
        head[13] = b[p + 6];
        head[14] = b[p + 5];
        head[15] = b[p + 4];
        head[16] = b[p + 9];
        head[17] = b[p + 8];
        head[18] = (byte) family;
        if (extra > 0 && p + 11 + extra <= end) {
            System.arraycopy(b, p + 11, head, 19, extra);
        }
        return head;
    }

    private static String codecName(Track t) {
        String what = switch (t.format) {
            case "enca", "drms", "drmi" -> null;
            case "mp4a" -> t.objectType == 0x69 || t.objectType == 0x6B ? "MP3"
                    : String.format(Locale.ROOT, "MPEG-4 audio of object type 0x%02X", t.objectType);
            case "alac" -> "ALAC (Apple Lossless)";
            case "ac-3" -> "AC-3 (Dolby Digital)";
            case "ec-3" -> "E-AC-3 (Dolby Digital Plus)";
            case "ac-4" -> "AC-4";
            case "fLaC" -> "FLAC";
            case "samr" -> "AMR-NB";
            case "sawb" -> "AMR-WB";
            case "mha1", "mhm1" -> "MPEG-H 3D audio";
            case ".mp3", "mp3 " -> "MP3";
            case "sowt", "twos", "lpcm", "ipcm", "fpcm", "in24", "in32", "fl32", "fl64", "raw " -> "uncompressed PCM ("
                    + t.format.trim() + ")";
            default -> "the \"" + t.format + "\" codec";
        };
        if (what == null) {
            return "its audio (" + (t.original == null ? "AAC" : t.original) + ") is encrypted (DRM, e.g. a "
                    + "protected iTunes or streaming purchase); SonicSight cannot decode protected audio";
        }
        return "it is an MP4 file with " + what + " audio, which SonicSight does not decode (in MP4 it reads AAC "
                + "and Opus)";
    }

    private static void readTrex(byte[] moov, Track t) throws IOException {
        int[] mvex = child(moov, 0, moov.length, "mvex");
        for (int[] box : boxes(moov, mvex[1], mvex[2])) {
            if (typeName(box[0]).equals("trex") && box[2] - box[1] >= 24 && Bytes.be32(moov, box[1] + 4) == t.id) {
                t.defaultSize = Bytes.be32(moov, box[1] + 16);
            }
        }
    }

    private static void readSampleTables(byte[] b, int[] stbl, Track t) throws IOException {
        int[] stsz = child(b, stbl, "stsz");
        if (stsz != null && stsz[2] - stsz[1] >= 12) {
            t.constantSize = (int) Bytes.be32(b, stsz[1] + 4);
            long count = Bytes.be32(b, stsz[1] + 8);
            if (t.constantSize == 0 && count * 4 > stsz[2] - stsz[1] - 12) {
                throw new IOException("its sample size table declares " + count + " samples it does not hold");
            }
            if (t.constantSize < 0 || count > Integer.MAX_VALUE) {
                throw new IOException("its sample size table is broken");
            }
            t.sampleCount = (int) count;
            if (t.constantSize == 0) {
                t.sizes = new int[t.sampleCount];
                for (int i = 0; i < t.sampleCount; i++) {
                    t.sizes[i] = (int) Bytes.be32(b, stsz[1] + 12 + 4 * i);
                }
            }
        }
        int[] stco = child(b, stbl, "stco");
        int[] co64 = child(b, stbl, "co64");
        int[] offsets = stco != null ? stco : co64;
        if (offsets != null && offsets[2] - offsets[1] >= 8) {
            long count = Bytes.be32(b, offsets[1] + 4);
            int width = stco != null ? 4 : 8;
            if (count * width > offsets[2] - offsets[1] - 8) {
                throw new IOException("its chunk offset table declares " + count + " chunks it does not hold");
            }
            t.chunkOffsets = new long[(int) count];
            for (int i = 0; i < count; i++) {
                int at = offsets[1] + 8 + width * i;
                t.chunkOffsets[i] = width == 4 ? Bytes.be32(b, at) : Bytes.be64(b, at);
            }
        }
        int[] stsc = child(b, stbl, "stsc");
        if (stsc != null && stsc[2] - stsc[1] >= 8) {
            long count = Bytes.be32(b, stsc[1] + 4);
            if (count * 12 > stsc[2] - stsc[1] - 8) {
                throw new IOException("its sample-to-chunk table declares " + count + " entries it does not hold");
            }
            t.stscFirstChunk = new long[(int) count];
            t.stscSamplesPerChunk = new long[(int) count];
            for (int i = 0; i < count; i++) {
                int at = stsc[1] + 8 + 12 * i;
                t.stscFirstChunk[i] = Bytes.be32(b, at);
                t.stscSamplesPerChunk[i] = Bytes.be32(b, at + 4);
            }
        }
        if (t.sampleCount > 0 && (t.chunkOffsets == null || t.stscFirstChunk == null
                || t.stscFirstChunk.length == 0)) {
            throw new IOException("its audio track has samples but no chunk table");
        }
    }

    @Override
    protected boolean decodeNext() throws IOException {
        while (true) {
            long[] next = nextSample();
            if (next == null) {
                return false;
            }
            long size = next[1];
            if (size > MAX_PACKET) {
                throw new IOException("a packet of " + size + " bytes");
            }
            if (size == 0) {
                continue;
            }
            sample = grow(sample, (int) size);
            ByteBuffer buffer = ByteBuffer.wrap(sample, 0, (int) size);
            long at = next[0];
            while (buffer.hasRemaining()) {
                int n = channel.read(buffer, at + buffer.position());
                if (n < 0) {
                    return false; // the file was cut short: the audio before stands
                }
            }
            if (aac != null) {
                aac.decode(size == sample.length ? sample : java.util.Arrays.copyOf(sample, (int) size), this);
            } else {
                opus.decode(sample, 0, (int) size, this);
            }
            return true;
        }
    }

    @Override
    protected long jumpPackets(long rawSamples) throws IOException {
        if (aac == null || track.fragmented || sampleIndex >= track.sampleCount || sampleIndex == 0) {
            return 0; // fragments are listed as they come; the first packet sets the rate (startTrim)
        }
        long perPacket = aac.samplesPerPacket();
        long packets = rawSamples / perPacket - 1; // the packet before the target is decoded, for the overlap
        int target = (int) Math.min(track.sampleCount - 1L, sampleIndex + Math.max(0, packets));
        if (target <= sampleIndex) {
            return 0;
        }
        int first = 0;
        int c = 0;
        int entry = 0;
        long per;
        while (true) {
            while (entry + 1 < track.stscFirstChunk.length && c + 1 >= track.stscFirstChunk[entry + 1]) {
                entry++;
            }
            if (c >= track.chunkOffsets.length) {
                throw new IOException("its sample table runs past its chunk table");
            }
            per = track.stscSamplesPerChunk[entry];
            if (per <= 0) {
                throw new IOException("its sample-to-chunk table has an empty chunk");
            }
            if (first + per > target) {
                break;
            }
            first += (int) per;
            c++;
        }
        long at = track.chunkOffsets[c];
        for (int i = first; i < target; i++) {
            at += track.constantSize > 0 ? track.constantSize : track.sizes[i];
        }
        long jumped = (long) (target - sampleIndex) * perPacket;
        chunk = c;
        stscEntry = entry;
        leftInChunk = per - (target - first);
        offset = at;
        sampleIndex = target;
        return jumped;
    }

    /** {offset, size} of the next packet, or null at the end. */
    private long[] nextSample() throws IOException {
        if (sampleIndex < track.sampleCount) {
            if (leftInChunk == 0) {
                if (sampleIndex > 0) {
                    chunk++;
                }
                while (stscEntry + 1 < track.stscFirstChunk.length && chunk + 1 >= track.stscFirstChunk[stscEntry + 1]) {
                    stscEntry++;
                }
                if (chunk >= track.chunkOffsets.length) {
                    throw new IOException("its sample table runs past its chunk table");
                }
                leftInChunk = track.stscSamplesPerChunk[stscEntry];
                if (leftInChunk <= 0) {
                    throw new IOException("its sample-to-chunk table has an empty chunk");
                }
                offset = track.chunkOffsets[chunk];
            }
            long size = track.constantSize > 0 ? track.constantSize : track.sizes[sampleIndex];
            long[] result = {offset, size};
            offset += size;
            leftInChunk--;
            sampleIndex++;
            return result;
        }
        if (!track.fragmented) {
            return null;
        }
        while (fragmentIndex >= fragmentSamples.size()) {
            if (!readNextFragment()) {
                return null;
            }
        }
        return fragmentSamples.get(fragmentIndex++);
    }

    /** Scans forward to the next moof box and lists its samples of our track. */
    private boolean readNextFragment() throws IOException {
        fragmentSamples.clear();
        fragmentIndex = 0;
        long size = channel.size();
        while (scanPosition + 8 <= size) {
            long[] box = boxHeader(channel, scanPosition, size, header);
            if (box == null) {
                return false;
            }
            long start = scanPosition;
            scanPosition += box[0];
            if (!typeName((int) box[1]).equals("moof")) {
                continue;
            }
            long length = box[0] - box[2];
            if (length > MAX_MOOF) {
                throw new IOException("a moof box of " + length + " bytes");
            }
            byte[] moof = new byte[(int) length];
            readFully(channel, start + box[2], moof);
            listFragment(moof, start);
            return true;
        }
        return false;
    }

    private void listFragment(byte[] b, long moofStart) throws IOException {
        for (int[] traf : boxes(b, 0, b.length)) {
            if (!typeName(traf[0]).equals("traf")) {
                continue;
            }
            int[] tfhd = child(b, traf, "tfhd");
            if (tfhd == null || tfhd[2] - tfhd[1] < 8 || Bytes.be32(b, tfhd[1] + 4) != track.id) {
                continue;
            }
            long flags = Bytes.be32(b, tfhd[1]) & 0xFFFFFF;
            int p = tfhd[1] + 8;
            long base = moofStart;
            long defaultSize = track.defaultSize;
            if ((flags & 0x1) != 0) {
                base = Bytes.be64(b, p);
                p += 8;
            }
            if ((flags & 0x2) != 0) {
                p += 4;
            }
            if ((flags & 0x8) != 0) {
                p += 4;
            }
            if ((flags & 0x10) != 0 && p + 4 <= tfhd[2]) {
                defaultSize = Bytes.be32(b, p);
            }
            long dataEnd = base;
            boolean firstTrun = true;
            for (int[] trun : boxes(b, traf[1], traf[2])) {
                if (!typeName(trun[0]).equals("trun") || trun[2] - trun[1] < 8) {
                    continue;
                }
                long tflags = Bytes.be32(b, trun[1]) & 0xFFFFFF;
                long count = Bytes.be32(b, trun[1] + 4);
                int q = trun[1] + 8;
                long dataOffset = firstTrun ? base : dataEnd;
                if ((tflags & 0x1) != 0) {
                    dataOffset = base + (int) Bytes.be32(b, q);
                    q += 4;
                }
                firstTrun = false;
                if ((tflags & 0x4) != 0) {
                    q += 4;
                }
                int perSample = Long.bitCount(tflags & 0xF00) * 4;
                if (count * perSample > trun[2] - q) {
                    throw new IOException("a fragment's sample table declares " + count + " samples it does not hold");
                }
                long at = dataOffset;
                for (long i = 0; i < count; i++) {
                    long sampleSize = defaultSize;
                    int r = q;
                    if ((tflags & 0x100) != 0) {
                        r += 4;
                    }
                    if ((tflags & 0x200) != 0) {
                        sampleSize = Bytes.be32(b, r);
                    }
                    q += perSample;
                    fragmentSamples.add(new long[] {at, sampleSize});
                    at += sampleSize;
                }
                dataEnd = at;
            }
        }
    }

    private static void readFully(FileChannel channel, long position, byte[] into) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(into);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, position + buffer.position()) < 0) {
                throw new EOFException("the file ends inside a box");
            }
        }
    }

    @Override
    protected void closeSource() throws IOException {
        if (aac != null) {
            aac.reportConcealed(sourceDescription());
        }
        channel.close();
    }
}
