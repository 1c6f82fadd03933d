package org.sonicsight.core.dsp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.sonicsight.core.audio.AudioClip;
import org.sonicsight.core.audio.AudioDecoder;
import org.sonicsight.testsupport.TestEnv;

/**
 * Golden-file parity with librosa, computed in the same run by a real librosa
 * (src/test/python/librosa_golden.py): max |Java - librosa| ≤ 0.5 dB over all
 * bins above the −80 dB floor.
 */
class LibrosaParityTest {

    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(strings = {"dog_bark_esc50_22050hz_mono.wav", "cat_meow_esc50_22050hz_mono.wav",
        "rain_esc50_22050hz_mono.wav"})
    void melSpectrogramMatchesLibrosa(String fixture) throws Exception {
        String python = TestEnv.python();
        Path wav = TestEnv.fixture(fixture);
        float[][] golden = librosa(python, wav);

        AudioClip clip = AudioDecoder.readAll(wav, 22050);
        Spectrogram java = new SpectrogramAnalyzer(SpectrogramConfig.DEFAULT).analyze(clip);

        assertEquals(golden.length, java.columns(), "frame count");
        assertEquals(golden[0].length, java.bands(), "mel bands");
        double maxDiff = 0;
        long compared = 0;
        for (int f = 0; f < golden.length; f++) {
            for (int m = 0; m < golden[f].length; m++) {
                if (golden[f][m] > -80f + 1e-3f) {
                    maxDiff = Math.max(maxDiff, Math.abs(golden[f][m] - java.db()[f][m]));
                    compared++;
                }
            }
        }
        System.out.printf(Locale.ROOT, "librosa parity %s: max |diff| %.4f dB over %d bins above the floor%n",
                fixture, maxDiff, compared);
        assertTrue(compared > golden.length * 10L, "enough bins above the floor to compare");
        assertTrue(maxDiff <= 0.5, "max diff " + maxDiff + " dB exceeds 0.5 dB");
    }

    static float[][] librosa(String python, Path wav) throws IOException, InterruptedException {
        Path out = Files.createTempFile("golden", ".bin");
        try {
            Path script = Paths.get("src/test/python/librosa_golden.py").toAbsolutePath();
            Process p = new ProcessBuilder(python, script.toString(), wav.toString(), out.toString())
                    .redirectErrorStream(true).start();
            String log = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IOException("librosa failed: " + log);
            }
            System.out.print(log);
            ByteBuffer bb = ByteBuffer.wrap(Files.readAllBytes(out)).order(ByteOrder.LITTLE_ENDIAN);
            int frames = bb.getInt();
            int mels = bb.getInt();
            float[][] db = new float[frames][mels];
            for (int f = 0; f < frames; f++) {
                for (int m = 0; m < mels; m++) {
                    db[f][m] = bb.getFloat();
                }
            }
            return db;
        } finally {
            Files.deleteIfExists(out);
        }
    }
}
