package org.sonicsight.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;

/**
 * Audio a client sent, spooled to a file in the server's temp folder. The
 * caller deletes it ({@link #close}) when the request ends.
 *
 * @param fileName the name the client gave, for messages only (never used as a path)
 * @param file     where the bytes are
 * @param size     bytes received
 */
record Upload(String fileName, Path file, long size) implements AutoCloseable {

    /** Extensions kept on the spooled file: the MP3 sniffer trusts frame sync only with one of them. */
    private static final Set<String> AUDIO_EXTENSIONS = org.sonicsight.core.audio.AudioFiles.EXTENSIONS;

    /**
     * Copies at most {@code maxBytes} from {@code in} into a new file under {@code dir}.
     *
     * @throws WebException 413 when the stream is longer, 400 when it is empty
     */
    static Upload spool(InputStream in, String clientName, Path dir, long maxBytes) throws IOException {
        String name = displayName(clientName);
        Path file = Files.createTempFile(dir, "upload-", "." + extension(name));
        long total = 0;
        try (OutputStream out = Files.newOutputStream(file)) {
            byte[] buffer = new byte[64 * 1024];
            int n;
            while ((n = in.read(buffer)) >= 0) {
                total += n;
                if (total > maxBytes) {
                    throw WebErrors.tooLarge(maxBytes);
                }
                out.write(buffer, 0, n);
            }
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(file);
            throw e;
        }
        if (total == 0) {
            Files.deleteIfExists(file);
            throw new WebException(400, name + " is empty (0 bytes).").localized("web.error.empty", name);
        }
        return new Upload(name, file, total);
    }

    /** A short, printable version of the client's file name (its last path segment). */
    static String displayName(String clientName) {
        if (clientName == null || clientName.isBlank()) {
            return "audio";
        }
        String n = clientName.replace('\\', '/');
        n = n.substring(n.lastIndexOf('/') + 1).replaceAll("\\p{Cntrl}", "").strip();
        if (n.isEmpty()) {
            return "audio";
        }
        return n.length() > 120 ? n.substring(0, 120) + "…" : n;
    }

    private static String extension(String name) {
        int dot = name.lastIndexOf('.');
        String ext = dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
        return AUDIO_EXTENSIONS.contains(ext) ? ext : "bin";
    }

    /** A message from the core with the spool path replaced by the client's file name. */
    String userMessage(String message) {
        String m = message == null ? "" : message;
        return m.replace(file.toString(), fileName);
    }

    @Override
    public void close() {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // The whole temp folder is removed when the server stops.
        }
    }
}
