package org.sonicsight.core.settings;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Map;

/**
 * Where SonicSight keeps its files, following the XDG base directories:
 * settings under {@code $XDG_CONFIG_HOME/sonicsight}, history and clips under
 * {@code $XDG_DATA_HOME/sonicsight}. Tests and portable installs override
 * them with {@code -Dsonicsight.config.dir} / {@code -Dsonicsight.data.dir}.
 */
public record AppPaths(Path configDir, Path dataDir) {

    public static final String CONFIG_PROPERTY = "sonicsight.config.dir";
    public static final String DATA_PROPERTY = "sonicsight.data.dir";

    /**
     * Resolved from system properties, then the environment ({@code XDG_CONFIG_HOME}, {@code XDG_DATA_HOME};
     * given, never read here), then the XDG defaults under the home folder.
     */
    public static AppPaths resolve(Map<String, String> env, String home) {
        Path config = pick(System.getProperty(CONFIG_PROPERTY), env.get("XDG_CONFIG_HOME"), home, ".config");
        Path data = pick(System.getProperty(DATA_PROPERTY), env.get("XDG_DATA_HOME"), home, ".local/share");
        return new AppPaths(config, data);
    }

    /** Both folders under one root (tests, portable mode). */
    public static AppPaths under(Path root) {
        return new AppPaths(root.resolve("config"), root.resolve("data"));
    }

    private static Path pick(String property, String xdg, String home, String fallback) {
        if (property != null && !property.isBlank()) {
            return Paths.get(property).toAbsolutePath();
        }
        // XDG says relative values are invalid and must be ignored.
        if (xdg != null && !xdg.isBlank() && Paths.get(xdg).isAbsolute()) {
            return Paths.get(xdg, "sonicsight");
        }
        return Paths.get(home, fallback, "sonicsight");
    }

    public Path settingsFile() {
        return configDir.resolve("settings.json");
    }

    public Path tokenFile() {
        return configDir.resolve("space-token");
    }

    public Path historyDir() {
        return dataDir.resolve("history");
    }
}
