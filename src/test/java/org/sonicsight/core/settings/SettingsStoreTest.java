package org.sonicsight.core.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsStoreTest {

    @TempDir
    Path tmp;

    private SettingsStore store(Duration debounce) {
        AppPaths paths = AppPaths.under(tmp);
        return new SettingsStore(paths.settingsFile(), paths.tokenFile(), debounce);
    }

    @Test
    void missingFileGivesDefaults() {
        assertEquals(Settings.DEFAULTS, store(Duration.ZERO).load());
    }

    @Test
    void savedSettingsSurviveANewStore() {
        Settings changed = Settings.DEFAULTS.withTheme(Settings.Theme.LIGHT).withColormap("viridis")
                .withDbRange(-60, -5).withFrequencyScale(Settings.FrequencyScale.LOG).withSnapshotSeconds(3)
                .withBackend(Settings.Backend.SPACE, "owner/space", "/predict", false);
        try (SettingsStore s = store(Duration.ofSeconds(30))) {
            s.save(Settings.DEFAULTS);
            s.save(changed); // coalesces with the first; close() flushes the latest
        }
        assertEquals(changed, store(Duration.ZERO).load());
    }

    @Test
    void debouncedSavesCoalesceIntoOneWrite() throws Exception {
        try (SettingsStore s = store(Duration.ofMillis(200))) {
            for (int i = 1; i <= 20; i++) {
                s.save(Settings.DEFAULTS.withSnapshotSeconds(i));
            }
            assertFalse(Files.exists(s.file()), "nothing written before the debounce interval");
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (!Files.exists(s.file()) && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertEquals(20, s.load().snapshotSeconds());
        }
    }

    @Test
    void corruptFileGivesDefaults() throws Exception {
        SettingsStore s = store(Duration.ZERO);
        Files.createDirectories(s.file().getParent());
        Files.writeString(s.file(), "{\"theme\": \"LIGHT\", \"minDb\": ", StandardCharsets.UTF_8);
        assertEquals(Settings.DEFAULTS, s.load());
        Files.writeString(s.file(), "[1,2]", StandardCharsets.UTF_8);
        assertEquals(Settings.DEFAULTS, s.load());
        Files.writeString(s.file(), "{\"theme\": \"PURPLE\"}", StandardCharsets.UTF_8);
        assertEquals(Settings.Theme.DARK, s.load().theme());
    }

    @Test
    void missingFieldsKeepDefaultsAndBadValuesAreClamped() {
        Settings s = SettingsStore.fromJson("{\"colormap\":\"viridis\",\"snapshotSeconds\":999,\"minDb\":5,\"maxDb\":-5}");
        assertEquals("viridis", s.colormap());
        assertTrue(s.fallbackToLocal(), "fallback defaults to on when the field is absent");
        assertEquals(Settings.MAX_SNAPSHOT_SECONDS, s.snapshotSeconds());
        assertEquals(-80, s.minDb());
        assertEquals(0, s.maxDb());
    }

    @Test
    void tokenIsKeptOutOfTheSettingsFileAndOwnerOnly() throws Exception {
        try (SettingsStore s = store(Duration.ZERO)) {
            s.save(Settings.DEFAULTS.withBackend(Settings.Backend.SPACE, "a/b", "", true));
            s.saveToken("hf_secret123");
            s.flush();
            assertEquals("hf_secret123", s.loadToken().orElseThrow());
            assertFalse(Files.readString(s.file()).contains("hf_secret"));
            Path token = AppPaths.under(tmp).tokenFile();
            assertEquals(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE),
                    Files.getPosixFilePermissions(token));
            s.saveToken("");
            assertTrue(s.loadToken().isEmpty());
        }
    }

    @Test
    void xdgFoldersAreHonoured() {
        AppPaths p = AppPaths.resolve(Map.of("XDG_CONFIG_HOME", "/x/cfg", "XDG_DATA_HOME", "relative/ignored"), "/home/u");
        assertEquals(Path.of("/x/cfg/sonicsight"), p.configDir());
        assertEquals(Path.of("/home/u/.local/share/sonicsight"), p.dataDir());
    }
}
