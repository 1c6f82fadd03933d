package org.sonicsight.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sonicsight.core.audio.AudioClip;
import org.sonicsight.core.classify.ClassScore;
import org.sonicsight.core.classify.Prediction;
import org.sonicsight.core.classify.Verdict;
import org.sonicsight.core.history.HistoryEntry;
import org.sonicsight.core.history.HistoryStore;
import org.sonicsight.core.settings.Settings;
import org.sonicsight.core.settings.SettingsStore;
import org.sonicsight.testsupport.TestEnv;

/**
 * History on a full file system and settings in a read-only folder, on a
 * real 512 KB tmpfs (mounted by the test; needs root): a clear reason, no
 * crash, nothing already saved is damaged, and it works again once there is
 * room.
 */
class DiskFaultsTest {

    @TempDir
    Path tmp;
    Path mount;
    boolean mounted;

    @BeforeEach
    void mountTmpfs() throws Exception {
        mount = tmp.resolve("small");
        Files.createDirectories(mount);
        mounted = run("mount", "-t", "tmpfs", "-o", "size=512k", "tmpfs", mount.toString()) == 0;
        TestEnv.need(mounted, "mounting a small tmpfs (root on Linux)");
    }

    @AfterEach
    void unmount() throws Exception {
        if (mounted) {
            run("umount", mount.toString());
        }
    }

    static int run(String... cmd) throws IOException, InterruptedException {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor();
        } catch (IOException e) {
            return -1; // no mount command: not Linux
        }
    }

    static Prediction dog() {
        return new Prediction("dog", 0.9, List.of(new ClassScore("dog", 0.9), new ClassScore("other", 0.1)),
                Verdict.DOG, false, "test", Duration.ofMillis(1), null, null);
    }

    static AudioClip clip(float value) {
        float[] s = new float[22050];
        java.util.Arrays.fill(s, value);
        return new AudioClip(s, 22050, "test");
    }

    @Test
    void historyOnAFullDiskSaysWhyAndKeepsWhatWasSaved() throws Exception {
        HistoryStore store = new HistoryStore(mount.resolve("history"));
        HistoryEntry first = store.add(HistoryEntry.of(dog(), "first", "", Instant.now()), clip(0.25f), new byte[1000]);
        byte[] firstAudio = Files.readAllBytes(store.audio(first).orElseThrow());

        Path filler = mount.resolve("filler");
        try (OutputStream out = Files.newOutputStream(filler)) {
            byte[] block = new byte[4096];
            while (true) {
                out.write(block);
            }
        } catch (IOException full) {
            assertTrue(String.valueOf(full.getMessage()).contains("No space left"), full.getMessage());
        }
        IOException e = assertThrows(IOException.class,
                () -> store.add(HistoryEntry.of(dog(), "second", "", Instant.now()), clip(0.5f), new byte[1000]));
        assertTrue(e.getMessage().contains("No space left on device"), e.getMessage());

        List<HistoryEntry> entries = store.list();
        assertEquals(1, entries.size(), "the failed entry is not listed half-written");
        assertEquals(first.id(), entries.get(0).id());
        assertArrayEquals(firstAudio, Files.readAllBytes(store.audio(first).orElseThrow()), "saved audio intact");
        try (Stream<Path> left = Files.list(mount.resolve("history"))) {
            assertEquals(List.of(first.id()), left.map(p -> p.getFileName().toString()).toList(),
                    "no staging folder left behind");
        }

        Files.delete(filler);
        store.add(HistoryEntry.of(dog(), "third", "", Instant.now()), clip(0.5f), new byte[1000]);
        assertEquals(2, store.list().size(), "saving works again once there is room");
    }

    @Test
    void settingsInAReadOnlyFolderAreReportedAndTheFileStaysIntact() throws Exception {
        Path file = mount.resolve("config").resolve("settings.json");
        AtomicReference<String> problem = new AtomicReference<>("none yet");
        try (SettingsStore store = new SettingsStore(file, mount.resolve("config").resolve("token"), Duration.ZERO)) {
            store.onSaveResult(problem::set);
            Settings colour = Settings.DEFAULTS.withColormap("viridis");
            store.save(colour);
            store.flush();
            assertEquals(null, problem.get(), "the first save worked");
            String before = Files.readString(file);

            assertEquals(0, run("mount", "-o", "remount,ro", mount.toString()), "remount read-only");
            store.save(colour.withColormap("grey"));
            store.flush();
            assertTrue(problem.get() != null && problem.get().contains("Read-only file system"), problem.get());
            assertEquals(before, Files.readString(file), "the saved settings are intact");
            assertEquals("viridis", store.load().colormap());
        }
    }
}
