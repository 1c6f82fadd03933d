package org.sonicsight.core.classify.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.sonicsight.core.backend.LocalModel;

/** ONNX Runtime's libraries come from one cached copy, and a damaged copy is replaced rather than loaded. */
class OrtNativeCacheTest {

    @Test
    void theModelRunsFromTheCachedLibrariesAndABrokenCopyIsReplaced() throws Exception {
        assumeTrue(System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("linux"),
                "the cache is Linux only");
        OrtNativeCache.prepare();
        String dir = System.getProperty(OrtNativeCache.PROPERTY);
        assertNotNull(dir, "onnxruntime.native.path is set");
        Path lib = Path.of(dir, "libonnxruntime.so");
        long size = Files.size(lib);
        String platform = Path.of(dir).getFileName().toString().contains("aarch64") ? "linux-aarch64" : "linux-x64";
        try (var in = OrtNativeCache.class.getResourceAsStream("/ai/onnxruntime/native/" + platform
                + "/libonnxruntime.so")) {
            assertEquals(in.readAllBytes().length, size, "the cached library is the whole one from the jar");
        }
        // The model loads and answers with the libraries from there.
        try (OnnxClassifier c = LocalModel.open(1)) {
            float[] silence = new float[c.info().sampleRate() * 3];
            assertNotNull(c.classify(new org.sonicsight.core.audio.AudioClip(silence, c.info().sampleRate(), "silence")).label());
        }
        // A cut-off copy (a start killed mid-copy, a full disk) is written again, not trusted. Put in place by a
        // move, as a loaded library must never be truncated where it lies.
        Path jni = Path.of(dir, "libonnxruntime4j_jni.so");
        long jniSize = Files.size(jni);
        Path shortCopy = Files.createTempFile(Path.of(dir), "test", ".part");
        Files.write(shortCopy, new byte[100]);
        Files.move(shortCopy, jni, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        assertEquals(100, Files.size(jni));
        assertEquals(Path.of(dir), OrtNativeCache.extract());
        assertEquals(jniSize, Files.size(jni), "the short copy was replaced");
    }
}
