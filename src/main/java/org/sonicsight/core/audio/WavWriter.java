package org.sonicsight.core.audio;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Writes mono 16-bit PCM WAV files, atomically (temp file, then move). */
public final class WavWriter {

    private WavWriter() {
    }

    public static void write(AudioClip clip, Path target) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        if (dir != null) {
            Files.createDirectories(dir);
        }
        Path tmp = Files.createTempFile(dir, ".sonicsight-", ".wav.part");
        try {
            try (OutputStream out = Files.newOutputStream(tmp)) {
                write(clip, out);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (java.nio.file.AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    public static byte[] toBytes(AudioClip clip) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(44 + clip.samples().length * 2);
        try {
            write(clip, out);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out.toByteArray();
    }

    public static void write(AudioClip clip, OutputStream out) throws IOException {
        float[] s = clip.samples();
        int dataBytes = s.length * 2;
        ByteBuffer header = ByteBuffer.allocate(44).order(ByteOrder.LITTLE_ENDIAN);
        header.put("RIFF".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt(36 + dataBytes)
                .put("WAVE".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                .put("fmt ".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt(16)
                .putShort((short) 1).putShort((short) 1).putInt(clip.sampleRate()).putInt(clip.sampleRate() * 2)
                .putShort((short) 2).putShort((short) 16)
                .put("data".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt(dataBytes);
        out.write(header.array());
        ByteBuffer data = ByteBuffer.allocate(8192).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : s) {
            if (!data.hasRemaining()) {
                out.write(data.array(), 0, data.position());
                data.clear();
            }
            float c = Math.max(-1f, Math.min(1f, v));
            // Scale by 32768 (as decoders divide) so a write/read round trip is exact to the LSB.
            data.putShort((short) Math.max(-32768, Math.min(32767, Math.round(c * 32768f))));
        }
        out.write(data.array(), 0, data.position());
    }
}
