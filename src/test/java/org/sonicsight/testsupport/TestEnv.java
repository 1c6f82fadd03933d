package org.sonicsight.testsupport;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.junit.jupiter.api.Assumptions;

/**
 * Where the shared data lives, and how a suite that lacks a tool behaves: on
 * a laptop it skips with a clear line; in CI ({@code -Dsonicsight.test.requireAll=true})
 * it fails, so a skipped suite never counts as a pass there.
 */
public final class TestEnv {

    private TestEnv() {
    }

    public static boolean requireAll() {
        return Boolean.getBoolean("sonicsight.test.requireAll");
    }

    /** {@code ../shared} beside the repository (override: -Dsonicsight.shared). */
    public static Path shared() {
        String p = System.getProperty("sonicsight.shared");
        Path path = p != null ? Paths.get(p) : Paths.get("..", "shared");
        return path.toAbsolutePath().normalize();
    }

    public static Path sharedData(String relative) {
        Path p = shared().resolve("data").resolve(relative);
        need(Files.exists(p), "shared data " + p + " is missing");
        return p;
    }

    /**
     * One of the audio fixtures (the WAVs of {@code ../shared/data/fixtures}). They ship with the
     * tests as lossless FLAC in {@code src/test/resources/fixtures} (a third of the bytes) and are
     * written back to the very same WAV bytes under {@code target/test-fixtures} on first use,
     * checked against {@code SHA256SUMS}; a clone without {@code ../shared} runs the unit tests.
     */
    public static Path fixture(String name) {
        return Fixtures.wav(name).orElseGet(() -> sharedData("fixtures/" + name));
    }

    /** The FLAC a fixture ships as ({@code NAME.flac} for {@code NAME.wav}), in the test classes. */
    public static Path fixtureFlac(String name) {
        return Fixtures.flac(name).orElseThrow(() -> new IllegalArgumentException("no fixture " + name));
    }

    /** Skips (laptop) or fails (CI) when a tool the test needs is missing. */
    public static void need(boolean available, String what) {
        if (available) {
            return;
        }
        String line = "SKIPPED: " + what;
        if (requireAll()) {
            fail("required in CI but missing: " + what);
        }
        System.out.println(line);
        Assumptions.assumeTrue(false, line);
    }

    /** The Python with librosa, from -Dsonicsight.python. */
    public static String python() {
        String py = System.getProperty("sonicsight.python");
        need(py != null && !py.isBlank(), "no Python with librosa (-Dsonicsight.python; .ci/test sets it up)");
        return py;
    }

    public static boolean onPath(String tool) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Paths.get(dir, tool))) {
                return true;
            }
        }
        return false;
    }
}
