package org.sonicsight.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;

/**
 * The audio fixtures that travel with the tests: FLAC in {@code /fixtures} on the test class path,
 * turned back into the original WAV files (16-bit PCM, plain 44-byte header) through Java Sound
 * (the jflac provider and the JDK's WAVE writer), byte for byte: each result must match its line in
 * {@code /fixtures/SHA256SUMS}, else the test fails rather than run on a different file.
 */
final class Fixtures {

    private static final String DIR = "/fixtures/";
    private static final Map<String, Path> MADE = new HashMap<>();

    private Fixtures() {
    }

    static Optional<Path> flac(String wavName) {
        URL url = Fixtures.class.getResource(DIR + stem(wavName) + ".flac");
        if (url == null || !"file".equals(url.getProtocol())) {
            return Optional.empty();
        }
        try {
            return Optional.of(Paths.get(url.toURI()));
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static synchronized Optional<Path> wav(String name) {
        Path made = MADE.get(name);
        if (made != null) {
            return Optional.of(made);
        }
        Optional<Path> flac = flac(name);
        String want = sums().get(name);
        if (flac.isEmpty() || want == null) {
            return Optional.empty();
        }
        // target/test-classes/fixtures/x.flac -> target/test-fixtures/x.wav
        Path out = flac.get().getParent().getParent().resolveSibling("test-fixtures").resolve(name);
        try {
            if (!Files.exists(out) || !want.equals(sha256(out))) {
                Files.createDirectories(out.getParent());
                Path tmp = Files.createTempFile(out.getParent(), name, ".part");
                try (AudioInputStream in = AudioSystem.getAudioInputStream(flac.get().toFile())) {
                    AudioFormat f = in.getFormat();
                    AudioFormat pcm = new AudioFormat(AudioFormat.Encoding.PCM_SIGNED, f.getSampleRate(), 16,
                            f.getChannels(), 2 * f.getChannels(), f.getSampleRate(), false);
                    try (AudioInputStream pcmIn = AudioSystem.getAudioInputStream(pcm, in)) {
                        Files.deleteIfExists(tmp);
                        AudioSystem.write(pcmIn, AudioFileFormat.Type.WAVE, tmp.toFile());
                    }
                }
                String got = sha256(tmp);
                if (!want.equals(got)) {
                    Files.deleteIfExists(tmp);
                    throw new IllegalStateException("fixture " + name + " decoded from " + flac.get()
                            + " has SHA-256 " + got + ", not " + want);
                }
                Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            }
        } catch (IOException | javax.sound.sampled.UnsupportedAudioFileException e) {
            throw new IllegalStateException("fixture " + name + ": " + e.getMessage(), e);
        }
        MADE.put(name, out);
        return Optional.of(out);
    }

    private static Map<String, String> sums() {
        Map<String, String> sums = new HashMap<>();
        try (InputStream in = Fixtures.class.getResourceAsStream(DIR + "SHA256SUMS")) {
            if (in == null) {
                return sums;
            }
            for (String line : new String(in.readAllBytes(), StandardCharsets.US_ASCII).split("\n")) {
                String[] parts = line.trim().split("\\s+\\*?", 2);
                if (parts.length == 2) {
                    sums.put(parts[1], parts[0]);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return sums;
    }

    static String sha256(Path file) throws IOException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String stem(String name) {
        return name.endsWith(".wav") ? name.substring(0, name.length() - 4) : name;
    }
}
