package org.sonicsight.core.detect;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.sonicsight.core.audio.AudioClip;
import org.sonicsight.core.audio.AudioDecoder;
import org.sonicsight.core.audio.AudioInputException;
import org.sonicsight.core.classify.Verdict;

/**
 * Builds test soundscapes for tuning the detector: minutes of everyday
 * "other" sounds end to end, with dog and cat clips mixed in at known times
 * and random signal-to-background ratios. Clips come from the shared data
 * folder's {@code labels.csv} files (see {@link #pools}); the truth of each
 * inserted clip is its audible part, not its padding.
 */
public final class Soundscapes {

    /** One inserted dog or cat: where its audible part is, in seconds. */
    public record Truth(double start, double end, Verdict verdict, String clip) {
    }

    /** A built soundscape: samples, rate, and what was inserted where. */
    public record Soundscape(String name, AudioClip audio, List<Truth> truths) {
    }

    /** Clip paths by role. */
    public record Pools(List<Path> dogs, List<Path> cats, List<Path> background) {
    }

    private static final double FRAME_SECONDS = 0.025;

    private final Pools pools;
    private final int rate;
    private final Random random;
    private double snrMinDb = 0;
    private double snrMaxDb = 12;

    public Soundscapes(Pools pools, int sampleRate, long seed) {
        if (pools.dogs().isEmpty() || pools.cats().isEmpty() || pools.background().isEmpty()) {
            throw new IllegalArgumentException("need dog, cat and background clips");
        }
        this.pools = pools;
        this.rate = sampleRate;
        this.random = new Random(seed);
    }

    /** Range of the inserted clips' level above the background around them (default 0–12 dB). */
    public Soundscapes withSnr(double minDb, double maxDb) {
        this.snrMinDb = minDb;
        this.snrMaxDb = Math.max(minDb, maxDb);
        return this;
    }

    /** Where dogs and cats come from by default: the sources the first shipped model was not trained on. */
    public static final List<String> DEFAULT_SOURCES = List.of("urbansound8k_partial", "dogspeak_sample",
            "android_dog_sounds", "animal_sound_dataset", "catmeows", "catsound_naya");

    /** Every source {@link #pools} knows: the {@code more/} folders, {@code esc50} and {@code cats-dogs}. */
    public static final List<String> ALL_SOURCES = List.of("urbansound8k_partial", "dogspeak_sample",
            "android_dog_sounds", "animal_sound_dataset", "catmeows", "catsound_naya", "esc50", "cats-dogs");

    /**
     * Clips from a data folder laid out like ../shared/data. Dogs and cats come from {@code eventSources}
     * (UrbanSound8K's faint "background" barks left out); the background is every "other" clip of the
     * {@code more/} sources and every ESC-50 clip that is neither dog nor cat, whatever the sources.
     */
    public static Pools pools(Path data, List<String> eventSources) throws IOException {
        List<Path> dogs = new ArrayList<>();
        List<Path> cats = new ArrayList<>();
        List<Path> background = new ArrayList<>();
        for (String source : ALL_SOURCES.subList(0, 6)) {
            Path dir = data.resolve("more").resolve(source);
            Path csv = dir.resolve("labels.csv");
            if (!Files.exists(csv)) {
                continue;
            }
            boolean events = eventSources.contains(source);
            for (String line : dataLines(csv)) {
                String[] f = line.split(",", 5);
                if (f.length < 4) {
                    continue;
                }
                Path clip = dir.resolve(f[0]);
                switch (f[1]) {
                    case "dog" -> {
                        // Faint "background" barks in UrbanSound8K are not what a listener would call a bark.
                        if (events && !f[3].contains("salience=background")) {
                            dogs.add(clip);
                        }
                    }
                    case "cat" -> {
                        if (events) {
                            cats.add(clip);
                        }
                    }
                    default -> background.add(clip);
                }
            }
        }
        Path esc = data.resolve("esc50");
        Path meta = esc.resolve("meta").resolve("esc50.csv");
        if (Files.exists(meta)) {
            for (String line : dataLines(meta)) {
                String[] f = line.split(",");
                if (f.length < 4) {
                    continue;
                }
                Path clip = esc.resolve("audio").resolve(f[0].replace(".wav", ".flac"));
                if (f[3].equals("dog") || f[3].equals("cat")) {
                    if (eventSources.contains("esc50")) {
                        (f[3].equals("dog") ? dogs : cats).add(clip);
                    }
                } else {
                    background.add(clip);
                }
            }
        }
        Path kaggle = data.resolve("cats-dogs").resolve("train.csv");
        if (eventSources.contains("cats-dogs") && Files.exists(kaggle)) {
            for (String line : dataLines(kaggle)) {
                String[] f = line.split(",");
                if (f.length > 1) {
                    (f[1].equals("dog") ? dogs : cats).add(kaggle.getParent().resolve(f[0]));
                }
            }
        }
        return new Pools(dogs, cats, background);
    }

    /** The lines of a CSV file after its header. */
    private static List<String> dataLines(Path csv) throws IOException {
        List<String> all = Files.readAllLines(csv, StandardCharsets.UTF_8);
        return all.isEmpty() ? all : all.subList(1, all.size());
    }

    /**
     * One soundscape of {@code seconds}: background clips back to back (each at a random level), a faint noise
     * floor, and a dog or cat every 6–20 s at a random level above the background around it.
     */
    public Soundscape build(String name, double seconds) throws AudioInputException {
        int n = (int) Math.round(seconds * rate);
        float[] mix = new float[n];
        for (int i = 0; i < n; i++) {
            mix[i] = (float) (random.nextGaussian() * 3e-4); // about -70 dBFS room noise
        }
        int pos = 0;
        while (pos < n) {
            float[] clip = load(pools.background().get(random.nextInt(pools.background().size())));
            if (clip.length == 0) {
                continue;
            }
            double gainDb = -32 + random.nextDouble() * 14 - activeRmsDb(clip);
            add(mix, pos, clip, (float) Math.pow(10, gainDb / 20));
            pos += clip.length;
        }
        List<Truth> truths = new ArrayList<>();
        double t = 2 + random.nextDouble() * 6;
        while (t < seconds - 5) {
            boolean dog = random.nextBoolean();
            List<Path> pool = dog ? pools.dogs() : pools.cats();
            Path path = pool.get(random.nextInt(pool.size()));
            float[] clip = trimmed(load(path), 4.0);
            if (clip.length < rate / 10) {
                continue;
            }
            int at = (int) (t * rate);
            double bgDb = rmsDb(mix, at, Math.min(n, at + clip.length));
            double snr = snrMinDb + random.nextDouble() * (snrMaxDb - snrMinDb);
            double gainDb = Math.max(bgDb, -45) + snr - activeRmsDb(clip);
            float gain = (float) Math.pow(10, gainDb / 20);
            float peak = 0;
            for (float s : clip) {
                peak = Math.max(peak, Math.abs(s));
            }
            gain = Math.min(gain, 0.9f / Math.max(peak, 1e-6f));
            add(mix, at, clip, gain);
            double end = t + clip.length / (double) rate;
            truths.add(new Truth(t, end, dog ? Verdict.DOG : Verdict.CAT, path.getFileName().toString()));
            t = end + 6 + random.nextDouble() * 14;
        }
        for (int i = 0; i < n; i++) {
            mix[i] = Math.max(-1f, Math.min(1f, mix[i]));
        }
        return new Soundscape(name, new AudioClip(mix, rate, name), truths);
    }

    private float[] load(Path path) throws AudioInputException {
        return AudioDecoder.readAll(path, rate, (long) rate * 30).samples();
    }

    /** The clip from its first to its last frame within 30 dB of its loudest, at most {@code maxSeconds}. */
    float[] trimmed(float[] clip, double maxSeconds) {
        int frame = (int) (FRAME_SECONDS * rate);
        int frames = clip.length / frame;
        if (frames == 0) {
            return clip;
        }
        double[] db = new double[frames];
        double loudest = -200;
        for (int f = 0; f < frames; f++) {
            db[f] = rmsDb(clip, f * frame, (f + 1) * frame);
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
        int from = first * frame;
        int to = Math.min((last + 1) * frame, from + (int) (maxSeconds * rate));
        float[] out = new float[to - from];
        System.arraycopy(clip, from, out, 0, out.length);
        return out;
    }

    /** RMS over the frames within 30 dB of the loudest: the level of the sound, not of its pauses. */
    private double activeRmsDb(float[] clip) {
        int frame = (int) (FRAME_SECONDS * rate);
        int frames = Math.max(1, clip.length / frame);
        double[] db = new double[frames];
        double loudest = -200;
        for (int f = 0; f < frames; f++) {
            db[f] = rmsDb(clip, f * frame, Math.min(clip.length, (f + 1) * frame));
            loudest = Math.max(loudest, db[f]);
        }
        double sum = 0;
        int count = 0;
        for (double d : db) {
            if (d >= loudest - 30) {
                sum += Math.pow(10, d / 10);
                count++;
            }
        }
        return 10 * Math.log10(Math.max(sum / Math.max(count, 1), 1e-20));
    }

    private static double rmsDb(float[] s, int from, int to) {
        double sum = 0;
        for (int i = from; i < to; i++) {
            sum += s[i] * (double) s[i];
        }
        return 10 * Math.log10(Math.max(sum / Math.max(1, to - from), 1e-20));
    }

    /** Adds {@code clip * gain} at {@code at}, with 10 ms fades so joins do not click. */
    private void add(float[] mix, int at, float[] clip, float gain) {
        int fade = Math.max(1, rate / 100);
        for (int i = 0; i < clip.length && at + i < mix.length; i++) {
            float env = 1f;
            if (i < fade) {
                env = i / (float) fade;
            } else if (i >= clip.length - fade) {
                env = (clip.length - i) / (float) fade;
            }
            mix[at + i] += clip[i] * gain * env;
        }
    }

    /** Scores detected events against the truth: recall of dog/cat and false dog/cat alarms. */
    public record Score(int truths, int found, int alarms, int falseAlarms, double minutes) {

        public double recall() {
            return truths == 0 ? 1 : found / (double) truths;
        }

        public double falseAlarmsPer10Minutes() {
            return minutes == 0 ? 0 : falseAlarms * 10 / minutes;
        }

        public Score plus(Score o) {
            return new Score(truths + o.truths, found + o.found, alarms + o.alarms, falseAlarms + o.falseAlarms,
                    minutes + o.minutes);
        }

        public String describe() {
            return String.format(Locale.ROOT, "recall %5.1f%% (%d/%d), false dog/cat alarms %.2f per 10 min (%d in %.1f min)",
                    100 * recall(), found, truths, falseAlarmsPer10Minutes(), falseAlarms, minutes);
        }
    }

    /**
     * A truth is found when an event of the same verdict overlaps it within {@code toleranceSeconds}; a dog or
     * cat event that overlaps no truth of its verdict (so tolerance included) is a false alarm.
     */
    public static Score score(List<Truth> truths, List<DetectedEvent> events, double seconds, double toleranceSeconds) {
        int found = 0;
        for (Truth t : truths) {
            for (DetectedEvent e : events) {
                if (e.verdict() == t.verdict() && overlaps(e, t, toleranceSeconds)) {
                    found++;
                    break;
                }
            }
        }
        int alarms = 0;
        int falseAlarms = 0;
        for (DetectedEvent e : events) {
            if (e.verdict() == Verdict.OTHER) {
                continue;
            }
            alarms++;
            boolean matched = false;
            for (Truth t : truths) {
                if (e.verdict() == t.verdict() && overlaps(e, t, toleranceSeconds)) {
                    matched = true;
                    break;
                }
            }
            if (!matched) {
                falseAlarms++;
            }
        }
        return new Score(truths.size(), found, alarms, falseAlarms, seconds / 60);
    }

    private static boolean overlaps(DetectedEvent e, Truth t, double tolerance) {
        return e.start() < t.end() + tolerance && e.end() > t.start() - tolerance;
    }
}
