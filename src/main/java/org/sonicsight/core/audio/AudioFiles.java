package org.sonicsight.core.audio;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Turns what a user named (files and folders) into the audio files to analyse:
 * files as given, folders searched recursively for audio files (by extension,
 * sorted by path, hidden files and folders skipped). Used by the CLI's
 * {@code identify} and the desktop's batches.
 */
public final class AudioFiles {

    /** Extensions of the formats {@link AudioDecoder} reads (a file named by the user is tried whatever its name). */
    public static final Set<String> EXTENSIONS = Set.of("wav", "wave", "aif", "aiff", "aifc", "au", "snd", "flac",
            "mp3", "ogg", "oga", "opus", "m4a", "mp4", "m4v", "mov", "webm", "mka", "mkv");

    private AudioFiles() {
    }

    public static boolean looksLikeAudio(Path file) {
        String name = file.getFileName() == null ? "" : file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 && EXTENSIONS.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT));
    }

    /**
     * @param named files and folders, in the order given
     * @return files in the order given; each folder replaced by its audio files, sorted
     * @throws IOException when a folder cannot be listed
     */
    public static List<Path> expand(List<Path> named) throws IOException {
        List<Path> out = new ArrayList<>();
        for (Path p : named) {
            if (Files.isDirectory(p)) {
                out.addAll(inFolder(p));
            } else {
                out.add(p);
            }
        }
        return out;
    }

    /** The audio files under {@code folder}, recursively, sorted by path. */
    public static List<Path> inFolder(Path folder) throws IOException {
        try (Stream<Path> walk = Files.walk(folder)) {
            return walk.filter(p -> !hidden(folder, p))
                    .filter(Files::isRegularFile)
                    .filter(AudioFiles::looksLikeAudio)
                    .sorted()
                    .toList();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private static boolean hidden(Path root, Path p) {
        for (Path part : root.relativize(p)) {
            if (part.toString().startsWith(".")) {
                return true;
            }
        }
        return false;
    }
}
