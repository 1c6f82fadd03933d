package org.sonicsight.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sonicsight.core.export.EventTableWriter;
import org.sonicsight.testsupport.BarkFixture;

/**
 * identify --events --format over a folder: recursion (audio only, hidden skipped), one row per event in each
 * format, a broken file reported without stopping the batch, per-file outputs in a folder.
 */
class EventsExportCliTest {

    @TempDir
    static Path tmp;
    static Path folder;
    static Path a;
    static Path b;
    static List<BarkFixture.Span> barks;

    @BeforeAll
    static void soundscapes() throws Exception {
        folder = Files.createDirectories(tmp.resolve("site"));
        a = folder.resolve("a.wav");
        barks = BarkFixture.write(a);
        b = Files.createDirectories(folder.resolve("night/2026")).resolve("b.wav");
        Files.copy(a, b);
        Files.writeString(folder.resolve("notes.txt"), "not audio");
        Files.createDirectories(folder.resolve(".cache"));
        Files.copy(a, folder.resolve(".cache/hidden.wav"));
        Files.write(folder.resolve("broken.wav"), "RIFF\u0000\u0000\u0000\u0000WAVEjunk".getBytes(StandardCharsets.ISO_8859_1));
    }

    @Test
    void csvOverAFolderIsOneRowPerEventAndABrokenFileDoesNotStopTheBatch() throws Exception {
        Path out = tmp.resolve("out.csv");
        CliErrorsTest.Result r = CliErrorsTest.run("identify", "--events", "--format", "csv", "--progress",
                "-o", out.toString(), folder.toString());
        assertEquals(ExitCodes.BAD_INPUT, r.code(), "the broken file sets the exit code: " + r.err());
        assertTrue(r.err().contains("broken.wav"), r.err());
        assertTrue(r.err().contains("of 0:45.0"), "a progress line with the file's length: " + r.err());
        assertEquals("", r.out().strip(), "with -o nothing goes to standard output");
        List<String> lines = Files.readAllLines(out);
        assertEquals(EventTableWriter.CSV_HEADER, lines.get(0));
        assertEquals("file,start,end,verdict,label,confidence", lines.get(0));
        List<String> rows = lines.subList(1, lines.size());
        assertEquals(2 * barks.size(), rows.size(), String.join("\n", lines));
        // sorted: a.wav before night/2026/b.wav; the hidden folder and notes.txt are not read
        for (int i = 0; i < rows.size(); i++) {
            String[] f = rows.get(i).split(",");
            assertEquals(6, f.length, rows.get(i));
            assertEquals((i < barks.size() ? a : b).toString(), f[0]);
            BarkFixture.Span bark = barks.get(i % barks.size());
            double start = Double.parseDouble(f[1]);
            double end = Double.parseDouble(f[2]);
            assertTrue(start < bark.end() + 1 && end > bark.start() - 1, rows.get(i) + " vs " + bark);
            assertEquals("dog", f[3]);
            assertEquals("dog", f[4]);
            assertTrue(Double.parseDouble(f[5]) > 0.5, rows.get(i));
        }
        assertFalse(Files.list(tmp).anyMatch(p -> p.getFileName().toString().endsWith(".part")), "no temp file left");
    }

    @Test
    void ravenSelectionTableAndAudacityLabelsFollowTheirFormats() throws Exception {
        CliErrorsTest.Result raven = CliErrorsTest.run("identify", "--events", "--format", "raven", a.toString(),
                b.toString());
        assertEquals(ExitCodes.OK, raven.code(), raven.err());
        String[] lines = raven.out().split("\n");
        assertEquals("Selection\tView\tChannel\tBegin Time (s)\tEnd Time (s)\tLow Freq (Hz)\tHigh Freq (Hz)"
                + "\tBegin Path\tFile Offset (s)\tVerdict\tLabel\tConfidence", lines[0]);
        assertEquals(1 + 2 * barks.size(), lines.length, raven.out());
        for (int i = 1; i < lines.length; i++) {
            String[] f = lines[i].split("\t", -1);
            assertEquals(12, f.length, lines[i]);
            assertEquals(String.valueOf(i), f[0]);
            assertEquals("Spectrogram 1", f[1]);
            assertEquals("1", f[2]);
            double begin = Double.parseDouble(f[3]);
            double offset = Double.parseDouble(f[8]);
            // the second file's selections run on after the first file's 45 s (a Raven file sequence)
            double expectedShift = i > barks.size() ? BarkFixture.SECONDS : 0;
            assertEquals(expectedShift, begin - offset, 1e-3, lines[i]);
            assertTrue(Double.parseDouble(f[4]) > begin);
            assertEquals(0.0, Double.parseDouble(f[5]));
            assertEquals(11025.0, Double.parseDouble(f[6]));
            assertEquals((i > barks.size() ? b : a).toString(), f[7]);
            assertEquals("dog", f[9]);
            assertTrue(f[3].matches("\\d+\\.\\d{6}"), f[3]);
        }

        CliErrorsTest.Result labels = CliErrorsTest.run("identify", "--events", "--format", "audacity", a.toString());
        assertEquals(ExitCodes.OK, labels.code(), labels.err());
        String[] rows = labels.out().strip().split("\n");
        assertEquals(barks.size(), rows.length, labels.out());
        for (int i = 0; i < rows.length; i++) {
            assertTrue(rows[i].matches("\\d+\\.\\d{6}\\t\\d+\\.\\d{6}\\tdog [01]\\.\\d\\d"), rows[i]);
            String[] f = rows[i].split("\t");
            assertTrue(Double.parseDouble(f[0]) < barks.get(i).end() + 1);
        }
    }

    @Test
    void jsonKeepsTheEventFieldsAndAFolderOutputGetsOneFilePerAudioFile() throws Exception {
        Path outDir = Files.createDirectories(tmp.resolve("tables"));
        CliErrorsTest.Result r = CliErrorsTest.run("identify", "--events", "--format", "json", "-o",
                outDir.toString(), a.toString(), b.toString());
        assertEquals(ExitCodes.OK, r.code(), r.err());
        // b.wav's table is b.events.jsonl; a.wav's a.events.jsonl
        for (Path audio : List.of(a, b)) {
            String stem = audio.getFileName().toString().replace(".wav", "");
            List<String> lines = Files.readAllLines(outDir.resolve(stem + ".events.jsonl"));
            assertEquals(barks.size(), lines.size(), String.join("\n", lines));
            JsonObject o = JsonParser.parseString(lines.get(0)).getAsJsonObject();
            assertEquals(List.of("file", "start", "end", "verdict", "label", "confidence", "backend"),
                    List.copyOf(o.keySet()));
            assertEquals(audio.toString(), o.get("file").getAsString());
        }
    }

    @Test
    void badCombinationsAreOneLine() {
        CliErrorsTest.assertOneCleanLine(CliErrorsTest.run("identify", "--format", "csv", a.toString()),
                ExitCodes.USAGE, "--events");
        CliErrorsTest.assertOneCleanLine(CliErrorsTest.run("identify", "--events", "--format", "xls", a.toString()),
                ExitCodes.USAGE, "csv, json, raven or audacity");
        CliErrorsTest.assertOneCleanLine(CliErrorsTest.run("identify", "--events",
                Files.exists(tmp.resolve("empty")) ? tmp.resolve("empty").toString() : mkdir("empty")),
                ExitCodes.BAD_INPUT, "No audio files");
    }

    private static String mkdir(String name) {
        try {
            return Files.createDirectories(tmp.resolve(name)).toString();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
