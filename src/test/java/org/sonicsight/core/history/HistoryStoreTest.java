package org.sonicsight.core.history;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sonicsight.core.audio.AudioClip;
import org.sonicsight.core.audio.AudioDecoder;
import org.sonicsight.core.classify.ClassScore;
import org.sonicsight.core.classify.Prediction;
import org.sonicsight.core.classify.Verdict;

class HistoryStoreTest {

    @TempDir
    Path tmp;

    private static Prediction prediction(String label, double p) {
        return new Prediction(label, p, List.of(new ClassScore(label, p), new ClassScore("other", 1 - p)),
                Verdict.fromLabel(label), p < 0.5, "local model test", Duration.ofMillis(42), Optional.empty(),
                Optional.empty());
    }

    @Test
    void entriesWithFilesSurviveANewStoreAndListNewestFirst() throws Exception {
        HistoryStore store = new HistoryStore(tmp.resolve("history"));
        float[] samples = new float[22050];
        for (int i = 0; i < samples.length; i++) {
            samples[i] = (float) Math.sin(i * 0.05) * 0.5f;
        }
        AudioClip clip = new AudioClip(samples, 22050, "Microphone: test");
        byte[] png = {(byte) 0x89, 'P', 'N', 'G'};
        HistoryEntry older = store.add(HistoryEntry.of(prediction("dog", 0.9), "a.wav", "",
                Instant.parse("2026-01-01T10:00:00Z")), clip, png);
        HistoryEntry newer = store.add(HistoryEntry.of(prediction("cat", 0.4), "b.wav", "Space was asleep",
                Instant.parse("2026-01-02T10:00:00Z")), null, null);

        HistoryStore reopened = new HistoryStore(tmp.resolve("history"));
        List<HistoryEntry> all = reopened.list();
        assertEquals(List.of(newer.id(), older.id()), all.stream().map(HistoryEntry::id).toList());
        HistoryEntry first = all.get(1);
        assertEquals("dog", first.label());
        assertEquals(0.9, first.confidence(), 1e-9);
        assertEquals(2, first.top().size());
        assertEquals(42, first.elapsedMs());
        assertArrayEquals(png, Files.readAllBytes(reopened.image(first).orElseThrow()));
        AudioClip back = AudioDecoder.readAll(reopened.audio(first).orElseThrow(), 0);
        assertEquals(samples.length, back.samples().length);
        assertEquals(samples[100], back.samples()[100], 1e-3);
        assertTrue(reopened.audio(all.get(0)).isEmpty());
        assertEquals("Space was asleep", all.get(0).note());
    }

    @Test
    void corruptAndHalfWrittenEntriesAreSkipped() throws Exception {
        HistoryStore store = new HistoryStore(tmp);
        HistoryEntry good = store.add(HistoryEntry.of(prediction("dog", 0.8), "x", "", Instant.now()), null, null);
        Files.createDirectories(tmp.resolve("20260101-000000-000-bad"));
        Files.writeString(tmp.resolve("20260101-000000-000-bad/entry.json"), "{\"label\": \"dog\", \"ti");
        Files.createDirectories(tmp.resolve("no-json-here"));
        Files.createDirectories(tmp.resolve(".tmp-crashed"));
        Files.writeString(tmp.resolve(".tmp-crashed/entry.json"), Files.readString(tmp.resolve(good.id()).resolve("entry.json")));
        assertEquals(List.of(good.id()), store.list().stream().map(HistoryEntry::id).toList());
    }

    @Test
    void deleteRemovesTheFolder() throws Exception {
        HistoryStore store = new HistoryStore(tmp);
        HistoryEntry e = store.add(HistoryEntry.of(prediction("cat", 0.7), "x", "", Instant.now()), null, new byte[]{1});
        assertTrue(store.delete(e.id()));
        assertFalse(Files.exists(tmp.resolve(e.id())));
        assertTrue(store.list().isEmpty());
        assertFalse(store.delete(e.id()));
    }

    @Test
    void exportsCsvAndJson() throws Exception {
        HistoryStore store = new HistoryStore(tmp.resolve("h"));
        store.add(HistoryEntry.of(prediction("dog", 0.9), "field, \"quoted\".wav", "", Instant.now()), null, null);
        store.add(HistoryEntry.of(prediction("cat", 0.6), "=cmd()", "", Instant.now()), null, null);
        store.exportCsv(tmp.resolve("out.csv"));
        List<String> lines = Files.readAllLines(tmp.resolve("out.csv"));
        assertEquals(3, lines.size());
        assertTrue(lines.get(0).startsWith("id,time,source,label"));
        String all = String.join("\n", lines);
        assertTrue(all.contains("\"field, \"\"quoted\"\".wav\""), all);
        assertTrue(all.contains(",'=cmd(),"), "formula neutralised: " + all);
        store.exportJson(tmp.resolve("out.json"));
        var array = JsonParser.parseString(Files.readString(tmp.resolve("out.json"))).getAsJsonArray();
        assertEquals(2, array.size());
        assertEquals("cat", array.get(0).getAsJsonObject().get("label").getAsString());
    }
}
