package org.sonicsight.testsupport;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.sonicsight.core.audio.AudioClip;
import org.sonicsight.core.audio.AudioDecoder;
import org.sonicsight.core.audio.WavWriter;

/**
 * A recording with dog barks at known times: faint room noise, the ESC-50 bark
 * fixture at {@link #BARK_TIMES}, and a rooster in between (which must not
 * turn into a dog). Written at 22050 Hz, mono.
 */
public final class BarkFixture {

    public static final double SECONDS = 45;
    public static final double[] BARK_TIMES = {6.0, 24.0};
    public static final double ROOSTER_TIME = 36.0;
    static final int RATE = 22050;

    /** Where a bark's audible part lies in the written file. */
    public record Span(double start, double end) {
    }

    private BarkFixture() {
    }

    /** Writes the recording to {@code wav} and returns where the barks are audible. */
    public static List<Span> write(Path wav) throws Exception {
        float[] bark = AudioDecoder.readAll(TestEnv.fixture("dog_bark_esc50_22050hz_mono.wav"), RATE).samples();
        float[] rooster = AudioDecoder.readAll(TestEnv.fixture("rooster_esc50_44100hz_mono.wav"), RATE).samples();
        float[] mix = new float[(int) (SECONDS * RATE)];
        Random random = new Random(5);
        for (int i = 0; i < mix.length; i++) {
            mix[i] = (float) (random.nextGaussian() * 1e-3);
        }
        int[] active = audible(bark);
        List<Span> spans = new ArrayList<>();
        for (double t : BARK_TIMES) {
            add(mix, (int) (t * RATE), bark);
            spans.add(new Span(t + active[0] / (double) RATE, t + active[1] / (double) RATE));
        }
        add(mix, (int) (ROOSTER_TIME * RATE), rooster);
        WavWriter.write(new AudioClip(mix, RATE, "bark fixture"), wav);
        return spans;
    }

    private static void add(float[] mix, int at, float[] clip) {
        for (int i = 0; i < clip.length && at + i < mix.length; i++) {
            mix[at + i] += clip[i];
        }
    }

    /** First and last sample of the 25 ms frames within 30 dB of the loudest frame. */
    public static int[] audible(float[] clip) {
        int frame = RATE / 40;
        int frames = clip.length / frame;
        double[] db = new double[frames];
        double loudest = -300;
        for (int f = 0; f < frames; f++) {
            double sum = 0;
            for (int i = f * frame; i < (f + 1) * frame; i++) {
                sum += clip[i] * (double) clip[i];
            }
            db[f] = 10 * Math.log10(sum / frame + 1e-20);
            loudest = Math.max(loudest, db[f]);
        }
        int first = 0;
        while (db[first] < loudest - 30) {
            first++;
        }
        int last = frames - 1;
        while (db[last] < loudest - 30) {
            last--;
        }
        return new int[] {first * frame, (last + 1) * frame};
    }
}
