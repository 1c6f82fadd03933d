package org.sonicsight.core.history;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonParseException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sonicsight.core.audio.AudioClip;
import org.sonicsight.core.audio.WavWriter;
import org.sonicsight.core.classify.ClassScore;
import org.sonicsight.core.settings.AtomicFiles;

/**
 * Every identification, kept on disk: one folder per entry holding
 * {@code entry.json}, the snapshot ({@code clip.wav}) and its spectrogram
 * ({@code spectrogram.png}). An entry is written into a hidden temporary
 * folder and renamed into place in one step, so a crash leaves either a whole
 * entry or none; a folder whose JSON cannot be read is skipped with a warning.
 * {@link HistoryLimits} (kept in {@code limits.json} beside the entries, 500 MB and 90 days unless set) are
 * applied after each entry is added: the oldest entries go first.
 * Thread-safe for one process.
 */
public final class HistoryStore {

    private static final Logger LOG = LoggerFactory.getLogger(HistoryStore.class);
    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().create();
    private static final DateTimeFormatter ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS", Locale.ROOT)
            .withZone(ZoneOffset.UTC);
    static final String ENTRY_JSON = "entry.json";
    static final String AUDIO = "clip.wav";
    static final String IMAGE = "spectrogram.png";
    static final String LIMITS_JSON = "limits.json";

    private final Path dir;

    public HistoryStore(Path dir) {
        this.dir = dir;
    }

    public Path dir() {
        return dir;
    }

    /**
     * Stores an entry with its snapshot and picture (either may be null).
     *
     * @return the entry as stored, with its id and file names
     */
    public synchronized HistoryEntry add(HistoryEntry entry, AudioClip clip, byte[] png) throws IOException {
        HistoryEntry stored;
        try {
            stored = write(entry, clip, png);
        } catch (IOException e) {
            throw new IOException("could not write to " + dir + " (" + reason(e) + ")", e);
        }
        try {
            prune(Instant.now());
        } catch (IOException | RuntimeException e) {
            LOG.warn("Could not apply the history limits in {}: {}", dir, e.getMessage());
        }
        return stored;
    }

    /** The limits set for this folder, or {@link HistoryLimits#DEFAULTS}. */
    public synchronized HistoryLimits limits() {
        Path file = dir.resolve(LIMITS_JSON);
        if (!Files.isRegularFile(file)) {
            return HistoryLimits.DEFAULTS;
        }
        try {
            HistoryLimits l = GSON.fromJson(Files.readString(file, StandardCharsets.UTF_8), HistoryLimits.class);
            return l == null ? HistoryLimits.DEFAULTS : new HistoryLimits(l.maxMegabytes(), l.maxDays());
        } catch (IOException | RuntimeException e) {
            LOG.warn("Unreadable history limits {} ({}); using the defaults", file, e.getMessage());
            return HistoryLimits.DEFAULTS;
        }
    }

    /**
     * Saves new limits and applies them at once.
     *
     * @return how many entries were removed
     */
    public synchronized int setLimits(HistoryLimits limits) throws IOException {
        Files.createDirectories(dir);
        AtomicFiles.write(dir.resolve(LIMITS_JSON), GSON.toJson(limits).getBytes(StandardCharsets.UTF_8));
        return prune(Instant.now());
    }

    /** Bytes the entries take on disk. */
    public synchronized long totalBytes() {
        long total = 0;
        for (HistoryEntry e : list()) {
            total += sizeOf(folderOf(e.id()));
        }
        return total;
    }

    /**
     * Removes entries older than the age limit, then the oldest until the rest fit the size limit.
     *
     * @return how many entries were removed
     */
    public synchronized int prune(Instant now) throws IOException {
        HistoryLimits limits = limits();
        List<HistoryEntry> entries = list(); // newest first
        int removed = 0;
        List<HistoryEntry> kept = new ArrayList<>();
        for (HistoryEntry e : entries) {
            if (limits.maxDays() > 0 && e.instant().isBefore(now.minus(java.time.Duration.ofDays(limits.maxDays())))) {
                removed += delete(e.id()) ? 1 : 0;
            } else {
                kept.add(e);
            }
        }
        long[] sizes = new long[kept.size()];
        long total = 0;
        for (int i = 0; i < kept.size(); i++) {
            sizes[i] = sizeOf(folderOf(kept.get(i).id()));
            total += sizes[i];
        }
        for (int i = kept.size() - 1; i >= 0 && total > limits.maxBytes(); i--) {
            if (delete(kept.get(i).id())) {
                removed++;
                total -= sizes[i];
            }
        }
        if (removed > 0) {
            LOG.info("History limits ({} MB, {} days): removed {} old entries", limits.maxMegabytes(),
                    limits.maxDays(), removed);
        }
        return removed;
    }

    private static long sizeOf(Path folder) {
        long total = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(folder)) {
            for (Path f : files) {
                total += Files.isRegularFile(f) ? Files.size(f) : 0;
            }
        } catch (IOException e) {
            return 0;
        }
        return total;
    }

    /** Why a write failed, in words: the JDK's messages for these are often just a path. */
    private static String reason(IOException e) {
        if (e instanceof java.nio.file.FileAlreadyExistsException || e instanceof java.nio.file.NotDirectoryException) {
            return "a file is in the way";
        }
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof java.nio.file.FileSystemException f && f.getReason() != null) {
            return f.getReason();
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    private HistoryEntry write(HistoryEntry entry, AudioClip clip, byte[] png) throws IOException {
        Files.createDirectories(dir);
        Instant when = entry.instant();
        String id = ID_TIME.format(when) + "-" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0xFFFF));
        Path staging = dir.resolve(".tmp-" + id);
        Files.createDirectories(staging);
        try {
            String audio = "";
            if (clip != null) {
                WavWriter.write(clip, staging.resolve(AUDIO));
                audio = AUDIO;
            }
            String image = "";
            if (png != null && png.length > 0) {
                Files.write(staging.resolve(IMAGE), png);
                image = IMAGE;
            }
            HistoryEntry stored = entry.withStorage(id, audio, image);
            AtomicFiles.write(staging.resolve(ENTRY_JSON), GSON.toJson(stored).getBytes(StandardCharsets.UTF_8));
            AtomicFiles.move(staging, dir.resolve(id));
            return stored;
        } finally {
            if (Files.exists(staging)) {
                deleteTree(staging);
            }
        }
    }

    /** All readable entries, newest first. Corrupt or half-written folders are skipped with a warning. */
    public synchronized List<HistoryEntry> list() {
        List<HistoryEntry> entries = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return entries;
        }
        try (DirectoryStream<Path> folders = Files.newDirectoryStream(dir, p -> Files.isDirectory(p)
                && !p.getFileName().toString().startsWith("."))) {
            for (Path folder : folders) {
                read(folder).ifPresent(entries::add);
            }
        } catch (IOException e) {
            LOG.warn("Could not list history in {}: {}", dir, e.getMessage());
        }
        entries.sort(Comparator.comparing(HistoryEntry::time).thenComparing(HistoryEntry::id).reversed());
        return entries;
    }

    private Optional<HistoryEntry> read(Path folder) {
        Path json = folder.resolve(ENTRY_JSON);
        try {
            HistoryEntry e = GSON.fromJson(Files.readString(json, StandardCharsets.UTF_8), HistoryEntry.class);
            if (e == null || e.label() == null || e.time() == null) {
                throw new JsonParseException("missing fields");
            }
            e.instant(); // validates the time
            if (!folder.getFileName().toString().equals(e.id())) {
                e = e.withStorage(folder.getFileName().toString(), e.audioFile(), e.imageFile());
            }
            return Optional.of(e);
        } catch (IOException | RuntimeException ex) {
            LOG.warn("Skipping unreadable history entry {}: {}", folder, ex.getMessage());
            return Optional.empty();
        }
    }

    public Optional<HistoryEntry> get(String id) {
        Path folder = folderOf(id);
        return Files.isDirectory(folder) ? read(folder) : Optional.empty();
    }

    /** The snapshot WAV of an entry, if it has one. */
    public Optional<Path> audio(HistoryEntry e) {
        return e.audioFile().isEmpty() ? Optional.empty() : existing(folderOf(e.id()).resolve(e.audioFile()));
    }

    /** The spectrogram PNG of an entry, if it has one. */
    public Optional<Path> image(HistoryEntry e) {
        return e.imageFile().isEmpty() ? Optional.empty() : existing(folderOf(e.id()).resolve(e.imageFile()));
    }

    private static Optional<Path> existing(Path p) {
        return Files.isRegularFile(p) ? Optional.of(p) : Optional.empty();
    }

    /** Removes an entry and its files; returns false when it did not exist. */
    public synchronized boolean delete(String id) throws IOException {
        Path folder = folderOf(id);
        if (!Files.isDirectory(folder)) {
            return false;
        }
        // Rename first so a crash mid-delete never leaves a half entry that list() would show.
        Path trash = dir.resolve(".trash-" + id);
        AtomicFiles.move(folder, trash);
        deleteTree(trash);
        return true;
    }

    private Path folderOf(String id) {
        if (id == null || id.isBlank() || id.contains("/") || id.contains("\\") || id.startsWith(".")) {
            throw new IllegalArgumentException("not a history id: " + id);
        }
        return dir.resolve(id);
    }

    /** Writes all entries as a JSON array (atomic). */
    public void exportJson(Path target) throws IOException {
        JsonArray array = new JsonArray();
        for (HistoryEntry e : list()) {
            array.add(GSON.toJsonTree(e));
        }
        AtomicFiles.write(target, GSON.toJson(array).getBytes(StandardCharsets.UTF_8));
    }

    /** Writes all entries as CSV, one row each, with the top classes in one column (atomic). */
    public void exportCsv(Path target) throws IOException {
        StringBuilder sb = new StringBuilder("id,time,source,label,verdict,confidence,unsure,backend,elapsed_ms,note,top\n");
        for (HistoryEntry e : list()) {
            StringBuilder top = new StringBuilder();
            for (ClassScore s : e.top()) {
                if (top.length() > 0) {
                    top.append("; ");
                }
                top.append(s.label()).append('=').append(String.format(Locale.ROOT, "%.4f", s.probability()));
            }
            sb.append(csv(e.id())).append(',').append(csv(e.time())).append(',').append(csv(e.source())).append(',')
                    .append(csv(e.label())).append(',').append(csv(e.verdict())).append(',')
                    .append(String.format(Locale.ROOT, "%.4f", e.confidence())).append(',').append(e.unsure())
                    .append(',').append(csv(e.backend())).append(',').append(e.elapsedMs()).append(',')
                    .append(csv(e.note())).append(',').append(csv(top.toString())).append('\n');
        }
        AtomicFiles.write(target, sb.toString().getBytes(StandardCharsets.UTF_8));
    }

    static String csv(String s) {
        if (s == null) {
            return "";
        }
        // Neutralise spreadsheet formulas and quote separators.
        String v = !s.isEmpty() && "=+-@".indexOf(s.charAt(0)) >= 0 ? "'" + s : s;
        if (v.contains(",") || v.contains("\"") || v.contains("\n") || v.contains("\r")) {
            return '"' + v.replace("\"", "\"\"") + '"';
        }
        return v;
    }

    private static void deleteTree(Path root) throws IOException {
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException exc) throws IOException {
                Files.delete(d);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
