package org.sonicsight.core.classify.onnx;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * ONNX Runtime copies its native libraries (28 MB on Linux x64) out of its jar into a new temporary folder on every
 * start, about 0.2 s of a cold start. This keeps one copy under {@code ~/.cache/sonicsight/} (or
 * {@code $XDG_CACHE_HOME/sonicsight/}), keyed by the jar the libraries come from and their sizes, and points
 * ONNX Runtime at it ({@code onnxruntime.native.path}). Linux only; anywhere else, and on any failure (no home, a
 * read-only disk), ONNX Runtime does what it always did. A path the user set is left alone.
 */
public final class OrtNativeCache {

    private static final Logger LOG = LoggerFactory.getLogger(OrtNativeCache.class);
    static final String PROPERTY = "onnxruntime.native.path";
    private static final List<String> LIBRARIES = List.of("libonnxruntime.so", "libonnxruntime4j_jni.so");
    private static boolean done;

    private OrtNativeCache() {
    }

    /** Call before the first use of {@code OrtEnvironment}; cheap after the first call. */
    static synchronized void prepare() {
        if (done) {
            return;
        }
        done = true;
        if (System.getProperty(PROPERTY) != null) {
            return;
        }
        try {
            Path dir = extract();
            if (dir != null) {
                System.setProperty(PROPERTY, dir.toString());
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug("ONNX Runtime's libraries not cached, it extracts them itself: {}", e.toString());
        }
    }

    /** The user's cache folder ($XDG_CACHE_HOME), set by {@code app.Main}; else ~/.cache. */
    public static final String CACHE_HOME_PROPERTY = "sonicsight.xdgCacheHome";

    static Path extract() throws IOException {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        String platform = arch.equals("amd64") || arch.equals("x86_64") ? "linux-x64"
                : arch.equals("aarch64") ? "linux-aarch64" : null;
        if (!os.startsWith("linux") || platform == null) {
            return null;
        }
        String key = "";
        long[] sizes = new long[LIBRARIES.size()];
        URL[] urls = new URL[LIBRARIES.size()];
        for (int i = 0; i < LIBRARIES.size(); i++) {
            urls[i] = OrtNativeCache.class.getResource("/ai/onnxruntime/native/" + platform + "/" + LIBRARIES.get(i));
            if (urls[i] == null) {
                return null;
            }
            URLConnection c = urls[i].openConnection();
            c.setUseCaches(false);
            sizes[i] = c.getContentLengthLong();
            if (sizes[i] <= 0) {
                return null;
            }
            key += urls[i] + "#" + sizes[i] + ";";
        }
        // $XDG_CACHE_HOME arrives as a system property: only the composition root reads the environment
        String xdg = System.getProperty(CACHE_HOME_PROPERTY);
        String home = System.getProperty("user.home");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg)
                : home == null || home.isBlank() || home.equals("?") ? null : Path.of(home, ".cache");
        if (base == null) {
            return null;
        }
        Path dir = base.resolve("sonicsight").resolve(String.format(Locale.ROOT, "ort-%s-%08x", platform,
                key.hashCode()));
        Files.createDirectories(dir);
        for (int i = 0; i < LIBRARIES.size(); i++) {
            Path lib = dir.resolve(LIBRARIES.get(i));
            if (Files.isRegularFile(lib) && Files.size(lib) == sizes[i]) {
                continue;
            }
            // Written aside and moved into place: two starts at once never load a half-written library.
            Path part = Files.createTempFile(dir, LIBRARIES.get(i), ".part");
            try (InputStream in = urls[i].openStream()) {
                Files.copy(in, part, StandardCopyOption.REPLACE_EXISTING);
                if (Files.size(part) != sizes[i]) {
                    throw new IOException("short copy of " + LIBRARIES.get(i));
                }
                Files.move(part, lib, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(part);
            }
        }
        return dir;
    }
}
