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
                Instant.now().minus(Duration.ofDays(2))), clip, png);
        HistoryEntry newer = store.add(HistoryEntry.of(prediction("cat", 0.4), "b.wav", "Space was asleep",
                Instant.now().minus(Duration.ofDays(1))), null, null);

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

    @Test
    void limitsRemoveTheOldestEntriesByAgeAndThenBySize() throws Exception {
        HistoryStore store = new HistoryStore(tmp.resolve("limited"));
        assertEquals(HistoryLimits.DEFAULTS, store.limits());
        assertEquals(new HistoryLimits(500, 90), HistoryLimits.DEFAULTS);
        AudioClip second = new AudioClip(new float[22050], 22050, "one second"); // a 44 KB WAV
        Instant now = Instant.now();
        // 100 days old: past the default 90 days, removed as soon as anything is added
        HistoryEntry ancient = store.add(HistoryEntry.of(prediction("dog", 0.9), "ancient.wav", "",
                now.minus(Duration.ofDays(100))), second, null);
        assertTrue(store.list().isEmpty(), "an entry past the age limit does not stay");
        assertFalse(Files.exists(store.dir().resolve(ancient.id())));
        for (int i = 0; i < 30; i++) {
            store.add(HistoryEntry.of(prediction(i % 2 == 0 ? "dog" : "cat", 0.9), "f" + i + ".wav", "",
                    now.minus(Duration.ofMinutes(60 - i))), second, null);
        }
        assertEquals(30, store.list().size());
        long each = store.totalBytes() / 30;
        assertTrue(each > 40_000, "each entry holds its WAV: " + each);

        // 1 MB: only the newest that fit stay
        int removed = store.setLimits(new HistoryLimits(1, 0));
        List<HistoryEntry> left = store.list();
        assertEquals(30 - left.size(), removed);
        assertTrue(store.totalBytes() <= 1024 * 1024, "fits: " + store.totalBytes());
        assertTrue(left.size() >= (1024 * 1024) / each - 1 && left.size() < 30, left.size() + " left");
        assertEquals("f29.wav", left.get(0).source(), "the newest stays");
        // the limits are kept beside the entries and read back by a new store
        assertEquals(new HistoryLimits(1, 0), new HistoryStore(tmp.resolve("limited")).limits());
        // no limit (0) keeps everything
        store.setLimits(new HistoryLimits(0, 0));
        store.add(HistoryEntry.of(prediction("dog", 0.9), "old.wav", "", now.minus(Duration.ofDays(400))), null, null);
        assertEquals(left.size() + 1, store.list().size());
    }

    @Test
    void filterByVerdictAndName() {
        HistoryEntry dog = HistoryEntry.of(prediction("dog", 0.9), "File: Garden-Morning.wav", "", Instant.now());
        HistoryEntry cat = HistoryEntry.of(prediction("cat", 0.8), "Microphone: USB", "", Instant.now());
        assertTrue(HistoryFilter.ALL.matches(dog) && HistoryFilter.ALL.matches(cat));
        assertTrue(new HistoryFilter("Dog", "").matches(dog));
        assertFalse(new HistoryFilter("dog", "").matches(cat));
        assertTrue(new HistoryFilter("", "garden").matches(dog));
        assertFalse(new HistoryFilter("", "garden").matches(cat));
        assertFalse(new HistoryFilter("cat", "garden").matches(dog));
        assertTrue(new HistoryFilter("cat", "usb").matches(cat));
    }
}
