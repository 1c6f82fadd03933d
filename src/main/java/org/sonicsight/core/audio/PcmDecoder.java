package org.sonicsight.core.audio;

import javax.sound.sampled.AudioFormat;

/**
 * Turns interleaved PCM bytes (8/16/24/32-bit integer, signed or unsigned,
 * 32/64-bit float, either byte order) into mono floats by averaging channels.
 */
final class PcmDecoder {

    private final int channels;
    private final int bytesPerSample;
    private final boolean bigEndian;
    private final boolean isFloat;
    private final boolean unsigned;

    PcmDecoder(AudioFormat format) {
        AudioFormat.Encoding enc = format.getEncoding();
        this.isFloat = AudioFormat.Encoding.PCM_FLOAT.equals(enc);
        this.unsigned = AudioFormat.Encoding.PCM_UNSIGNED.equals(enc);
        if (!isFloat && !unsigned && !AudioFormat.Encoding.PCM_SIGNED.equals(enc)) {
            throw new IllegalArgumentException("not PCM: " + enc);
        }
        int bits = format.getSampleSizeInBits();
        if (bits % 8 != 0 || bits < 8 || bits > 64 || (isFloat && bits != 32 && bits != 64) || (!isFloat && bits > 32)) {
            throw new IllegalArgumentException("unsupported sample size: " + bits + " bits " + enc);
        }
        this.channels = format.getChannels();
        if (channels < 1) {
            throw new IllegalArgumentException("no channels");
        }
        this.bytesPerSample = bits / 8;
        this.bigEndian = format.isBigEndian();
    }

    static boolean canDecode(AudioFormat format) {
        try {
            new PcmDecoder(format);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    int frameSize() {
        return channels * bytesPerSample;
    }

    /** Little-endian 16-bit reads, the commonest PCM, without the general per-byte loop. */
    private static final java.lang.invoke.VarHandle SHORT_LE = java.lang.invoke.MethodHandles.byteArrayViewVarHandle(
            short[].class, java.nio.ByteOrder.LITTLE_ENDIAN);

    /** Decodes {@code frames} whole frames from {@code bytes} into {@code out[outOffset...]}. */
    void decode(byte[] bytes, int frames, float[] out, int outOffset) {
        if (bytesPerSample == 2 && !bigEndian && !isFloat && !unsigned) {
            decode16le(bytes, frames, out, outOffset);
            return;
        }
        int pos = 0;
        float scale = 1f / channels;
        for (int f = 0; f < frames; f++) {
            float sum = 0;
            for (int c = 0; c < channels; c++) {
                sum += sample(bytes, pos);
                pos += bytesPerSample;
            }
            out[outOffset + f] = channels == 1 ? sum : sum * scale;
        }
    }

    /** As the general path, figure for figure (value / 32768 is exact in float as in double). */
    private void decode16le(byte[] bytes, int frames, float[] out, int outOffset) {
        final float unit = 1f / 32768;
        if (channels == 1) {
            for (int f = 0; f < frames; f++) {
                out[outOffset + f] = (short) SHORT_LE.get(bytes, 2 * f) * unit;
            }
            return;
        }
        float scale = 1f / channels;
        int pos = 0;
        for (int f = 0; f < frames; f++) {
            float sum = 0;
            for (int c = 0; c < channels; c++) {
                sum += (short) SHORT_LE.get(bytes, pos) * unit;
                pos += 2;
            }
            out[outOffset + f] = sum * scale;
        }
    }

    private float sample(byte[] b, int pos) {
        if (isFloat) {
            if (bytesPerSample == 4) {
                return Float.intBitsToFloat((int) readUnsigned(b, pos, 4));
            }
            return (float) Double.longBitsToDouble(readUnsigned(b, pos, 8));
        }
        long raw = readUnsigned(b, pos, bytesPerSample);
        int bits = bytesPerSample * 8;
        long value;
        if (unsigned) {
            value = raw - (1L << (bits - 1));
        } else {
            // sign-extend
            value = (raw << (64 - bits)) >> (64 - bits);
        }
        return (float) (value / (double) (1L << (bits - 1)));
    }

    private long readUnsigned(byte[] b, int pos, int n) {
        long v = 0;
        if (bigEndian) {
            for (int i = 0; i < n; i++) {
                v = (v << 8) | (b[pos + i] & 0xFF);
            }
        } else {
            for (int i = n - 1; i >= 0; i--) {
                v = (v << 8) | (b[pos + i] & 0xFF);
            }
        }
        return v;
    }
}
