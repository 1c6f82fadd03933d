package org.sonicsight.core.audio;

import java.io.IOException;
import java.util.List;
import net.sourceforge.jaad.aac.Decoder;
import net.sourceforge.jaad.aac.Profile;

/**
 * AAC access units to PCM with JAAD (AAC-LC, HE-AAC v1/v2), configured by an
 * AudioSpecificConfig (MP4's esds, Matroska's CodecPrivate). The output rate
 * is what the decoder reports: HE-AAC doubles the core rate, as ffmpeg does.
 */
final class AacPackets {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(AacPackets.class);

    /**
     * JAAD's table of x^(4/3) (inverse quantisation) has 8191 entries, 0 to 8190, one short of the largest
     * value AAC allows: 8191, which ffmpeg's encoder writes when it clips (0.2% of the frames of a 96 kb/s
     * stereo file, 5-15% at 32-64 kb/s mono). Such frames threw ArrayIndexOutOfBoundsException. The table is a
     * constant of a package-private interface, so it is replaced once, before the first decoder runs, by the same
     * table with the missing entry (through sun.misc.Unsafe, in jdk.unsupported, which the runtime image
     * has). Should that ever fail, those frames become silence of the same length instead (below).
     */
    static final boolean TABLE_COMPLETED = completeInverseQuantisationTable();

    private static boolean completeInverseQuantisationTable() {
        try {
            java.lang.reflect.Field field = Class.forName("net.sourceforge.jaad.aac.syntax.IQTable")
                    .getDeclaredField("IQ_TABLE");
            field.setAccessible(true);
            float[] table = (float[]) field.get(null);
            if (table.length > 8191) {
                return true;
            }
            float[] complete = java.util.Arrays.copyOf(table, 8192);
            complete[8191] = (float) Math.pow(8191, 4.0 / 3.0);
            Class<?> unsafeClass = Class.forName("sun.misc.Unsafe");
            java.lang.reflect.Field theUnsafe = unsafeClass.getDeclaredField("theUnsafe");
            theUnsafe.setAccessible(true);
            Object unsafe = theUnsafe.get(null);
            Object base = unsafeClass.getMethod("staticFieldBase", java.lang.reflect.Field.class).invoke(unsafe, field);
            long offset = (long) unsafeClass.getMethod("staticFieldOffset", java.lang.reflect.Field.class)
                    .invoke(unsafe, field);
            unsafeClass.getMethod("putObjectVolatile", Object.class, long.class, Object.class)
                    .invoke(unsafe, base, offset, complete);
            return ((float[]) field.get(null)).length == 8192;
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            LOG.debug("Could not complete JAAD's inverse quantisation table: {}", e.toString());
            return false;
        }
    }

    /**
     * JAAD logs every broken frame through java.util.logging on stderr; our own errors say enough. Some of its
     * classes set their logger's level when they load, so they are loaded first. Held here: java.util.logging
     * keeps loggers weakly, and a collected logger forgets its level.
     */
    private static final java.util.List<java.util.logging.Logger> JAAD_LOGGERS = quietJaad();

    private static java.util.List<java.util.logging.Logger> quietJaad() {
        for (String name : new String[] {"aac.Decoder", "aac.syntax.ICStream", "aac.syntax.SyntacticElements",
                "aac.syntax.ICSInfo"}) {
            try {
                Class.forName("net.sourceforge.jaad." + name, true, AacPackets.class.getClassLoader());
            } catch (ClassNotFoundException | LinkageError e) {
                LOG.debug("JAAD class {} not found: {}", name, e.toString());
            }
        }
        java.util.List<java.util.logging.Logger> loggers = new java.util.ArrayList<>();
        loggers.add(java.util.logging.Logger.getLogger("jaad"));
        for (String name : java.util.Collections.list(java.util.logging.LogManager.getLogManager().getLoggerNames())) {
            if (name.startsWith("jaad")) {
                loggers.add(java.util.logging.Logger.getLogger(name));
            }
        }
        loggers.forEach(l -> l.setLevel(java.util.logging.Level.OFF));
        return loggers;
    }

    private final Decoder decoder;
    private final int channels;
    private final int rate;
    private float[][] planes = new float[0][];
    private int frames;
    private int outputRate;

    AacPackets(byte[] audioSpecificConfig) throws IOException {
        if (audioSpecificConfig == null || audioSpecificConfig.length < 2) {
            throw new IOException("its AAC configuration (AudioSpecificConfig) is missing");
        }
        try {
            decoder = Decoder.create(audioSpecificConfig);
        } catch (IOException | RuntimeException e) {
            throw new UnsupportedCodecException("it is AAC in a configuration SonicSight cannot decode ("
                    + e.getMessage() + ")");
        }
        Profile profile = decoder.getConfig().getProfile();
        if (!profile.isDecodingSupported()) {
            throw new UnsupportedCodecException("it is AAC of profile " + profile.getDescription()
                    + ", which SonicSight does not decode (it reads AAC-LC and HE-AAC)");
        }
        channels = channelConfiguration(audioSpecificConfig, decoder.getConfig().getChannelCount());
        rate = decoder.getConfig().getOutputFrequency().getFrequency();
    }

    /** The channel configuration field of an AudioSpecificConfig (JAAD reports mono as 2, for parametric stereo). */
    private static int channelConfiguration(byte[] asc, int fallback) {
        int objectType = (asc[0] & 0xFF) >> 3;
        int frequencyIndex = ((asc[0] & 0x07) << 1) | ((asc[1] & 0xFF) >> 7);
        if (objectType == 31 || frequencyIndex == 15) {
            return Math.max(1, fallback);
        }
        int configuration = (asc[1] >> 3) & 0x0F;
        return configuration >= 1 && configuration <= 7 ? (configuration == 7 ? 8 : configuration)
                : Math.max(1, fallback);
    }

    /** Logs, once, how many frames JAAD could not decode. */
    void reportConcealed(String description) {
        if (concealed > 0) {
            LOG.warn("{}: {} of {} AAC frames could not be decoded (JAAD: index out of bounds) and were replaced by "
                    + "silence", description, concealed, decoded);
        }
    }

    /** Channels the configuration declares (the decoder reports the real count per frame). */
    int channels() {
        return channels;
    }

    /** Output rate the configuration implies (known before the first frame). */
    int rate() {
        return rate;
    }

    /** Decoded samples per access unit (1024, or 960; twice that when SBR doubles the rate). */
    long samplesPerPacket() {
        return decoder.getConfig().getSampleLength();
    }

    String profile() {
        return decoder.getConfig().getProfile().getDescription();
    }

    /** Decodes one access unit into {@code out}; returns the frames it held. */
    int decode(byte[] unit, PacketStream out) throws IOException {
        frames = 0;
        try {
            decoder.decodeFrame(unit, this::accept);
        } catch (RuntimeException e) {
            if (isLargestValueBug(e) && concealed * 4 <= decoded + 8) {
                // Only if the table could not be completed (see TABLE_COMPLETED): the frame becomes silence of
                // the same length, so the timeline stays exact.
                concealed++;
                LOG.debug("AAC frame {} concealed: {}", decoded, e.toString());
                decoded++;
                int length = decoder.getConfig().getSampleLength();
                float[][] silence = new float[1][length];
                out.emitPlanar(silence, 1, length, 1f);
                return length;
            }
            throw new IOException("a broken AAC frame (" + e.getMessage() + ")", e);
        }
        decoded++;
        for (float[] plane : planes) {
            frames = Math.min(frames, plane == null ? 0 : plane.length);
        }
        if (frames > 0) {
            if (outputRate > 0 && outputRate != out.sampleRate()) {
                out.setRate(outputRate);
            }
            out.emitPlanar(planes, planes.length, frames, 1f / 32768f);
        }
        return frames;
    }

    /** Frames decoded, and frames replaced by silence because of JAAD's table bug. */
    private long decoded;
    private long concealed;

    long concealed() {
        return concealed;
    }

    /**
     * The table overrun, by its type: once the JIT has compiled the decoder, the JVM throws a preallocated
     * exception without message or stack. A stream where more than a quarter of the frames fail is broken, not
     * hit by this bug, and is reported as such.
     */
    private static boolean isLargestValueBug(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ArrayIndexOutOfBoundsException) {
                return true;
            }
        }
        return false;
    }

    private void accept(List<float[]> data, int frameCount, int sampleRate) {
        if (planes.length != data.size()) {
            planes = new float[data.size()][];
        }
        for (int c = 0; c < planes.length; c++) {
            planes[c] = data.get(c);
        }
        frames = frameCount;
        outputRate = sampleRate;
    }
}
