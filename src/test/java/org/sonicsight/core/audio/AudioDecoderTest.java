package org.sonicsight.core.audio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.sonicsight.testsupport.TestEnv;

class AudioDecoderTest {

    @TempDir
    Path tmp;

    @ParameterizedTest
    @CsvSource({
        "dog_bark_esc50_22050hz_mono.wav, 22050, 110250",
        "dog_bark_kaggle_16000hz_mono.wav, 16000, 49472",
        "rooster_esc50_44100hz_mono.wav, 44100, 220500",
        "dog_bark_esc50_48000hz_stereo.wav, 48000, 240000",
        "silence_16000hz_mono_2s.wav, 16000, 32000",
    })
    void decodesFixturesExactly(String name, int rate, int samples) throws Exception {
        AudioClip clip = AudioDecoder.readAll(TestEnv.fixture(name), 0);
        assertEquals(rate, clip.sampleRate());
        assertEquals(samples, clip.samples().length);
    }

    @Test
    void stereoWithIdenticalChannelsMixesToTheSameSignal() throws Exception {
        // The 48 kHz fixture holds the same mono signal in both channels.
        AudioClip clip = AudioDecoder.readAll(TestEnv.fixture("dog_bark_esc50_48000hz_stereo.wav"), 0);
        try (AudioInputStream in = AudioSystem.getAudioInputStream(TestEnv.fixture("dog_bark_esc50_48000hz_stereo.wav").toFile())) {
            byte[] b = in.readNBytes(4 * 1000);
            ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < 1000; i++) {
                short left = bb.getShort();
                bb.getShort();
                assertEquals(left / 32768f, clip.samples()[i], 1e-6);
            }
        }
    }

    @Test
    void decodesEsc50FlacAtNativeRate() throws Exception {
        // the ESC-50 bark fixture as the test resources carry it (FLAC, 22050 Hz)
        Path flac = TestEnv.fixtureFlac("dog_bark_esc50_22050hz_mono.wav");
        AudioClip clip = AudioDecoder.readAll(flac, 0);
        assertEquals(22050, clip.sampleRate());
        assertEquals(110250, clip.samples().length);
        assertTrue(Levels.of(clip.samples()).peakDbfs() > -40, "a dog bark is not silent");
    }

    @Test
    void decodesKaggleFlac() throws Exception {
        Path flac = TestEnv.fixtureFlac("dog_bark_kaggle_16000hz_mono.wav");
        AudioClip clip = AudioDecoder.readAll(flac, 0);
        assertEquals(16000, clip.sampleRate());
        // the FLAC and the WAV fixture hold the same recording, sample for sample
        AudioClip wav = AudioDecoder.readAll(TestEnv.fixture("dog_bark_kaggle_16000hz_mono.wav"), 0);
        assertArrayEquals(wav.samples(), clip.samples(), 1e-6f);
    }

    /** Integer PCM of every width, both byte orders where Java Sound writes them, exact to the LSB. */
    @ParameterizedTest
    @CsvSource({
        "8, 8000, 1, WAVE", "16, 11025, 1, WAVE", "24, 96000, 2, WAVE", "32, 192000, 1, WAVE",
        "16, 44100, 6, WAVE", "16, 22050, 2, AIFF", "24, 48000, 1, AIFF", "16, 8000, 1, AU", "16, 37800, 3, WAVE"
    })
    void decodesIntegerPcmExactly(int bits, int rate, int channels, String type) throws Exception {
        int frames = rate / 10 + 7;
        double[] signal = testSignal(frames, rate);
        AudioFormat.Encoding enc = bits == 8 && type.equals("WAVE") ? AudioFormat.Encoding.PCM_UNSIGNED
                : AudioFormat.Encoding.PCM_SIGNED;
        boolean bigEndian = !type.equals("WAVE");
        AudioFormat format = new AudioFormat(enc, rate, bits, channels, channels * bits / 8, rate, bigEndian);
        byte[] data = encodeInt(signal, format);
        AudioFileFormat.Type fileType = switch (type) {
            case "AIFF" -> AudioFileFormat.Type.AIFF;
            case "AU" -> AudioFileFormat.Type.AU;
            default -> AudioFileFormat.Type.WAVE;
        };
        Path file = tmp.resolve("t." + fileType.getExtension());
        AudioSystem.write(new AudioInputStream(new ByteArrayInputStream(data), format, frames), fileType, file.toFile());

        AudioClip clip = AudioDecoder.readAll(file, 0);
        assertEquals(rate, clip.sampleRate());
        assertEquals(frames, clip.samples().length);
        double lsb = 1.0 / (1L << (bits - 1));
        for (int i = 0; i < frames; i++) {
            assertEquals(quantize(signal[i], bits), clip.samples()[i], lsb * 0.51 + 1e-7, "sample " + i);
        }
    }

    @Test
    void decodesFloatWav() throws Exception {
        int rate = 44100;
        int frames = 4410;
        double[] signal = testSignal(frames, rate);
        Path file = tmp.resolve("float.wav");
        Files.write(file, floatWav(signal, rate, 2));
        AudioClip clip = AudioDecoder.readAll(file, 0);
        assertEquals(frames, clip.samples().length);
        for (int i = 0; i < frames; i++) {
            assertEquals((float) signal[i], clip.samples()[i], 1e-6);
        }
    }

    @Test
    void resamplesToTargetRateWithExpectedLength() throws Exception {
        AudioClip clip = AudioDecoder.readAll(TestEnv.fixture("rooster_esc50_44100hz_mono.wav"), 22050);
        assertEquals(22050, clip.sampleRate());
        assertEquals(110250, clip.samples().length, 2);
        AudioClip up = AudioDecoder.readAll(TestEnv.fixture("dog_bark_kaggle_16000hz_mono.wav"), 22050);
        assertEquals(Math.round(49472 * 22050 / 16000.0), up.samples().length, 2);
    }

    @Test
    void zeroSampleWavIsEmpty() throws Exception {
        Path file = tmp.resolve("empty.wav");
        AudioFormat format = new AudioFormat(22050, 16, 1, true, false);
        AudioSystem.write(new AudioInputStream(new ByteArrayInputStream(new byte[0]), format, 0),
                AudioFileFormat.Type.WAVE, file.toFile());
        AudioInputException e = assertThrows(AudioInputException.class, () -> AudioDecoder.readAll(file, 0));
        assertEquals(AudioInputException.Kind.EMPTY, e.kind());
    }

    @Test
    void zeroByteFileIsEmpty() throws Exception {
        Path file = Files.createFile(tmp.resolve("zero.wav"));
        assertEquals(AudioInputException.Kind.EMPTY,
                assertThrows(AudioInputException.class, () -> AudioDecoder.readAll(file, 0)).kind());
    }

    @Test
    void truncatedHeaderIsCorrupt() throws Exception {
        byte[] wav = Files.readAllBytes(TestEnv.fixture("rain_esc50_22050hz_mono.wav"));
        Path file = tmp.resolve("truncated.wav");
        Files.write(file, java.util.Arrays.copyOf(wav, 30));
        AudioInputException e = assertThrows(AudioInputException.class, () -> AudioDecoder.readAll(file, 0));
        assertEquals(AudioInputException.Kind.CORRUPT, e.kind());
        assertTrue(e.getMessage().contains("truncated or corrupt"), e.getMessage());
    }

    @Test
    void truncatedDataStillDecodesWhatIsThere() throws Exception {
        byte[] wav = Files.readAllBytes(TestEnv.fixture("rain_esc50_22050hz_mono.wav"));
        Path file = tmp.resolve("short.wav");
        Files.write(file, java.util.Arrays.copyOf(wav, 44 + 2 * 1000 + 1));
        assertEquals(1000, AudioDecoder.readAll(file, 0).samples().length);
    }

    @Test
    void randomBytesAreUnsupported() throws Exception {
        byte[] junk = new byte[5000];
        new Random(7).nextBytes(junk);
        junk[0] = 'x';
        Path file = tmp.resolve("noise.wav");
        Files.write(file, junk);
        assertEquals(AudioInputException.Kind.UNSUPPORTED_FORMAT,
                assertThrows(AudioInputException.class, () -> AudioDecoder.readAll(file, 0)).kind());
    }

    @Test
    void textRenamedToWavIsUnsupported() throws Exception {
        Path file = tmp.resolve("notes.wav");
        Files.writeString(file, "this is not audio\n");
        AudioInputException e = assertThrows(AudioInputException.class, () -> AudioDecoder.readAll(file, 0));
        assertEquals(AudioInputException.Kind.UNSUPPORTED_FORMAT, e.kind());
        assertTrue(e.getMessage().contains("not a supported audio file"), e.getMessage());
    }

    @Test
    void missingFileAndFolderAreReported() {
        assertEquals(AudioInputException.Kind.NOT_FOUND, assertThrows(AudioInputException.class,
                () -> AudioDecoder.readAll(tmp.resolve("nope.wav"), 0)).kind());
        assertEquals(AudioInputException.Kind.UNREADABLE,
                assertThrows(AudioInputException.class, () -> AudioDecoder.readAll(tmp, 0)).kind());
    }

    /** MP3 and Ogg Vorbis through their service providers; sox makes the files. */
    @ParameterizedTest
    @CsvSource({"mp3, 44100", "ogg, 44100", "flac, 48000"})
    void decodesCompressedFormatsMadeBySox(String ext, int rate) throws Exception {
        TestEnv.need(TestEnv.onPath("sox"), "sox (apt-get install sox libsox-fmt-all) to make " + ext + " files");
        Path wav = tmp.resolve("src.wav");
        int frames = rate * 2;
        double[] signal = new double[frames];
        for (int i = 0; i < frames; i++) {
            signal[i] = 0.5 * Math.sin(2 * Math.PI * 1000 * i / rate);
        }
        AudioFormat format = new AudioFormat(rate, 16, 1, true, false);
        AudioSystem.write(new AudioInputStream(new ByteArrayInputStream(encodeInt(signal, format)), format, frames),
                AudioFileFormat.Type.WAVE, wav.toFile());
        Path out = tmp.resolve("out." + ext);
        String[] extra = ext.equals("flac") ? new String[] {"-b", "24"} : new String[0];
        java.util.List<String> cmd = new java.util.ArrayList<>(java.util.List.of("sox", wav.toString()));
        cmd.addAll(java.util.List.of(extra));
        cmd.add(out.toString());
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, "sox failed: " + log);

        AudioClip clip = AudioDecoder.readAll(out, 0);
        assertEquals(rate, clip.sampleRate());
        if (ext.equals("flac")) {
            assertEquals(frames, clip.samples().length, "FLAC is lossless and exact in length");
            for (int i = 0; i < frames; i++) {
                assertEquals(signal[i], clip.samples()[i], 1.0 / 32768 + 1e-6);
            }
        } else {
            // Lossy codecs add encoder delay/padding; the length is close and the tone survives.
            assertEquals(frames, clip.samples().length, rate * 0.35);
            double rms = Math.pow(10, Levels.of(clip.samples()).rmsDbfs() / 20);
            assertEquals(0.5 / Math.sqrt(2), rms, 0.05);
        }
    }

    @Test
    void streamsLongFilesInBlocks() throws Exception {
        // 10 minutes of 16-bit audio, read block by block: the stream never holds the whole file.
        int rate = 8000;
        long frames = 10L * 60 * rate;
        Path file = tmp.resolve("long.wav");
        AudioFormat format = new AudioFormat(rate, 16, 1, true, false);
        try (AudioInputStream in = new AudioInputStream(new java.io.InputStream() {
            long left = frames * 2;

            @Override
            public int read() {
                return left-- > 0 ? 0x11 : -1;
            }
        }, format, frames)) {
            AudioSystem.write(in, AudioFileFormat.Type.WAVE, file.toFile());
        }
        long total = 0;
        float[] block = new float[4096];
        try (SampleStream s = AudioDecoder.open(file, 0)) {
            assertEquals(frames, s.estimatedLength());
            int n;
            while ((n = s.read(block, 0, block.length)) >= 0) {
                total += n;
            }
        }
        assertEquals(frames, total);
    }

    static double[] testSignal(int frames, int rate) {
        double[] s = new double[frames];
        Random r = new Random(1);
        for (int i = 0; i < frames; i++) {
            s[i] = 0.6 * Math.sin(2 * Math.PI * 440 * i / rate) + 0.2 * (r.nextDouble() * 2 - 1);
        }
        s[0] = -1.0;
        s[1] = 0.999;
        return s;
    }

    static float quantize(double v, int bits) {
        long max = (1L << (bits - 1));
        long q = Math.max(-max, Math.min(max - 1, Math.round(v * max)));
        return (float) (q / (double) max);
    }

    /** Every channel gets the same signal, so the mono mix equals it. */
    static byte[] encodeInt(double[] signal, AudioFormat f) {
        int bytes = f.getSampleSizeInBits() / 8;
        int ch = f.getChannels();
        ByteBuffer bb = ByteBuffer.allocate(signal.length * ch * bytes)
                .order(f.isBigEndian() ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        long max = 1L << (f.getSampleSizeInBits() - 1);
        for (double v : signal) {
            long q = Math.max(-max, Math.min(max - 1, Math.round(v * max)));
            if (f.getEncoding() == AudioFormat.Encoding.PCM_UNSIGNED) {
                q += max;
            }
            for (int c = 0; c < ch; c++) {
                for (int b = 0; b < bytes; b++) {
                    int shift = f.isBigEndian() ? 8 * (bytes - 1 - b) : 8 * b;
                    bb.put((byte) (q >> shift));
                }
            }
        }
        return bb.array();
    }

    static byte[] floatWav(double[] signal, int rate, int channels) {
        int dataBytes = signal.length * channels * 4;
        ByteBuffer bb = ByteBuffer.allocate(44 + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        bb.put("RIFF".getBytes()).putInt(36 + dataBytes).put("WAVE".getBytes()).put("fmt ".getBytes()).putInt(16)
                .putShort((short) 3).putShort((short) channels).putInt(rate).putInt(rate * channels * 4)
                .putShort((short) (channels * 4)).putShort((short) 32).put("data".getBytes()).putInt(dataBytes);
        for (double v : signal) {
            for (int c = 0; c < channels; c++) {
                bb.putFloat((float) v);
            }
        }
        return bb.array();
    }

    @Test
    void wavWriterRoundTrips(@TempDir Path dir) throws IOException, AudioInputException {
        float[] s = new float[1234];
        for (int i = 0; i < s.length; i++) {
            s[i] = (float) Math.sin(i / 10.0) * 0.8f;
        }
        Path out = dir.resolve("sub/out.wav");
        WavWriter.write(new AudioClip(s, 16000, "t"), out);
        AudioClip back = AudioDecoder.readAll(out, 0);
        assertEquals(16000, back.sampleRate());
        assertArrayEquals(s, back.samples(), 1f / 32767);
    }
}
