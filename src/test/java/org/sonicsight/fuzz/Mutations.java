package org.sonicsight.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;

/**
 * Deterministic byte mutations for the fuzz properties: jqwik picks the
 * seed file, the kind and a long; the same three give the same bytes, so a
 * failure jqwik reports is reproducible and shrinks to a small case.
 */
public final class Mutations {

    public enum Kind { TRUNCATE, FLIP_BYTES, HEADER_NOISE, INSERT_NOISE, DELETE_RANGE, DUPLICATE_RANGE, FLAC_MAGIC,
        OGG_MAGIC, MP3_MAGIC, AIFF_MAGIC, AU_MAGIC, SIZE_FIELDS, NOTHING }

    private Mutations() {
    }

    public static byte[] apply(byte[] seed, Kind kind, long salt) {
        Random r = new Random(salt);
        byte[] b = seed.clone();
        int n = b.length;
        switch (kind) {
            case TRUNCATE:
                return Arrays.copyOf(b, n == 0 ? 0 : r.nextInt(n));
            case FLIP_BYTES:
                for (int i = 0, k = 1 + r.nextInt(64); i < k && n > 0; i++) {
                    b[r.nextInt(n)] ^= (byte) (1 << r.nextInt(8));
                }
                return b;
            case HEADER_NOISE:
                for (int i = 0; i < Math.min(n, 64); i++) {
                    if (r.nextInt(4) == 0) {
                        b[i] = (byte) r.nextInt(256);
                    }
                }
                return b;
            case INSERT_NOISE: {
                int at = n == 0 ? 0 : r.nextInt(n);
                byte[] noise = new byte[1 + r.nextInt(4096)];
                r.nextBytes(noise);
                return concat(Arrays.copyOf(b, at), noise, Arrays.copyOfRange(b, at, n));
            }
            case DELETE_RANGE: {
                if (n < 2) {
                    return b;
                }
                int from = r.nextInt(n - 1);
                int to = Math.min(n, from + 1 + r.nextInt(Math.max(1, n / 4)));
                return concat(Arrays.copyOf(b, from), Arrays.copyOfRange(b, to, n));
            }
            case DUPLICATE_RANGE: {
                if (n < 2) {
                    return b;
                }
                int from = r.nextInt(n - 1);
                int to = Math.min(n, from + 1 + r.nextInt(Math.min(n, 65536)));
                return concat(Arrays.copyOf(b, to), Arrays.copyOfRange(b, from, to), Arrays.copyOfRange(b, to, n));
            }
            case FLAC_MAGIC:
                return withHead(b, "fLaC", r, 38);
            case OGG_MAGIC:
                return withHead(b, "OggS", r, 27);
            case MP3_MAGIC: {
                byte[] frame = {(byte) 0xFF, (byte) 0xFB, (byte) (0x90 | r.nextInt(4) << 2), (byte) r.nextInt(256)};
                byte[] id3 = r.nextBoolean() ? "ID3\u0003\u0000\u0000\u0000\u0000\u0000\u0000".getBytes(StandardCharsets.ISO_8859_1)
                        : new byte[0];
                return concat(id3, frame, b);
            }
            case AIFF_MAGIC:
                return withHead(b, "FORM\u0000\u0001\u0000\u0000AIFF", r, 12);
            case AU_MAGIC:
                return withHead(b, ".snd", r, 24);
            case SIZE_FIELDS:
                // RIFF/chunk sizes are the classic trap: set some 32-bit little-endian words to extremes.
                for (int i = 0, k = 1 + r.nextInt(4); i < k && n >= 8; i++) {
                    int at = 4 + 4 * r.nextInt(Math.min(16, (n - 4) / 4));
                    int v = switch (r.nextInt(4)) {
                        case 0 -> 0;
                        case 1 -> -1;
                        case 2 -> Integer.MAX_VALUE;
                        default -> r.nextInt();
                    };
                    b[at] = (byte) v;
                    b[at + 1] = (byte) (v >> 8);
                    b[at + 2] = (byte) (v >> 16);
                    b[at + 3] = (byte) (v >> 24);
                }
                return b;
            default:
                return b;
        }
    }

    private static byte[] withHead(byte[] b, String magic, Random r, int headerBytes) {
        byte[] m = magic.getBytes(StandardCharsets.ISO_8859_1);
        byte[] header = new byte[Math.max(0, headerBytes - m.length)];
        r.nextBytes(header);
        return concat(m, header, Arrays.copyOfRange(b, Math.min(b.length, 44), b.length));
    }

    static byte[] concat(byte[]... parts) {
        int len = 0;
        for (byte[] p : parts) {
            len += p.length;
        }
        byte[] out = new byte[len];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }
}
