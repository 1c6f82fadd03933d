package org.sonicsight.cli;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.sonicsight.core.audio.WavWriter;
import org.sonicsight.core.backend.LocalModel;
import org.sonicsight.core.classify.onnx.OnnxClassifier;
import org.sonicsight.core.detect.DetectedEvent;
import org.sonicsight.core.detect.DetectorSettings;
import org.sonicsight.core.detect.EventDetector;
import org.sonicsight.core.detect.EventMerger;
import org.sonicsight.core.detect.SlidingWindows;
import org.sonicsight.core.detect.Soundscapes;
import org.sonicsight.core.detect.WindowScore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "events", mixinStandardHelpOptions = true,
        description = {"Recall and false alarms of the event detector (identify --events, listen) on soundscapes "
                + "built from the shared data: background sounds end to end with dog and cat clips at known times.",
                "A dog or cat counts as found when an event of the same verdict overlaps it within --tolerance "
                        + "seconds; any other dog or cat event is a false alarm. Targets: recall >= 90%%, "
                        + "<= 2 false alarms per 10 minutes. --grid also tries other detector thresholds on the "
                        + "same model outputs, to re-tune DetectorSettings.DEFAULTS after a model change."})
public final class BenchEventsCommand implements Callable<Integer> {

    @Option(names = "--data", paramLabel = "DIR", defaultValue = "../shared/data",
            description = "Data folder laid out like ../shared/data (default ${DEFAULT-VALUE}).")
    Path data;

    @Option(names = "--count", defaultValue = "6", description = "Soundscapes (default ${DEFAULT-VALUE}).")
    int count;

    @Option(names = "--minutes", defaultValue = "5", description = "Length of each (default ${DEFAULT-VALUE}).")
    double minutes;

    @Option(names = "--seed", defaultValue = "11", description = "Random seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--tolerance", defaultValue = "1.0", description = "Seconds of slack when matching (default ${DEFAULT-VALUE}).")
    double tolerance;

    @Option(names = "--snr", paramLabel = "MIN:MAX", defaultValue = "0:12",
            description = "Level of the dogs and cats above the background around them, in dB (default ${DEFAULT-VALUE}).")
    String snr;

    @Option(names = "--sources", split = ",", paramLabel = "NAME",
            description = "Where the dogs and cats come from: any of urbansound8k_partial, dogspeak_sample, "
                    + "android_dog_sounds, animal_sound_dataset, catmeows, catsound_naya, esc50, cats-dogs or all "
                    + "(default: the six more/ sources, which the first shipped model never heard).")
    List<String> sources;

    @Option(names = "--hop", paramLabel = "SECONDS",
            description = "Score windows this far apart instead of the default hop (--grid also tries twice it).")
    Double hop;

    @Option(names = "--grid", description = "Also search detector thresholds and print the best settings.")
    boolean grid;

    @Option(names = "--model", paramLabel = "ONNX",
            description = "Measure this model instead of the shipped one (with --labels): a candidate, before it ships.")
    Path modelFile;

    @Option(names = "--labels", paramLabel = "JSON", description = "The labels.json of --model.")
    Path labelsFile;

    @Option(names = "--details", description = "Print each dog and cat with the best probability any window gave it, "
            + "and each false alarm.")
    boolean details;

    @Option(names = "--write", paramLabel = "DIR",
            description = "Also write each soundscape as DIR/NAME.wav with its truth in DIR/truth.csv.")
    Path write;

    @Override
    public Integer call() throws Exception {
        if (count < 1 || !(minutes > 0.2)) {
            throw new UserException("--count must be >= 1 and --minutes > 0.2.", ExitCodes.USAGE);
        }
        if (!Files.isDirectory(data)) {
            throw new UserException("No data folder at " + data + " (use --data).", ExitCodes.USAGE);
        }
        List<String> eventSources = sources == null ? Soundscapes.DEFAULT_SOURCES
                : sources.contains("all") ? Soundscapes.ALL_SOURCES : sources;
        for (String source : eventSources) {
            if (!Soundscapes.ALL_SOURCES.contains(source)) {
                throw new UserException("Unknown source '" + source + "'; known: "
                        + String.join(", ", Soundscapes.ALL_SOURCES) + ".", ExitCodes.USAGE);
            }
        }
        Soundscapes.Pools pools = Soundscapes.pools(data, eventSources);
        if (pools.dogs().isEmpty() || pools.cats().isEmpty() || pools.background().isEmpty()) {
            throw new UserException(data + " gives no dog, no cat or no background clips with these --sources "
                    + "(each soundscape needs both dogs and cats).",
                    ExitCodes.USAGE);
        }
        DetectorSettings base = hop == null ? DetectorSettings.DEFAULTS : DetectorSettings.DEFAULTS.withHop(hop);
        if ((modelFile == null) != (labelsFile == null)) {
            throw new UserException("--model and --labels go together.", ExitCodes.USAGE);
        }
        try (OnnxClassifier model = modelFile == null ? LocalModel.open()
                : OnnxClassifier.load(readFile(modelFile), new String(readFile(labelsFile), StandardCharsets.UTF_8), 0)) {
            System.out.printf(Locale.ROOT, "%s: window %.2f s at %d Hz; %d dog, %d cat, %d background clips in %s%n",
                    model.name(), model.info().windowSeconds(), model.sampleRate(), pools.dogs().size(),
                    pools.cats().size(), pools.background().size(), data);
            String[] range = snr.split(":");
            Soundscapes builder;
            try {
                builder = new Soundscapes(pools, model.sampleRate(), seed).withSnr(Double.parseDouble(range[0]),
                        Double.parseDouble(range[range.length - 1]));
            } catch (NumberFormatException e) {
                throw new UserException("--snr takes MIN:MAX in dB, e.g. 0:12.", ExitCodes.USAGE);
            }
            List<Scored> scored = new ArrayList<>();
            Writer truthCsv = null;
            if (write != null) {
                Files.createDirectories(write);
                truthCsv = Files.newBufferedWriter(write.resolve("truth.csv"), StandardCharsets.UTF_8);
                truthCsv.write("file,start,end,verdict,clip\n");
            }
            long modelNanos = 0;
            int windowCount = 0;
            for (int i = 0; i < count; i++) {
                Soundscapes.Soundscape s = builder.build(String.format(Locale.ROOT, "soundscape-%02d", i + 1),
                        minutes * 60);
                if (write != null) {
                    Path wav = write.resolve(s.name() + ".wav");
                    WavWriter.write(s.audio(), wav);
                    for (Soundscapes.Truth t : s.truths()) {
                        truthCsv.write(String.format(Locale.ROOT, "%s,%.3f,%.3f,%s,%s%n", wav.getFileName(),
                                t.start(), t.end(), t.verdict().id(), t.clip()));
                    }
                }
                List<WindowScore> windows = new ArrayList<>();
                int hop = (int) Math.round(base.hopSeconds() * model.sampleRate());
                SlidingWindows sliding = new SlidingWindows(model, hop, base.gateDbfs(), EventDetector.FILE_BATCH,
                        windows::add);
                long t0 = System.nanoTime();
                float[] samples = s.audio().samples();
                sliding.accept(samples, 0, samples.length);
                sliding.finish();
                modelNanos += System.nanoTime() - t0;
                windowCount += windows.size();
                scored.add(new Scored(s, windows, model.classes(), model.sampleRate(), model.windowSamples()));
                Soundscapes.Score score = scored.get(i).score(base, 1, tolerance);
                if (details) {
                    scored.get(i).printDetails(base, tolerance);
                }
                System.out.printf(Locale.ROOT, "%s: %d dogs/cats, %s%n", s.name(), s.truths().size(), score.describe());
            }
            if (truthCsv != null) {
                truthCsv.close();
            }
            double audioSeconds = count * minutes * 60;
            System.out.printf(Locale.ROOT, "model: %d windows in %.1f s (%.0fx real time at hop %.2f s)%n",
                    windowCount, modelNanos / 1e9, audioSeconds / (modelNanos / 1e9), base.hopSeconds());
            Soundscapes.Score naive = new Soundscapes.Score(0, 0, 0, 0, 0);
            for (Scored sc : scored) {
                naive = naive.plus(sc.naive(model.info().windowSeconds() / 2, base.hopSeconds(), tolerance));
            }
            System.out.printf(Locale.ROOT, "REFERENCE naive (windows at half-window hop, every dog/cat top class an "
                    + "event): %s%n", naive.describe());
            Soundscapes.Score total = total(scored, base, 1);
            System.out.printf(Locale.ROOT, "TOTAL with defaults (%s): %s%n", base.describe(), total.describe());
            if (grid) {
                grid(scored, base);
            }
            boolean met = total.recall() >= 0.9 && total.falseAlarmsPer10Minutes() <= 2;
            System.out.println(met ? "targets met (recall >= 90%, <= 2 false alarms per 10 min)"
                    : "targets NOT met (recall >= 90%, <= 2 false alarms per 10 min)");
        }
        return ExitCodes.OK;
    }

    private static byte[] readFile(Path p) {
        try {
            return Files.readAllBytes(p);
        } catch (IOException e) {
            throw new UserException("Could not read " + p + ": " + e.getMessage(), ExitCodes.BAD_INPUT, e);
        }
    }

    private Soundscapes.Score total(List<Scored> scored, DetectorSettings settings, int hopMultiple) {
        Soundscapes.Score total = new Soundscapes.Score(0, 0, 0, 0, 0);
        for (Scored s : scored) {
            total = total.plus(s.score(settings, hopMultiple, tolerance));
        }
        return total;
    }

    /** Tries thresholds (and every second window, i.e. twice the hop) on the same model outputs. */
    private void grid(List<Scored> scored, DetectorSettings base) {
        record Row(DetectorSettings settings, Soundscapes.Score score) {
        }
        List<Row> rows = new ArrayList<>();
        for (int hopMultiple : new int[] {1, 2}) {
            for (double enter : new double[] {0.2, 0.3, 0.4, 0.5, 0.6, 0.7}) {
                for (double exit : new double[] {0.1, 0.2, 0.3}) {
                    for (double confirm : new double[] {0.4, 0.5, 0.6, 0.7, 0.8, 0.85, 0.9, 0.95, 0.98}) {
                        for (double min : new double[] {0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8}) {
                            for (int gap = 0; gap <= 1; gap++) {
                                if (exit > enter || confirm < enter) {
                                    continue;
                                }
                                DetectorSettings s = base.withHop(base.hopSeconds() * hopMultiple)
                                        .withThresholds(enter, exit, confirm, min, gap);
                                rows.add(new Row(s, total(scored, s, hopMultiple)));
                            }
                        }
                    }
                }
            }
        }
        System.out.println("Best recall for each false-alarm budget (per 10 min):");
        for (double budget : new double[] {0.5, 1, 2, 3, 5}) {
            rows.stream().filter(r -> r.score().falseAlarmsPer10Minutes() <= budget)
                    .max(Comparator.comparingDouble((Row r) -> r.score().recall())
                            .thenComparingDouble(r -> -r.score().falseAlarmsPer10Minutes()))
                    .ifPresent(r -> System.out.printf(Locale.ROOT, "  <= %.1f: %s  <- %s%n", budget,
                            r.score().describe(), r.settings().describe()));
        }
        System.out.println("Top settings within 2 false alarms per 10 min:");
        rows.stream().filter(r -> r.score().falseAlarmsPer10Minutes() <= 2)
                .sorted(Comparator.comparingDouble((Row r) -> -r.score().recall())
                        .thenComparingDouble(r -> r.score().falseAlarmsPer10Minutes()))
                .limit(12)
                .forEach(r -> System.out.printf(Locale.ROOT, "  %s  <- %s%n", r.score().describe(),
                        r.settings().describe()));
    }

    /** One soundscape's window outputs, re-merged cheaply for each setting tried. */
    private record Scored(Soundscapes.Soundscape scape, List<WindowScore> windows, List<String> classes, int rate,
                          int windowSamples) {

        Soundscapes.Score score(DetectorSettings settings, int hopMultiple, double tolerance) {
            List<DetectedEvent> events = new ArrayList<>();
            EventMerger merger = new EventMerger(classes, rate, windowSamples, settings, events::add);
            for (int i = 0; i < windows.size(); i++) {
                if (i % hopMultiple == 0 || i == windows.size() - 1) {
                    merger.accept(windows.get(i));
                }
            }
            merger.finish();
            return Soundscapes.score(scape.truths(), events, scape.audio().durationSeconds(), tolerance);
        }

        void printDetails(DetectorSettings settings, double tolerance) {
            List<DetectedEvent> events = new ArrayList<>();
            EventMerger merger = new EventMerger(classes, rate, windowSamples, settings, events::add);
            windows.forEach(merger::accept);
            merger.finish();
            for (Soundscapes.Truth t : scape.truths()) {
                int column = classes.indexOf(t.verdict().id());
                double best = 0;
                int hot = 0;
                for (WindowScore w : windows) {
                    double ws = w.startSample() / (double) rate;
                    double we = ws + w.length() / (double) rate;
                    if (!w.gated() && ws <= t.start() && we >= t.end() && column >= 0) {
                        best = Math.max(best, w.probs()[column]);
                        hot += w.probs()[column] >= settings.enter() ? 1 : 0;
                    }
                }
                boolean found = events.stream().anyMatch(e -> e.verdict() == t.verdict()
                        && e.start() < t.end() + tolerance && e.end() > t.start() - tolerance);
                System.out.printf(Locale.ROOT, "  %-5s %7.1f-%7.1f %s best window p=%.2f, %d windows >= enter  %s%n",
                        found ? "found" : "MISS", t.start(), t.end(), t.verdict().id(), best, hot, t.clip());
            }
            for (DetectedEvent e : events) {
                boolean matched = scape.truths().stream().anyMatch(t -> e.verdict() == t.verdict()
                        && e.start() < t.end() + tolerance && e.end() > t.start() - tolerance);
                if (!matched) {
                    System.out.printf(Locale.ROOT, "  FALSE %7.1f-%7.1f %s p=%.2f%n", e.start(), e.end(),
                            e.verdict().id(), e.confidence());
                }
            }
        }

        /**
         * What the listening issue measured as its starting point: windows half a window apart, and every window
         * whose top class is a dog or cat is an event. Puts these soundscapes' difficulty next to others'.
         */
        Soundscapes.Score naive(double hopSeconds, double scoredHopSeconds, double tolerance) {
            int every = Math.max(1, (int) Math.round(hopSeconds / scoredHopSeconds));
            List<DetectedEvent> events = new ArrayList<>();
            for (int i = 0; i < windows.size(); i += every) {
                WindowScore w = windows.get(i);
                if (w.gated()) {
                    continue;
                }
                int top = 0;
                for (int c = 1; c < w.probs().length; c++) {
                    if (w.probs()[c] > w.probs()[top]) {
                        top = c;
                    }
                }
                org.sonicsight.core.classify.Verdict v = org.sonicsight.core.classify.Verdict.fromLabel(classes.get(top));
                if (v != org.sonicsight.core.classify.Verdict.OTHER) {
                    double start = w.startSample() / (double) rate;
                    events.add(new DetectedEvent(start, start + w.length() / (double) rate, v, classes.get(top),
                            w.probs()[top], start, start + w.length() / (double) rate));
                }
            }
            return Soundscapes.score(scape.truths(), events, scape.audio().durationSeconds(), tolerance);
        }
    }
}
