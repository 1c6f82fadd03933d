package org.sonicsight.core.audio;

/** Little helpers for reading container headers. */
final class Bytes {

    private Bytes() {
    }

    static int le16(byte[] b, int at) {
        return (b[at] & 0xFF) | (b[at + 1] & 0xFF) << 8;
    }

    static long le32(byte[] b, int at) {
        return (b[at] & 0xFFL) | (b[at + 1] & 0xFFL) << 8 | (b[at + 2] & 0xFFL) << 16 | (b[at + 3] & 0xFFL) << 24;
    }

    static long le64(byte[] b, int at) {
        return le32(b, at) | le32(b, at + 4) << 32;
    }

    static int be16(byte[] b, int at) {
        return (b[at] & 0xFF) << 8 | (b[at + 1] & 0xFF);
    }

    static long be32(byte[] b, int at) {
        return (b[at] & 0xFFL) << 24 | (b[at + 1] & 0xFFL) << 16 | (b[at + 2] & 0xFFL) << 8 | (b[at + 3] & 0xFFL);
    }

    static long be64(byte[] b, int at) {
        return be32(b, at) << 32 | be32(b, at + 4);
    }

    static boolean startsWith(byte[] data, int offset, int length, String magic) {
        if (magic.length() > length || offset + magic.length() > data.length) {
            return false;
        }
        for (int i = 0; i < magic.length(); i++) {
            if ((data[offset + i] & 0xFF) != magic.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    static String fourCc(byte[] b, int at) {
        StringBuilder s = new StringBuilder(4);
        for (int i = 0; i < 4; i++) {
            int c = b[at + i] & 0xFF;
            s.append(c >= 0x20 && c < 0x7F ? (char) c : '?');
        }
        return s.toString();
    }
}
