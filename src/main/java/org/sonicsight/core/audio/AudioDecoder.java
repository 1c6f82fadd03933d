package org.sonicsight.core.audio;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.UnsupportedAudioFileException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one way into audio files: WAV, AIFF, AU (JDK), FLAC, MP3 and Ogg Vorbis
 * (service providers on the classpath), Ogg Opus, MP4/M4A (AAC, Opus) and
 * WebM/Matroska (Opus, Vorbis, AAC) (our container readers with concentus,
 * JAAD and JOrbis), turned into a mono float stream at the requested rate.
 * Decoding is incremental, so memory does not grow with the file.
 */
public final class AudioDecoder {

    private static final Logger LOG = LoggerFactory.getLogger(AudioDecoder.class);

    /** Most channels a file may declare (WAV's channel masks name 18 speakers); more is a broken header. */
    static final int MAX_CHANNELS = 64;
    /** Highest sample rate a file may declare (768 kHz is the highest rate converters offer). */
    static final float MAX_SAMPLE_RATE = 768_000f;

    /** The formats a user can hand us, for messages. */
    public static final String SUPPORTED =
            "WAV, AIFF, AU, FLAC, MP3, Ogg (Vorbis, Opus), M4A/MP4 (AAC) or WebM/Matroska (Opus, Vorbis)";

    private AudioDecoder() {
    }

    /**
     * Opens {@code file} for streaming.
     *
     * @param targetRate output rate in Hz, or 0 to keep the file's own rate
     */
    public static SampleStream open(Path file, int targetRate) throws AudioInputException {
        checkReadable(file);
        Container container = sniff(file);
        if (container == Container.UNKNOWN) {
            throw new AudioInputException(AudioInputException.Kind.UNSUPPORTED_FORMAT,
                    file + " is not a supported audio file (expected " + SUPPORTED + ").");
        }
        if (container == Container.MP4 || container == Container.MATROSKA
                || (container == Container.OGG && rejectUndecodedOggCodec(file))) {
            return openPackets(file, container, targetRate);
        }
        if (container == Container.FLAC) {
            checkFlacMetadata(file);
        }
        AudioInputStream source;
        try {
            javax.sound.sampled.spi.AudioFileReader reader = readerFor(container);
            source = reader != null ? reader.getAudioInputStream(file.toFile()) : openWithJdkReaders(file);
        } catch (UnsupportedAudioFileException | EOFException | IllegalArgumentException e) {
            throw corrupt(file, container, e);
        } catch (java.nio.file.AccessDeniedException | java.io.FileNotFoundException e) {
            throw new AudioInputException(AudioInputException.Kind.UNREADABLE,
                    "Could not read " + file + ": " + e.getMessage(), e);
        } catch (IOException e) {
            // The file was readable a moment ago (checkReadable): an I/O error while a reader parses it is the
            // content's doing (a reader ran past its mark on a mangled header, found by fuzzing), not the disk's.
            throw corrupt(file, container, e);
        } catch (RuntimeException e) {
            // Third-party decoders sometimes fail with unchecked exceptions on bad headers.
            throw corrupt(file, container, e);
        } catch (OutOfMemoryError e) {
            // A reader allocating what a header declares: the allocation failed whole, nothing was kept, and
            // one bad upload must not end the server. The checks above catch the cases we know of.
            throw corrupt(file, container, new IOException("a header declares a size too large to be real"));
        }
        try {
            AudioInputStream pcm = toPcm(source, container);
            AudioFormat format = pcm.getFormat();
            // Bounds, not only signs: a header claiming 536 million channels (found by fuzzing) made the frame
            // size overflow and the reader spin for ever on zero-length reads.
            if (format.getChannels() < 1 || format.getChannels() > MAX_CHANNELS || !(format.getSampleRate() > 0)
                    || format.getSampleRate() > MAX_SAMPLE_RATE) {
                throw new AudioInputException(AudioInputException.Kind.CORRUPT,
                        file + " has an invalid header (" + format + ").");
            }
            int sourceRate = Math.round(format.getSampleRate());
            long frames = pcm.getFrameLength();
            String description = container.label + ", " + describe(source.getFormat());
            LOG.debug("Opened {}: {} (decoded as {}), {} frames", file, source.getFormat(), format, frames);
            // PCM straight from the JDK's readers (no conversion, no decoder in between) can skip by bytes.
            boolean rawPcm = pcm == source && (container == Container.WAV || container == Container.AIFF
                    || container == Container.AU);
            SampleStream stream = new DecodedStream(pcm, new PcmDecoder(format), rawPcm, sourceRate,
                    frames == AudioSystem.NOT_SPECIFIED ? -1 : frames, description);
            if (targetRate > 0 && targetRate != sourceRate) {
                stream = new ResampledStream(stream, targetRate);
            }
            return stream;
        } catch (AudioInputException e) {
            closeQuietly(source);
            throw e;
        } catch (RuntimeException e) {
            closeQuietly(source);
            throw new AudioInputException(AudioInputException.Kind.UNSUPPORTED_FORMAT,
                    file + " uses an audio encoding SonicSight cannot decode (" + source.getFormat().getEncoding()
                            + ").", e);
        }
    }

    /**
     * WAV, AIFF and AU through the JDK's own readers, found once. {@code AudioSystem.getAudioInputStream} looks
     * the providers up again on every call (reading every jar's service list) and offers the file to the class
     * path's readers first (Vorbis, MP3, AAC, FLAC each parse a WAV before the JDK's reader gets it): a few ms
     * per file, which a web server pays on every request. A file none of the JDK's readers takes still goes to
     * {@code AudioSystem}, so what fails, fails as before.
     */
    private static AudioInputStream openWithJdkReaders(Path file) throws UnsupportedAudioFileException, IOException {
        for (javax.sound.sampled.spi.AudioFileReader r : JdkReaders.LIST) {
            try {
                return r.getAudioInputStream(file.toFile());
            } catch (UnsupportedAudioFileException e) {
                // not this reader's format; the next one
            }
        }
        return AudioSystem.getAudioInputStream(file.toFile());
    }

    /** The JDK's own audio file readers (module java.desktop; they keep no state between files), looked up once. */
    private static final class JdkReaders {
        static final java.util.List<javax.sound.sampled.spi.AudioFileReader> LIST = java.util.ServiceLoader
                .load(javax.sound.sampled.spi.AudioFileReader.class).stream()
                .filter(p -> "java.desktop".equals(p.type().getModule().getName()))
                .filter(p -> !p.type().getName().contains("Midi"))
                .map(java.util.ServiceLoader.Provider::get)
                .map(javax.sound.sampled.spi.AudioFileReader.class::cast)
                .toList();
    }

    /** Opus, AAC and Vorbis outside Java Sound: our container readers feed the packet decoders. */
    private static SampleStream openPackets(Path file, Container container, int targetRate)
            throws AudioInputException {
        SampleStream stream;
        try {
            stream = switch (container) {
                case MP4 -> Mp4Stream.open(file);
                case MATROSKA -> MatroskaStream.open(file);
                default -> OggOpusStream.open(file);
            };
        } catch (UnsupportedCodecException e) {
            throw new AudioInputException(AudioInputException.Kind.UNSUPPORTED_FORMAT,
                    file + " is a valid file, but " + e.getMessage() + ".", e);
        } catch (java.nio.file.AccessDeniedException | java.nio.file.NoSuchFileException e) {
            throw new AudioInputException(AudioInputException.Kind.UNREADABLE,
                    "Could not read " + file + ": " + e.getMessage(), e);
        } catch (IOException | RuntimeException e) {
            String label = container == Container.OGG ? "Ogg Opus" : container.label;
            String detail = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            throw new AudioInputException(AudioInputException.Kind.CORRUPT,
                    file + " looks like " + label + " but could not be decoded (truncated or corrupt: " + detail
                            + ").", e);
        } catch (OutOfMemoryError e) {
            throw new AudioInputException(AudioInputException.Kind.CORRUPT,
                    file + " looks like " + container.label + " but could not be decoded (truncated or corrupt: "
                            + "a header declares a size too large to be real).");
        }
        LOG.debug("Opened {}: {}, {} samples", file, stream.sourceDescription(), stream.estimatedLength());
        int rate = stream.sampleRate();
        if (rate <= 0 || rate > MAX_SAMPLE_RATE) {
            closeQuietly(stream);
            throw new AudioInputException(AudioInputException.Kind.CORRUPT,
                    file + " has an invalid header (a sample rate of " + rate + " Hz).");
        }
        return targetRate > 0 && targetRate != rate ? new ResampledStream(stream, targetRate) : stream;
    }

    private static void closeQuietly(SampleStream s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // nothing left to do with a stream that failed to open
        }
    }

    /** Reads a whole (short) file into memory at {@code targetRate} (0 = native). */
    public static AudioClip readAll(Path file, int targetRate) throws AudioInputException {
        return readAll(file, targetRate, Long.MAX_VALUE);
    }

    /**
     * Reads at most {@code maxSamples} output samples of a file into memory.
     *
     * @throws AudioInputException with kind EMPTY when the file holds no samples
     */
    public static AudioClip readAll(Path file, int targetRate, long maxSamples) throws AudioInputException {
        try (SampleStream stream = open(file, targetRate)) {
            float[] data = drain(stream, maxSamples, file);
            if (data.length == 0) {
                throw new AudioInputException(AudioInputException.Kind.EMPTY, file + " contains no audio (0 samples).");
            }
            return new AudioClip(data, stream.sampleRate(), file.toString());
        } catch (IOException e) {
            throw new AudioInputException(AudioInputException.Kind.CORRUPT,
                    "Could not decode " + file + ": " + e.getMessage() + ".", e);
        }
    }

    static float[] drain(SampleStream stream, long maxSamples, Path file) throws IOException {
        long estimate = stream.estimatedLength();
        int capacity = (int) Math.min(Integer.MAX_VALUE - 8,
                Math.min(maxSamples, estimate > 0 ? estimate + 1024 : 1 << 16));
        float[] data = new float[Math.max(capacity, 1024)];
        int size = 0;
        float[] block = new float[8192];
        int n;
        while (size < maxSamples && (n = stream.read(block, 0, block.length)) >= 0) {
            int take = (int) Math.min(n, maxSamples - size);
            if (size + take > data.length) {
                long grown = Math.min((long) Integer.MAX_VALUE - 8, Math.max((long) data.length * 2, size + take));
                if (grown < size + take) {
                    throw new IOException(file + " is too long to hold in memory");
                }
                data = java.util.Arrays.copyOf(data, (int) grown);
            }
            System.arraycopy(block, 0, data, size, take);
            size += take;
        }
        return java.util.Arrays.copyOf(data, size);
    }

    private static void checkReadable(Path file) throws AudioInputException {
        if (!Files.exists(file)) {
            throw new AudioInputException(AudioInputException.Kind.NOT_FOUND, "File not found: " + file);
        }
        if (Files.isDirectory(file)) {
            throw new AudioInputException(AudioInputException.Kind.UNREADABLE,
                    file + " is a folder, not an audio file.");
        }
        if (!Files.isReadable(file)) {
            throw new AudioInputException(AudioInputException.Kind.UNREADABLE,
                    "Permission denied: cannot read " + file + ".");
        }
        try {
            if (Files.size(file) == 0) {
                throw new AudioInputException(AudioInputException.Kind.EMPTY, file + " is empty (0 bytes).");
            }
        } catch (IOException e) {
            throw new AudioInputException(AudioInputException.Kind.UNREADABLE,
                    "Could not read " + file + ": " + e.getMessage(), e);
        }
    }

    /** Container families recognised from the first bytes of a file. */
    enum Container {
        WAV("WAV"), AIFF("AIFF"), AU("AU"), FLAC("FLAC"), OGG("Ogg"), MP3("MP3"), MP4("MP4"),
        MATROSKA("WebM/Matroska"), UNKNOWN("unknown");

        final String label;

        Container(String label) {
            this.label = label;
        }
    }

    /**
     * Looks at the magic bytes before any decoder does: some MP3 providers claim
     * arbitrary bytes as MPEG audio, which would turn a text file into noise.
     */
    static Container sniff(Path file) throws AudioInputException {
        byte[] head = new byte[12];
        int n;
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
            n = in.readNBytes(head, 0, head.length);
        } catch (IOException e) {
            throw new AudioInputException(AudioInputException.Kind.UNREADABLE,
                    "Could not read " + file + ": " + e.getMessage(), e);
        }
        String ascii4 = n >= 4 ? new String(head, 0, 4, java.nio.charset.StandardCharsets.ISO_8859_1) : "";
        String ascii8to12 = n >= 12 ? new String(head, 8, 4, java.nio.charset.StandardCharsets.ISO_8859_1) : "";
        if ((ascii4.equals("RIFF") || ascii4.equals("RIFX") || ascii4.equals("RF64")) && ascii8to12.equals("WAVE")) {
            return Container.WAV;
        }
        if (ascii4.equals("FORM") && (ascii8to12.equals("AIFF") || ascii8to12.equals("AIFC"))) {
            return Container.AIFF;
        }
        if (ascii4.equals(".snd")) {
            return Container.AU;
        }
        if (ascii4.equals("fLaC")) {
            return Container.FLAC;
        }
        if (ascii4.equals("OggS")) {
            return Container.OGG;
        }
        String ascii4to8 = n >= 8 ? new String(head, 4, 4, java.nio.charset.StandardCharsets.ISO_8859_1) : "";
        if (ascii4to8.equals("ftyp")) {
            return Container.MP4;
        }
        if ((ascii4to8.equals("moov") || ascii4to8.equals("mdat") || ascii4to8.equals("wide")
                || ascii4to8.equals("free") || ascii4to8.equals("skip")) && hasMp4Extension(file)) {
            return Container.MP4; // an old QuickTime file without an ftyp box
        }
        if (n >= 4 && (head[0] & 0xFF) == 0x1A && (head[1] & 0xFF) == 0x45 && (head[2] & 0xFF) == 0xDF
                && (head[3] & 0xFF) == 0xA3) {
            return Container.MATROSKA;
        }
        if (n >= 3 && ascii4.startsWith("ID3")) {
            return Container.MP3;
        }
        if (n >= 2 && (head[0] & 0xFF) == 0xFF && (head[1] & 0xE0) == 0xE0 && isPlausibleMpegHeader(head)
                && hasAudioExtension(file)) {
            return Container.MP3;
        }
        if (ascii4.equals("RIFF") || ascii4.equals("FORM")) {
            // A RIFF/IFF file that is not WAVE/AIFF (AVI, WebP, ...), or a header cut short.
            return n < 12 && hasAudioExtension(file) ? Container.WAV : Container.UNKNOWN;
        }
        return Container.UNKNOWN;
    }

    /**
     * Ogg is a container: the first packet names the codec. Vorbis goes to
     * the Vorbis reader, Opus to ours (true is returned); any other codec used
     * to reach the Vorbis reader and come back as "truncated or corrupt",
     * which blamed a valid file: it is named and refused.
     */
    static boolean rejectUndecodedOggCodec(Path file) throws AudioInputException {
        byte[] page = new byte[27 + 255 + 16];
        int n;
        try (InputStream in = Files.newInputStream(file)) {
            n = in.readNBytes(page, 0, page.length);
        } catch (IOException e) {
            throw new AudioInputException(AudioInputException.Kind.UNREADABLE,
                    "Could not read " + file + ": " + e.getMessage(), e);
        }
        if (n < 28) {
            return false; // cut short: the Vorbis reader says it is truncated
        }
        int payload = 27 + (page[26] & 0xFF);
        String codec = null;
        if (startsWith(page, n, payload, "OpusHead")) {
            return true;
        } else if (startsWith(page, n, payload, "Speex   ")) {
            codec = "Speex";
        } else if (startsWith(page, n, payload, "\u007fFLAC")) {
            codec = "FLAC";
        } else if (startsWith(page, n, payload, "\u0080theora")) {
            codec = "Theora video";
        }
        if (codec != null) {
            throw new AudioInputException(AudioInputException.Kind.UNSUPPORTED_FORMAT, file + " is an Ogg " + codec
                    + " file: a valid file, in a format SonicSight does not decode yet (it reads " + SUPPORTED + ").");
        }
        return false;
    }

    /**
     * Walks the FLAC metadata blocks before jflac does: jflac allocates what a
     * Vorbis comment block declares (a count of 2 billion comments: an
     * OutOfMemoryError from a 100-byte upload, found by fuzzing). Every block
     * must fit in the file, and a comment block's counts must fit in the block.
     */
    static void checkFlacMetadata(Path file) throws AudioInputException {
        try (java.nio.channels.SeekableByteChannel ch = Files.newByteChannel(file)) {
            long size = ch.size();
            long pos = 4;
            java.nio.ByteBuffer header = java.nio.ByteBuffer.allocate(4);
            for (int block = 0; block < 1024; block++) {
                header.clear();
                ch.position(pos);
                if (ch.read(header) < 4) {
                    return; // cut short: jflac reports it as truncated
                }
                int type = header.get(0) & 0x7F;
                boolean last = (header.get(0) & 0x80) != 0;
                long length = ((header.get(1) & 0xFFL) << 16) | ((header.get(2) & 0xFFL) << 8)
                        | (header.get(3) & 0xFFL);
                if (pos + 4 + length > size) {
                    throw flacBroken(file, "a metadata block runs past the end of the file");
                }
                if (type == 4) {
                    checkVorbisComment(file, ch, pos + 4, length);
                }
                pos += 4 + length;
                if (last) {
                    return;
                }
            }
        } catch (IOException e) {
            throw new AudioInputException(AudioInputException.Kind.UNREADABLE,
                    "Could not read " + file + ": " + e.getMessage(), e);
        }
    }

    private static void checkVorbisComment(Path file, java.nio.channels.SeekableByteChannel ch, long start,
                                           long length) throws IOException, AudioInputException {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(4).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        ch.position(start);
        if (length < 8 || ch.read(b) < 4) {
            throw flacBroken(file, "its comment block is too short");
        }
        long vendor = Integer.toUnsignedLong(b.getInt(0));
        if (8 + vendor > length) {
            throw flacBroken(file, "its comment block declares more text than it holds");
        }
        b.clear();
        ch.position(start + 4 + vendor);
        if (ch.read(b) < 4) {
            throw flacBroken(file, "its comment block is too short");
        }
        long comments = Integer.toUnsignedLong(b.getInt(0));
        // Each comment takes at least its 4-byte length.
        if (comments * 4 > length - 8 - vendor) {
            throw flacBroken(file, "its comment block declares " + comments + " comments in " + length + " bytes");
        }
    }

    private static AudioInputException flacBroken(Path file, String why) {
        return new AudioInputException(AudioInputException.Kind.CORRUPT,
                file + " looks like FLAC but could not be decoded (truncated or corrupt: " + why + ").");
    }

    private static boolean startsWith(byte[] data, int length, int offset, String magic) {
        if (offset + magic.length() > length) {
            return false;
        }
        for (int i = 0; i < magic.length(); i++) {
            if ((data[offset + i] & 0xFF) != magic.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static boolean isPlausibleMpegHeader(byte[] h) {
        int version = (h[1] >> 3) & 0x3;
        int layer = (h[1] >> 1) & 0x3;
        int bitrate = (h[2] >> 4) & 0xF;
        int rate = (h[2] >> 2) & 0x3;
        return version != 1 && layer != 0 && bitrate != 0xF && rate != 3;
    }

    private static boolean hasMp4Extension(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".mov") || name.endsWith(".mp4") || name.endsWith(".m4a") || name.endsWith(".m4v")
                || name.endsWith(".3gp");
    }

    private static boolean hasAudioExtension(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".mp3") || name.endsWith(".wav") || name.endsWith(".mpeg") || name.endsWith(".mpga");
    }

    private static AudioInputException corrupt(Path file, Container container, Exception cause) {
        String detail = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        return new AudioInputException(AudioInputException.Kind.CORRUPT,
                file + " looks like " + container.label + " but could not be decoded (truncated or corrupt: "
                        + detail + ").", cause);
    }

    /**
     * The one provider for a compressed container. Asking Java Sound at large would let any provider on the class
     * path claim the file: JAAD's AAC provider (its decoder is what we use for AAC) claims MP3 files and fails on
     * them. WAV, AIFF and AU go to the JDK's own readers.
     */
    private static javax.sound.sampled.spi.AudioFileReader readerFor(Container container) {
        return switch (container) {
            case FLAC -> new org.jflac.sound.spi.FlacAudioFileReader();
            case MP3 -> new javazoom.spi.mpeg.sampled.file.MpegAudioFileReader();
            case OGG -> new javazoom.spi.vorbis.sampled.file.VorbisAudioFileReader();
            default -> null;
        };
    }

    private static javax.sound.sampled.spi.FormatConversionProvider converterFor(Container container) {
        return switch (container) {
            case FLAC -> new org.jflac.sound.spi.FlacFormatConversionProvider();
            case MP3 -> new javazoom.spi.mpeg.sampled.convert.MpegFormatConversionProvider();
            case OGG -> new javazoom.spi.vorbis.sampled.convert.VorbisFormatConversionProvider();
            default -> null;
        };
    }

    private static AudioInputStream toPcm(AudioInputStream source, Container container) throws AudioInputException {
        AudioFormat format = source.getFormat();
        if (PcmDecoder.canDecode(format)) {
            return source;
        }
        javax.sound.sampled.spi.FormatConversionProvider converter = converterFor(container);
        int channels = format.getChannels();
        float rate = format.getSampleRate();
        int bits = format.getSampleSizeInBits() > 0 && format.getSampleSizeInBits() <= 32
                ? format.getSampleSizeInBits() : 16;
        for (int tryBits : new int[] {bits, 16}) {
            AudioFormat target = new AudioFormat(AudioFormat.Encoding.PCM_SIGNED, rate, tryBits, channels,
                    channels * tryBits / 8, rate, false);
            if (converter != null ? converter.isConversionSupported(target, format)
                    : AudioSystem.isConversionSupported(target, format)) {
                return converter != null ? converter.getAudioInputStream(target, source)
                        : AudioSystem.getAudioInputStream(target, source);
            }
        }
        throw new AudioInputException(AudioInputException.Kind.UNSUPPORTED_FORMAT,
                "No decoder for audio encoding " + format.getEncoding() + " (supported: " + SUPPORTED + ").");
    }

    static String describe(AudioFormat f) {
        String bits = f.getSampleSizeInBits() > 0 ? f.getSampleSizeInBits() + "-bit " : "";
        return String.format(Locale.ROOT, "%s%s, %d Hz, %d channel%s", bits, f.getEncoding(),
                Math.round(f.getSampleRate()), f.getChannels(), f.getChannels() == 1 ? "" : "s");
    }

    private static void closeQuietly(AudioInputStream s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // nothing left to do with a stream that failed to open
        }
    }

    /** PCM bytes from Java Sound turned into mono floats at the file's rate. */
    private static final class DecodedStream implements SampleStream {
        private final AudioInputStream in;
        private final PcmDecoder decoder;
        private final boolean rawPcm;
        private final int rate;
        private final long frames;
        private final String description;
        private byte[] bytes = new byte[0];
        private int pending; // bytes of a partial frame kept from the last read
        private boolean ended;
        private long delivered;

        DecodedStream(AudioInputStream in, PcmDecoder decoder, boolean rawPcm, int rate, long frames,
                      String description) {
            this.in = in;
            this.decoder = decoder;
            this.rawPcm = rawPcm;
            this.rate = rate;
            this.frames = frames;
            this.description = description;
        }

        @Override
        public int sampleRate() {
            return rate;
        }

        @Override
        public long estimatedLength() {
            return frames;
        }

        @Override
        public String sourceDescription() {
            return description;
        }

        @Override
        public int read(float[] buffer, int offset, int len) throws IOException {
            if (ended) {
                return -1;
            }
            int frameSize = decoder.frameSize();
            int want = len * frameSize;
            if (bytes.length < want) {
                bytes = java.util.Arrays.copyOf(bytes, Math.max(want, frameSize));
            }
            while (true) {
                int got;
                try {
                    got = in.read(bytes, pending, want - pending);
                } catch (RuntimeException e) {
                    // Some SPI decoders throw unchecked exceptions on corrupt frames.
                    throw new IOException("decoder failed: " + e, e);
                }
                if (got < 0) {
                    ended = true;
                    if (frames > 0 && delivered < frames) {
                        LOG.warn("{} ends early: its header announces {} frames but only {} could be read "
                                + "(truncated file?)", description, frames, delivered);
                    }
                    int whole = pending / frameSize;
                    pending = 0;
                    return whole > 0 ? decodeFrames(whole, buffer, offset) : -1;
                }
                int available = pending + got;
                int whole = available / frameSize;
                if (whole == 0) {
                    pending = available;
                    continue;
                }
                int n = decodeFrames(whole, buffer, offset);
                int rest = available - whole * frameSize;
                System.arraycopy(bytes, whole * frameSize, bytes, 0, rest);
                pending = rest;
                return n;
            }
        }

        @Override
        public long skip(long samples) throws IOException {
            if (!rawPcm || pending != 0 || ended) {
                return SampleStream.super.skip(samples);
            }
            int frameSize = decoder.frameSize();
            long bytes = in.skip(samples * frameSize);
            long skipped = Math.max(0, bytes) / frameSize;
            delivered += skipped;
            if (skipped < samples) {
                skipped += SampleStream.super.skip(samples - skipped);
            }
            return skipped;
        }

        private int decodeFrames(int frameCount, float[] buffer, int offset) {
            decoder.decode(bytes, frameCount, buffer, offset);
            delivered += frameCount;
            return frameCount;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }

    /** Wraps a stream with band-limited rate conversion. */
    private static final class ResampledStream implements SampleStream {
        private final SampleStream source;
        private final StreamingResampler resampler;
        private final float[] inBlock = new float[4096];
        private float[] queue = new float[16384];
        private int queueStart;
        private int queueEnd;
        private boolean sourceEnded;

        ResampledStream(SampleStream source, int targetRate) {
            this.source = source;
            this.resampler = new StreamingResampler(source.sampleRate(), targetRate);
        }

        @Override
        public int sampleRate() {
            return resampler.outputRate();
        }

        @Override
        public long estimatedLength() {
            long in = source.estimatedLength();
            return in < 0 ? -1 : resampler.outputLengthFor(in);
        }

        @Override
        public String sourceDescription() {
            return source.sourceDescription() + ", resampled to " + resampler.outputRate() + " Hz";
        }

        @Override
        public int read(float[] buffer, int offset, int len) throws IOException {
            while (queueEnd - queueStart == 0) {
                if (sourceEnded) {
                    return -1;
                }
                queueStart = 0;
                queueEnd = 0;
                int n = source.read(inBlock, 0, inBlock.length);
                if (n < 0) {
                    sourceEnded = true;
                    resampler.process(inBlock, 0, 0, true, this::enqueue);
                } else {
                    resampler.process(inBlock, 0, n, false, this::enqueue);
                }
            }
            int n = Math.min(len, queueEnd - queueStart);
            System.arraycopy(queue, queueStart, buffer, offset, n);
            queueStart += n;
            return n;
        }

        private void enqueue(float[] samples, int off, int len) {
            if (queueEnd + len > queue.length) {
                int live = queueEnd - queueStart;
                float[] target = live + len > queue.length ? new float[Math.max(queue.length * 2, live + len)] : queue;
                System.arraycopy(queue, queueStart, target, 0, live);
                queue = target;
                queueStart = 0;
                queueEnd = live;
            }
            System.arraycopy(samples, off, queue, queueEnd, len);
            queueEnd += len;
        }

        @Override
        public void close() throws IOException {
            source.close();
        }
    }
}
