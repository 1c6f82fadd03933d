package org.sonicsight.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sonicsight.testsupport.BarkFixture;

/** identify --events and listen, end to end with the shipped model, on a recording with barks at known times. */
class EventsCliTest {

    @TempDir
    Path tmp;

    @Test
    void identifyEventsPrintsOneJsonLinePerBark() throws Exception {
        Path wav = tmp.resolve("barks.wav");
        List<BarkFixture.Span> barks = BarkFixture.write(wav);
        CliErrorsTest.Result r = CliErrorsTest.run("identify", "--events", "--json", wav.toString());
        assertEquals(ExitCodes.OK, r.code(), r.err());
        assertBarks(r.out(), barks, "file", wav.toString());
    }

    @Test
    void identifyEventsAsTextIsOneLinePerEvent() throws Exception {
        Path wav = tmp.resolve("barks.wav");
        BarkFixture.write(wav);
        CliErrorsTest.Result r = CliErrorsTest.run("identify", "--events", wav.toString());
        assertEquals(ExitCodes.OK, r.code(), r.err());
        String[] lines = r.out().strip().split("\n");
        assertEquals(2, lines.length, r.out());
        assertTrue(lines[0].matches(".*barks\\.wav: 0:0\\d\\.\\d-0:\\d\\d\\.\\d dog [01]\\.\\d\\d"), lines[0]);
    }

    @Test
    void listenToADemoFileTenTimesFasterPrintsTheBarksAndEnds() throws Exception {
        Path wav = tmp.resolve("barks.wav");
        List<BarkFixture.Span> barks = BarkFixture.write(wav);
        long t0 = System.nanoTime();
        CliErrorsTest.Result r = CliErrorsTest.run("listen", "--demo", wav.toString(), "--json", "--speed", "10");
        double seconds = (System.nanoTime() - t0) / 1e9;
        assertEquals(ExitCodes.OK, r.code(), r.err());
        assertBarks(r.out(), barks, "file", wav.toString());
        // paced: 45 s of audio at 10x takes about 4.5 s, not as long as real time and not instantly
        assertTrue(seconds > 4.0 && seconds < 20, "took " + seconds + " s");
    }

    @Test
    void eventsAndListenRefuseBadCombinations() {
        CliErrorsTest.assertOneCleanLine(CliErrorsTest.run("identify", "--events", "--space", "a/b", "x.wav"),
                ExitCodes.USAGE, "--space");
        CliErrorsTest.assertOneCleanLine(CliErrorsTest.run("listen", "--demo", "x.wav", "--device", "mic"),
                ExitCodes.USAGE, "not both");
        CliErrorsTest.assertOneCleanLine(CliErrorsTest.run("listen", "--speed", "10"), ExitCodes.USAGE, "--demo");
        CliErrorsTest.assertOneCleanLine(CliErrorsTest.run("listen", "--demo", tmp.resolve("nope.wav").toString()),
                ExitCodes.BAD_INPUT, "File not found");
        CliErrorsTest.assertOneCleanLine(CliErrorsTest.run("identify", "--events", tmp.resolve("nope.wav").toString()),
                ExitCodes.BAD_INPUT, "File not found");
    }

    private static void assertBarks(String out, List<BarkFixture.Span> barks, String key, String source) {
        String[] lines = out.strip().split("\n");
        assertEquals(barks.size(), lines.length, out);
        for (int i = 0; i < lines.length; i++) {
            JsonObject o = JsonParser.parseString(lines[i]).getAsJsonObject();
            assertEquals(source, o.get(key).getAsString());
            assertEquals("dog", o.get("verdict").getAsString());
            assertEquals("dog", o.get("label").getAsString());
            assertTrue(o.get("confidence").getAsDouble() > 0.5 && o.get("confidence").getAsDouble() <= 1.0);
            assertTrue(o.get("backend").getAsString().startsWith("local model"));
            double start = o.get("start").getAsDouble();
            double end = o.get("end").getAsDouble();
            BarkFixture.Span bark = barks.get(i);
            assertTrue(start < bark.end() + 1 && end > bark.start() - 1, lines[i] + " vs " + bark);
        }
    }
}
