package org.sonicsight.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sonicsight.core.backend.LocalModel;
import org.sonicsight.testsupport.TestEnv;

/**
 * {@code identify} over hundreds of files in one run, as a real process: a
 * long command line used to crash the JVM (SIGSEGV, exit 139, no output)
 * because ONNX Runtime scans the command line recursively in native code on
 * the thread that creates its environment (see ModelThreads).
 */
class ManyFilesTest {

    static final int FILES = 300;

    @TempDir
    Path tmp;

    @Test
    void identifiesThreeHundredFilesInOneRunAndStreamsEachLine() throws Exception {
        TestEnv.need(LocalModel.isPresent(), "the embedded model");
        Path wav = TestEnv.fixture("dog_bark_esc50_22050hz_mono.wav");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                // The JVM's default stack, pinned: the crash happened with it, so the fix must not rely on -Xss.
                "-Xss1m", "-Xmx512m", "-cp", System.getProperty("java.class.path"),
                "org.sonicsight.app.Main", "identify", "--json"));
        List<String> names = new ArrayList<>();
        for (int i = 0; i < FILES; i++) {
            Path link = tmp.resolve(String.format("clip-%03d.wav", i));
            Files.createSymbolicLink(link, wav);
            cmd.add(link.toString());
            names.add(link.toString());
        }
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        p.getOutputStream().close();
        List<String> lines = new ArrayList<>();
        List<Long> arrivals = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                arrivals.add(System.nanoTime());
                lines.add(line);
            }
        }
        assertTrue(p.waitFor(5, TimeUnit.MINUTES), "identify did not finish");
        assertEquals(0, p.exitValue(), "exit code (139 = the JVM crashed in native code)");
        assertEquals(FILES, lines.size(), "one line per file");
        for (int i = 0; i < FILES; i++) {
            JsonObject o = JsonParser.parseString(lines.get(i)).getAsJsonObject();
            assertEquals(names.get(i), o.get("file").getAsString(), "lines come in argument order");
            assertEquals("dog", o.get("verdict").getAsString(), lines.get(i));
        }
        // Lines must leave as each file finishes, not in blocks when a buffer fills or at exit: files are
        // identified one after another (several ms each), so flushed lines arrive at hundreds of distinct
        // moments, while an 8 KB block buffer would deliver about ten bursts of ~30 lines.
        int bursts = 1;
        for (int i = 1; i < arrivals.size(); i++) {
            if (arrivals.get(i) - arrivals.get(i - 1) > TimeUnit.MILLISECONDS.toNanos(1)) {
                bursts++;
            }
        }
        assertTrue(bursts >= FILES / 3, "lines arrived in only " + bursts + " bursts: output is not streamed");
    }
}
