package org.sonicsight.core.settings;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads and saves {@link Settings} as JSON. Saves are debounced (a slider
 * drag is one write, not a hundred) and atomic; a missing or corrupt file
 * means defaults plus a logged warning, never a failure to start.
 */
public final class SettingsStore implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SettingsStore.class);
    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().create();

    private final Path file;
    private final Path tokenFile;
    private final Duration debounce;
    private final ScheduledExecutorService writer;
    private ScheduledFuture<?> pending;
    private Settings pendingValue;
    private final Object writeLock = new Object();

    public SettingsStore(AppPaths paths) {
        this(paths.settingsFile(), paths.tokenFile(), Duration.ofMillis(400));
    }

    public SettingsStore(Path file, Path tokenFile, Duration debounce) {
        this.file = file;
        this.tokenFile = tokenFile;
        this.debounce = debounce;
        this.writer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "settings-writer");
            t.setDaemon(true);
            return t;
        });
    }

    public Path file() {
        return file;
    }

    /** The saved settings, or defaults (with a warning) when the file is missing or unreadable. */
    public Settings load() {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            LOG.info("No settings at {} yet; using defaults", file);
            return Settings.DEFAULTS;
        } catch (IOException e) {
            LOG.warn("Could not read settings {} ({}); using defaults", file, e.getMessage());
            return Settings.DEFAULTS;
        }
        try {
            return fromJson(text);
        } catch (RuntimeException e) {
            LOG.warn("Settings file {} is corrupt ({}); using defaults", file, e.getMessage());
            return Settings.DEFAULTS;
        }
    }

    /** Parses settings JSON; missing fields keep their defaults. */
    static Settings fromJson(String text) {
        JsonElement parsed = JsonParser.parseString(text);
        if (!parsed.isJsonObject()) {
            throw new JsonParseException("not a JSON object");
        }
        JsonObject merged = GSON.toJsonTree(Settings.DEFAULTS).getAsJsonObject();
        for (Map.Entry<String, JsonElement> e : parsed.getAsJsonObject().entrySet()) {
            if (merged.has(e.getKey()) && !e.getValue().isJsonNull()) {
                merged.add(e.getKey(), e.getValue());
            }
        }
        Settings s = GSON.fromJson(merged, Settings.class);
        if (s == null) {
            throw new JsonParseException("empty");
        }
        return s;
    }

    static String toJson(Settings s) {
        return GSON.toJson(s);
    }

    /** Schedules a save; calls within the debounce interval coalesce into one write of the latest value. */
    public synchronized void save(Settings settings) {
        pendingValue = settings;
        if (pending != null) {
            pending.cancel(false);
        }
        pending = writer.schedule(this::writePending, debounce.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Writes a pending save now (on exit). */
    public void flush() {
        ScheduledFuture<?> p;
        synchronized (this) {
            p = pending;
            if (p != null) {
                p.cancel(false);
            }
        }
        writePending();
    }

    private void writePending() {
        // One write at a time; a flush waits for a write already under way.
        synchronized (writeLock) {
            writePendingLocked();
        }
    }

    private void writePendingLocked() {
        Settings value;
        synchronized (this) {
            value = pendingValue;
            pendingValue = null;
            pending = null;
        }
        if (value == null) {
            return;
        }
        try {
            AtomicFiles.write(file, toJson(value).getBytes(StandardCharsets.UTF_8));
            LOG.debug("Saved settings to {}", file);
            report(null);
        } catch (IOException e) {
            String why = "could not write " + file + " (" + reason(e) + ")";
            LOG.warn("Settings are not being saved: {}", why);
            report(why);
        }
    }

    /**
     * Told after each write: null when it worked, else why not (a full disk, a read-only folder). The app
     * shows it; the file already on disk keeps the last settings that were written.
     */
    public void onSaveResult(java.util.function.Consumer<String> listener) {
        saveListener = listener == null ? why -> { } : listener;
    }

    private volatile java.util.function.Consumer<String> saveListener = why -> { };

    private void report(String why) {
        try {
            saveListener.accept(why);
        } catch (RuntimeException e) {
            LOG.debug("settings save listener failed", e);
        }
    }

    private static String reason(IOException e) {
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof java.nio.file.FileSystemException f && f.getReason() != null) {
            return f.getReason();
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    /** The Hugging Face token, if one was saved. */
    public Optional<String> loadToken() {
        try {
            String t = Files.readString(tokenFile, StandardCharsets.UTF_8).trim();
            return t.isEmpty() ? Optional.empty() : Optional.of(t);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            LOG.warn("Could not read the saved Space token: {}", e.getMessage());
            return Optional.empty();
        }
    }

    /** Saves the token in a file only its owner can read; blank removes it. */
    public void saveToken(String token) throws IOException {
        if (token == null || token.isBlank()) {
            Files.deleteIfExists(tokenFile);
            return;
        }
        AtomicFiles.write(tokenFile, token.trim().getBytes(StandardCharsets.UTF_8), true);
    }

    @Override
    public void close() {
        flush();
        writer.shutdown();
    }
}
