package org.sonicsight.cli;

import com.google.gson.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.sonicsight.core.audio.AudioClip;
import org.sonicsight.core.audio.AudioDecoder;
import org.sonicsight.core.audio.AudioFiles;
import org.sonicsight.core.audio.AudioInputException;
import org.sonicsight.core.classify.ClassScore;
import org.sonicsight.core.classify.Classifier;
import org.sonicsight.core.classify.ClassifierException;
import org.sonicsight.core.backend.LocalModel;
import org.sonicsight.core.classify.Prediction;
import org.sonicsight.core.classify.PredictionJson;
import org.sonicsight.core.backend.RemoteClassifiers;
import org.sonicsight.core.classify.SpaceWithFallback;
import org.sonicsight.core.classify.onnx.OnnxClassifier;
import org.sonicsight.core.detect.DetectorSettings;
import org.sonicsight.core.detect.EventDetector;
import org.sonicsight.core.export.EventFormat;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import org.sonicsight.core.backend.Backends;
import org.sonicsight.core.config.AppConfig;
import org.sonicsight.core.dsp.SpectrogramConfig;
import org.sonicsight.core.audio.Excerpt;

@Command(name = "identify", mixinStandardHelpOptions = true,
        description = {"Identify the sound in each FILE: dog, cat or other, with the top class and its confidence.",
                "Uses the embedded model unless --space is given. With --events, lists every dog and cat heard "
                        + "in each file (start and end in seconds) instead of one answer per file."})
public final class IdentifyCommand implements Callable<Integer> {

    /** The rate files are decoded to (the analysis rate; the classifier resamples to its own). */
    static final int ANALYSIS_RATE = SpectrogramConfig.DEFAULT.sampleRate();

    private final AppConfig config;

    public IdentifyCommand(AppConfig config) {
        this.config = config;
    }

    @Parameters(arity = "1..*", paramLabel = "FILE|DIR",
            description = "Audio files to identify; folders are searched recursively for audio files.")
    List<Path> named;

    /** {@link #named} with folders replaced by their audio files. */
    private List<Path> files;

    @Option(names = "--space", paramLabel = "ID|URL",
            description = "Ask a Gradio app instead of the local model: a Hugging Face Space id (owner/name) or a URL.")
    String space;

    @Option(names = "--api", paramLabel = "NAME", description = "Gradio endpoint to call (e.g. /predict_audio).")
    String apiName;

    @Option(names = "--fallback-after", defaultValue = "15", paramLabel = "S",
            description = "With --space: the local model answers when the Space has not within S seconds, or fails "
                    + "(default 15); the answer says so.")
    double fallbackSeconds;

    @Option(names = "--no-fallback", description = "With --space: report the Space's failure instead of answering locally.")
    boolean noFallback;

    @Option(names = "--token", paramLabel = "TOKEN", description = "Hugging Face token (default: $HF_TOKEN).")
    String token;

    @Option(names = "--json", description = "One JSON object per file and line.")
    boolean json;

    @Option(names = "--events", description = "Find each dog and cat in the whole file (streamed, any length) and "
            + "print one line per event; with --json one object per event and line: file, start, end, verdict, "
            + "label, confidence, backend. Local model only.")
    boolean events;

    @Option(names = "--format", paramLabel = "csv|json|raven|audacity",
            description = "With --events: write the events as CSV (file,start,end,verdict,label,confidence), JSON "
                    + "lines (as --json), a Raven selection table or Audacity labels.")
    String format;

    @Option(names = {"-o", "--output"}, paramLabel = "OUT",
            description = "With --events: write to OUT instead of standard output; when OUT is a folder, one file "
                    + "per audio file (NAME.events.csv, .events.jsonl, .selections.txt or .labels.txt).")
    Path output;

    @Option(names = "--progress", negatable = true,
            description = "A progress line on standard error (default: only when it is a terminal).")
    Boolean progress;

    @Option(names = "--top", defaultValue = "1", paramLabel = "N", description = "Also show the N best classes (text output).")
    int top;

    @Override
    public Integer call() throws ClassifierException {
        if (top < 1) {
            throw new UserException("--top must be at least 1.", ExitCodes.USAGE);
        }
        if ((format != null || output != null) && !events) {
            throw new UserException("--format and -o go with --events.", ExitCodes.USAGE);
        }
        try {
            files = AudioFiles.expand(named);
        } catch (java.io.IOException e) {
            throw new UserException("Could not list a folder: " + e.getMessage(), ExitCodes.BAD_INPUT);
        }
        if (files.isEmpty()) {
            throw new UserException("No audio files in " + named + " (looked for "
                    + String.join(", ", new java.util.TreeSet<>(AudioFiles.EXTENSIONS)) + ").", ExitCodes.BAD_INPUT);
        }
        if (events) {
            return callEvents();
        }
        int worst = ExitCodes.OK;
        Classifier classifier = null;
        try {
            for (Path file : files) {
                try {
                    double maxSeconds = config.limits().cliSeconds();
                    Excerpt excerpt = Excerpt.read(file, ANALYSIS_RATE, maxSeconds);
                    AudioClip clip = excerpt.clip();
                    if (excerpt.truncated()) {
                        System.err.printf(Locale.ROOT, "sonicsight: %s is longer than %.0f minutes; only the start "
                                + "was analysed.%n", file, maxSeconds / 60);
                    }
                    if (classifier == null) {
                        // Opened only once a file decoded: bad paths are reported as such, not as model errors.
                        classifier = openClassifier();
                    }
                    Prediction p = classifier.classify(clip);
                    System.out.println(json ? toJson(file, p) : toText(file, p));
                    System.out.flush();
                } catch (AudioInputException e) {
                    System.err.println("sonicsight: " + ExitCodes.oneLine(e));
                    worst = worst == ExitCodes.OK ? ExitCodes.of(e) : worst;
                } catch (ClassifierException e) {
                    if (classifier == null || e.reason() == ClassifierException.Reason.UNAVAILABLE) {
                        throw e;
                    }
                    System.err.println("sonicsight: " + file + ": " + ExitCodes.oneLine(e));
                    worst = worst == ExitCodes.OK ? ExitCodes.of(e) : worst;
                }
            }
        } finally {
            if (classifier != null) {
                classifier.close();
            }
        }
        return worst;
    }

    private int callEvents() throws ClassifierException {
        if (space != null && !space.isBlank()) {
            throw new UserException("--events runs the local model over the whole file; it cannot use --space.",
                    ExitCodes.USAGE);
        }
        EventFormat fmt;
        try {
            fmt = format == null ? (json ? EventFormat.JSON : null) : EventFormat.parse(format);
        } catch (IllegalArgumentException e) {
            throw new UserException(e.getMessage(), ExitCodes.USAGE);
        }
        if (fmt == null && output != null) {
            throw new UserException("-o needs --format csv|json|raven|audacity.", ExitCodes.USAGE);
        }
        boolean perFile = output != null && Files.isDirectory(output);
        EventOutput out = null;
        ProgressLine line = new ProgressLine(progress != null ? progress : ProgressLine.stderrIsTerminal(),
                files.size());
        int worst = ExitCodes.OK;
        OnnxClassifier model = null;
        try {
            if (fmt != null && !perFile) {
                out = EventOutput.open(output, fmt, files.size() > 1);
            }
            for (int i = 0; i < files.size(); i++) {
                Path file = files.get(i);
                EventOutput fileOut = null;
                try {
                    if (model == null) {
                        AudioDecoder.open(file, 0).close(); // bad paths are reported as such, not as model errors
                        model = LocalModel.open();
                    }
                    String backend = model.name();
                    if (perFile) {
                        fileOut = EventOutput.open(output.resolve(perFileName(file, fmt)), fmt, false);
                    }
                    EventOutput target = perFile ? fileOut : out;
                    int[] found = {0};
                    line.startFile(i, file);
                    double seconds = EventDetector.scanFile(file, model, DetectorSettings.DEFAULTS, e -> {
                        found[0]++;
                        line.clear();
                        if (target != null) {
                            target.event(file.toString(), e, backend);
                        } else {
                            System.out.println(EventLines.text(file.toString(), e));
                            System.out.flush();
                        }
                        line.redraw();
                    }, (done, total) -> line.update(done, total, found[0]));
                    if (target != null) {
                        target.endFile(seconds);
                    }
                    if (fileOut != null) {
                        fileOut.commit();
                        fileOut = null;
                    }
                } catch (AudioInputException e) {
                    line.clear();
                    System.err.println("sonicsight: " + ExitCodes.oneLine(e));
                    worst = worst == ExitCodes.OK ? ExitCodes.of(e) : worst;
                } catch (java.io.UncheckedIOException | java.io.IOException e) {
                    throw new UserException("Could not write " + (output == null ? "the output" : output) + ": "
                            + ExitCodes.oneLine(e), ExitCodes.FAILURE);
                } finally {
                    if (fileOut != null) {
                        fileOut.abandon();
                    }
                }
            }
            line.done();
            if (out != null) {
                out.commit();
                out = null;
            }
        } catch (java.io.IOException e) {
            throw new UserException("Could not write " + output + ": " + ExitCodes.oneLine(e),
                    ExitCodes.FAILURE);
        } finally {
            if (out != null) {
                out.abandon();
            }
            if (model != null) {
                model.close();
            }
        }
        return worst;
    }

    /** The name of one audio file's output in a folder: NAME.events.csv, NAME.selections.txt, ... */
    static String perFileName(Path file, EventFormat fmt) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String stem = dot > 0 ? name.substring(0, dot) : name;
        return stem + switch (fmt) {
            case CSV -> ".events.csv";
            case JSON -> ".events.jsonl";
            case RAVEN -> ".selections.txt";
            case AUDACITY -> ".labels.txt";
        };
    }

    private Classifier openClassifier() throws ClassifierException {
        if (space != null && !space.isBlank()) {
            if (!(fallbackSeconds > 0)) {
                throw new UserException("--fallback-after must be a positive number of seconds.", ExitCodes.USAGE);
            }
        }
        return new Backends(config).open(space, apiName, token,
                noFallback ? null : Duration.ofMillis((long) (fallbackSeconds * 1000)), 0);
    }

    String toText(Path file, Prediction p) {
        StringBuilder sb = new StringBuilder();
        sb.append(file).append(": ");
        sb.append(p.verdict().id());
        if (!p.label().equalsIgnoreCase(p.verdict().id())) {
            sb.append(" (").append(p.label()).append(')');
        }
        sb.append(String.format(Locale.ROOT, " %.2f", p.confidence()));
        p.window().ifPresent(w -> sb.append(String.format(Locale.ROOT, " (%.1f–%.1f s)", w.startSeconds(), w.endSeconds())));
        if (p.unsure()) {
            sb.append(" [not sure]");
        }
        sb.append(String.format(Locale.ROOT, "  via %s in %d ms", p.backend(), p.elapsed().toMillis()));
        p.fallback().ifPresent(why -> sb.append(" [").append(why).append(']'));
        if (top > 1) {
            int n = Math.min(top, p.top().size());
            for (int i = 0; i < n; i++) {
                ClassScore s = p.top().get(i);
                sb.append(String.format(Locale.ROOT, "%n  %2d. %-16s %.3f", i + 1, s.label(), s.probability()));
            }
        }
        return sb.toString();
    }

    static String toJson(Path file, Prediction p) {
        JsonObject o = new JsonObject();
        o.addProperty("file", file.toString());
        PredictionJson.addTo(o, p, false);
        return PredictionJson.GSON.toJson(o);
    }
}
