package org.sonicsight.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import org.sonicsight.app.SonicSightCommand;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sonicsight.testsupport.TestEnv;

/** Every bad input gives one clear line on stderr and a non-zero exit code, never a stack trace. */
class CliErrorsTest {

    @TempDir
    Path tmp;

    record Result(int code, String out, String err) {
    }

    static Result run(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        StringWriter picoErr = new StringWriter();
        StringWriter picoOut = new StringWriter();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int code = SonicSightCommand.commandLine(new PrintWriter(picoOut, true), new PrintWriter(picoErr, true))
                    .execute(args);
            return new Result(code, out.toString(StandardCharsets.UTF_8) + picoOut,
                    err.toString(StandardCharsets.UTF_8) + picoErr);
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    static void assertOneCleanLine(Result r, int expectedCode, String expectedFragment) {
        assertEquals(expectedCode, r.code(), "exit code; stderr: " + r.err());
        String[] lines = r.err().strip().split("\n");
        String errorLine = lines[lines.length - 1];
        assertTrue(errorLine.startsWith("sonicsight: "), r.err());
        assertTrue(errorLine.contains(expectedFragment), r.err());
        assertFalse(r.err().contains("\tat "), "no stack trace: " + r.err());
        assertFalse(r.err().contains("Exception"), "no exception names: " + r.err());
    }

    @Test
    void missingFile() {
        assertOneCleanLine(run("spectrogram", tmp.resolve("nope.wav").toString(), "-o", tmp.resolve("x.png").toString()),
                ExitCodes.BAD_INPUT, "File not found");
        assertOneCleanLine(run("identify", tmp.resolve("nope.wav").toString()), ExitCodes.BAD_INPUT, "File not found");
    }

    @Test
    void corruptFile() throws Exception {
        byte[] wav = Files.readAllBytes(TestEnv.fixture("rain_esc50_22050hz_mono.wav"));
        Path f = tmp.resolve("cut.wav");
        Files.write(f, java.util.Arrays.copyOf(wav, 20));
        assertOneCleanLine(run("spectrogram", f.toString(), "-o", tmp.resolve("x.png").toString()),
                ExitCodes.BAD_INPUT, "truncated or corrupt");
    }

    @Test
    void unsupportedFormat() throws Exception {
        Path f = tmp.resolve("random.bin");
        byte[] junk = new byte[4096];
        new Random(3).nextBytes(junk);
        junk[0] = 'Z';
        Files.write(f, junk);
        assertOneCleanLine(run("spectrogram", f.toString(), "-o", tmp.resolve("x.png").toString()),
                ExitCodes.BAD_INPUT, "not a supported audio file");
    }

    @Test
    void emptyAudio() throws Exception {
        Path f = Files.createFile(tmp.resolve("empty.wav"));
        assertOneCleanLine(run("identify", f.toString()), ExitCodes.BAD_INPUT, "empty");
        Path header = tmp.resolve("header-only.wav");
        Files.write(header, java.util.Arrays.copyOf(Files.readAllBytes(TestEnv.fixture("rain_esc50_22050hz_mono.wav")), 44));
        assertOneCleanLine(run("spectrogram", header.toString(), "-o", tmp.resolve("x.png").toString()),
                ExitCodes.BAD_INPUT, "no audio");
    }

    @Test
    void noInputDevice() {
        // With no sound server or card, Java Sound lists no capture device; with one, pick a name that cannot exist.
        Result r = run("record", "-d", "1", "-o", tmp.resolve("r.wav").toString(), "--device", "no-such-device-xyz");
        assertOneCleanLine(r, ExitCodes.NO_DEVICE, "device");
    }

    @Test
    void usageErrors() {
        Result r = run("spectrogram", "x.wav");
        assertEquals(ExitCodes.USAGE, r.code());
        assertTrue(r.err().contains("Missing required option"), r.err());
        assertOneCleanLine(run("spectrogram", TestEnv.fixture("rain_esc50_22050hz_mono.wav").toString(),
                "-o", tmp.resolve("x.png").toString(), "--colormap", "rainbow"), ExitCodes.USAGE, "Unknown colormap");
    }

    @Test
    void spectrogramWritesPngWithAndWithoutAxes() throws Exception {
        Path fixture = TestEnv.fixture("dog_bark_esc50_48000hz_stereo.wav");
        Path figure = tmp.resolve("fig.png");
        Result r = run("spectrogram", fixture.toString(), "-o", figure.toString());
        assertEquals(0, r.code(), r.err());
        var img = ImageIO.read(figure.toFile());
        assertEquals(1000, img.getWidth());
        assertEquals(500, img.getHeight());
        Path bare = tmp.resolve("bare.png");
        assertEquals(0, run("spectrogram", fixture.toString(), "-o", bare.toString(), "--no-axes").code());
        var raw = ImageIO.read(bare.toFile());
        assertEquals(216, raw.getWidth(), "one column per frame (5 s at hop 512)");
        assertEquals(128, raw.getHeight(), "one row per mel band");
    }

    @Test
    void recordFromVirtualMicrophoneWritesWav() throws Exception {
        Path out = tmp.resolve("rec.wav");
        Result r = run("record", "-d", "0.5", "-o", out.toString(), "--demo",
                TestEnv.fixture("dog_bark_kaggle_16000hz_mono.wav").toString(), "--quiet");
        assertEquals(0, r.code(), r.err());
        var clip = org.sonicsight.core.audio.AudioDecoder.readAll(out, 0);
        assertEquals(16000, clip.sampleRate());
        assertEquals(8000, clip.samples().length);
    }
}
