package org.sonicsight.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The bench commands run end to end and print the lines the bars are read from. Figures are not
 * asserted (they belong to the machine), only that they are there and make sense.
 */
class BenchCommandsTest {

    private record Result(int code, String out) {
    }

    private static Result run(String... args) {
        PrintStream oldOut = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        StringWriter picoOut = new StringWriter();
        StringWriter picoErr = new StringWriter();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            int code = SonicSightCommand.commandLine(new PrintWriter(picoOut, true), new PrintWriter(picoErr, true))
                    .execute(args);
            return new Result(code, out.toString(StandardCharsets.UTF_8) + picoOut + picoErr);
        } finally {
            System.setOut(oldOut);
        }
    }

    @Test
    void webComparesItselfWithTheBareModelThroughASecondJvm() {
        Result r = run("bench", "web", "--seconds", "1", "--concurrency", "2", "--max-warmup", "1");
        assertEquals(0, r.code(), r.out());
        assertTrue(r.out().contains("clients: 2 in a second JVM"), r.out());
        assertTrue(r.out().contains("responses by status: {200="), r.out());
        Matcher bare = Pattern.compile("bare model: ([0-9.]+) clips/s on \\d+ threads").matcher(r.out());
        assertTrue(bare.find(), r.out());
        assertTrue(Double.parseDouble(bare.group(1)) > 0, r.out());
        Matcher ratio = Pattern.compile("web throughput: ([0-9.]+) req/s = ([0-9]+\\.[0-9]{2}) of the bare model")
                .matcher(r.out());
        assertTrue(ratio.find(), r.out());
        assertTrue(Double.parseDouble(ratio.group(1)) > 0 && Double.parseDouble(ratio.group(2)) > 0, r.out());
        assertTrue(r.out().contains("CPU per request: "), r.out());
    }

    @Test
    void spectrogramPrintsCpuMediansAndTheLoad() {
        Result r = run("bench", "spectrogram", "--no-peer", "--seconds", "2", "--iterations", "3",
                "--max-warmup", "0");
        assertEquals(0, r.code(), r.out());
        assertTrue(r.out().contains("load average: "), r.out());
        Matcher cpu = Pattern.compile("median ([0-9.]+) ms CPU \\(([0-9.]+) ms wall").matcher(r.out());
        assertTrue(cpu.find(), r.out());
        assertTrue(Double.parseDouble(cpu.group(1)) > 0, r.out());
    }
}
