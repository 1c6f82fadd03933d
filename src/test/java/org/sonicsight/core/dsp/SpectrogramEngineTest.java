package org.sonicsight.core.dsp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sonicsight.core.audio.AudioClip;
import org.sonicsight.core.audio.SampleStream;
import org.sonicsight.core.audio.StreamingResampler;

class SpectrogramEngineTest {

    static float[] sine(double hz, int rate, int n, double amp) {
        float[] s = new float[n];
        for (int i = 0; i < n; i++) {
            s[i] = (float) (amp * Math.sin(2 * Math.PI * hz * i / rate));
        }
        return s;
    }

    @Test
    void frameCountMatchesLibrosaCentering() {
        SpectrogramAnalyzer a = new SpectrogramAnalyzer(SpectrogramConfig.DEFAULT);
        for (int n : new int[] {1, 511, 512, 513, 2048, 110250}) {
            Spectrogram s = a.analyze(new AudioClip(new float[n], 22050, "t"));
            assertEquals(n / 512 + 1, s.columns(), "frames for " + n + " samples");
        }
    }

    @Test
    void toneLandsInTheRightMelBand() {
        int rate = 22050;
        Spectrogram s = new SpectrogramAnalyzer(SpectrogramConfig.DEFAULT).analyze(
                new AudioClip(sine(1000, rate, rate, 0.5), rate, "t"));
        MelFilterbank fb = new MelFilterbank(SpectrogramConfig.DEFAULT);
        float[] mid = s.db()[s.columns() / 2];
        int best = 0;
        for (int m = 1; m < mid.length; m++) {
            if (mid[m] > mid[best]) {
                best = m;
            }
        }
        assertEquals(1000, fb.centerHz(best), 60, "peak band centre");
        assertEquals(0f, mid[best], 0.5f, "ref=max puts the peak at 0 dB");
        assertTrue(s.min() >= -80f - 1e-3, "top_db floors at -80 dB");
    }

    @Test
    void streamingInSmallBlocksEqualsOneShot() {
        int rate = 22050;
        float[] x = sine(440, rate, rate * 2, 0.3);
        List<float[]> oneShot = new ArrayList<>();
        MelFrameStream a = new MelFrameStream(SpectrogramConfig.DEFAULT, true, (f, i) -> oneShot.add(f.clone()));
        a.push(x, 0, x.length);
        a.finish();
        List<float[]> blocks = new ArrayList<>();
        MelFrameStream b = new MelFrameStream(SpectrogramConfig.DEFAULT, true, (f, i) -> blocks.add(f.clone()));
        for (int pos = 0; pos < x.length; pos += 333) {
            b.push(x, pos, Math.min(333, x.length - pos));
        }
        b.finish();
        assertEquals(oneShot.size(), blocks.size());
        for (int i = 0; i < oneShot.size(); i++) {
            for (int m = 0; m < 128; m++) {
                assertEquals(oneShot.get(i)[m], blocks.get(i)[m], 1e-6f * Math.max(1, oneShot.get(i)[m]));
            }
        }
    }

    @Test
    void longStreamIsPooledToBoundedColumns() throws IOException {
        // One hour at 22050 Hz, generated on the fly: never held in memory.
        long total = 3600L * 22050;
        SampleStream hour = new SampleStream() {
            long pos;

            @Override
            public int sampleRate() {
                return 22050;
            }

            @Override
            public int read(float[] buffer, int offset, int len) {
                if (pos >= total) {
                    return -1;
                }
                int n = (int) Math.min(len, total - pos);
                for (int i = 0; i < n; i++) {
                    buffer[offset + i] = (float) (0.1 * Math.sin((pos + i) * 0.05));
                }
                pos += n;
                return n;
            }

            @Override
            public long estimatedLength() {
                return total;
            }

            @Override
            public String sourceDescription() {
                return "synthetic hour";
            }

            @Override
            public void close() {
            }
        };
        Spectrogram s = new SpectrogramAnalyzer(SpectrogramConfig.DEFAULT).analyze(hour, 2048, null, null);
        assertTrue(s.columns() <= 2048, "columns " + s.columns());
        assertEquals(total / 512 + 1, s.totalFrames());
        assertEquals(3600.0, s.durationSeconds(), 1e-6);
        assertTrue(s.framesPerColumn() >= 64);
    }

    @Test
    void resamplerRejectsAliases() {
        // A 15 kHz tone at 44.1 kHz has no place at 22.05 kHz: it must be filtered, not folded to 7.05 kHz.
        int in = 44100;
        float[] alias = sine(15000, in, in, 0.5);
        float[] keep = sine(3000, in, in, 0.5);
        assertTrue(rms(resample(alias, in, 22050)) < 0.5 / Math.sqrt(2) * 0.01, "aliased tone is > 40 dB down");
        assertEquals(0.5 / Math.sqrt(2), rms(resample(keep, in, 22050)), 0.02, "pass-band tone keeps its level");
    }

    @Test
    void resamplerLengthIsProportional() {
        float[] x = sine(500, 16000, 16000 * 3, 0.5);
        float[] y = resample(x, 16000, 22050);
        assertEquals(3 * 22050, y.length, 2);
    }

    @Test
    void colormapsHave256OpaqueColours() {
        for (Colormap c : Colormap.values()) {
            assertEquals(256, c.table().length);
            assertEquals(0xFF, c.table()[0] >>> 24);
        }
        assertEquals(0xFF000004, Colormap.MAGMA.table()[0], "magma starts near black");
        assertEquals(Colormap.GRAYSCALE, Colormap.parse("grey"));
        assertThrows(IllegalArgumentException.class, () -> Colormap.parse("rainbow"));
    }

    static float[] resample(float[] x, int from, int to) {
        StreamingResampler r = new StreamingResampler(from, to);
        List<Float> out = new ArrayList<>();
        for (int pos = 0; pos < x.length; pos += 1000) {
            int n = Math.min(1000, x.length - pos);
            r.process(x, pos, n, false, (s, o, l) -> {
                for (int i = 0; i < l; i++) {
                    out.add(s[o + i]);
                }
            });
        }
        r.process(x, 0, 0, true, (s, o, l) -> {
            for (int i = 0; i < l; i++) {
                out.add(s[o + i]);
            }
        });
        float[] y = new float[out.size()];
        for (int i = 0; i < y.length; i++) {
            y[i] = out.get(i);
        }
        return y;
    }

    static double rms(float[] x) {
        // skip the filter's edges
        int from = x.length / 10;
        int to = x.length - x.length / 10;
        double sum = 0;
        for (int i = from; i < to; i++) {
            sum += x[i] * x[i];
        }
        return Math.sqrt(sum / (to - from));
    }
}
