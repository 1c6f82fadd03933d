package org.sonicsight.core.classify.onnx;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.io.IOException;
import java.io.InputStream;
import java.nio.FloatBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sonicsight.core.audio.AudioClip;
import org.sonicsight.core.audio.Levels;
import org.sonicsight.core.audio.StreamingResampler;
import org.sonicsight.core.classify.ClassScore;
import org.sonicsight.core.classify.Classifier;
import org.sonicsight.core.classify.ClassifierException;
import org.sonicsight.core.classify.ModelThreads;
import org.sonicsight.core.classify.Prediction;
import org.sonicsight.core.classify.Verdict;
import org.sonicsight.core.classify.WindowClassifier;

/**
 * The embedded model, run with ONNX Runtime. The spectrogram is computed
 * inside the ONNX graph, so this class only has to deliver mono samples at the
 * model's rate in model-sized windows: shorter clips are zero-padded, longer
 * ones are cut into windows with 50% overlap and the window whose best named
 * class (anything but "other") is most confident decides. Thread-safe (ONNX
 * Runtime sessions are); load once and share.
 */
public final class OnnxClassifier implements Classifier, WindowClassifier {

    private static final Logger LOG = LoggerFactory.getLogger(OnnxClassifier.class);

    /** Windows quieter than this are digital silence or close to it: never evidence of an animal. */
    static final double SILENCE_DBFS = -70.0;
    /** Windows per inference call for long files (bounds memory). */
    static final int MAX_BATCH = 8;

    private static OrtEnvironment environment;

    private final OrtEnvironment env;
    private final OrtSession session;
    private final ModelInfo info;
    private final int otherIndex;
    private final String name;

    private OnnxClassifier(OrtEnvironment env, OrtSession session, ModelInfo info) {
        this.env = env;
        this.session = session;
        this.info = info;
        this.otherIndex = info.classes().indexOf("other");
        this.name = "local model " + info.modelVersion();
    }

    /** Loads a model and its labels from the classpath (e.g. {@code /org/sonicsight/model/}). */
    public static OnnxClassifier fromResources(String modelResource, String labelsResource, int threads)
            throws ClassifierException {
        try (InputStream model = OnnxClassifier.class.getResourceAsStream(modelResource);
             InputStream labels = OnnxClassifier.class.getResourceAsStream(labelsResource)) {
            if (model == null || labels == null) {
                throw new ClassifierException(ClassifierException.Reason.UNAVAILABLE,
                        "The embedded model is missing from this build (" + modelResource + ").");
            }
            return load(model.readAllBytes(), new String(labels.readAllBytes(), StandardCharsets.UTF_8), threads);
        } catch (IOException e) {
            throw new ClassifierException(ClassifierException.Reason.UNAVAILABLE,
                    "Could not read the embedded model: " + e.getMessage(), e);
        }
    }

    /** Loads a model from bytes; {@code threads} ≤ 0 means "up to 2, as cores allow". */
    public static OnnxClassifier load(byte[] model, String labelsJson, int threads) throws ClassifierException {
        ModelInfo info;
        try {
            info = ModelInfo.parse(labelsJson);
        } catch (IllegalArgumentException e) {
            throw new ClassifierException(ClassifierException.Reason.UNAVAILABLE,
                    "The model's labels are unusable: " + e.getMessage(), e);
        }
        long t0 = System.nanoTime();
        try {
            OrtEnvironment env = environment();
            OrtSession.SessionOptions options = new OrtSession.SessionOptions();
            int n = threads > 0 ? threads : Math.max(1, Math.min(2, Runtime.getRuntime().availableProcessors()));
            options.setIntraOpNumThreads(n);
            options.setInterOpNumThreads(1);
            // Idle ORT threads otherwise spin for a while after each call: with several callers (the web
            // endpoint) or a UI on the same two cores, that spinning takes the CPU the next call needs.
            options.addConfigEntry("session.intra_op.allow_spinning", "0");
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            OrtSession session = env.createSession(model, options);
            checkShapes(session, info);
            OnnxClassifier classifier = new OnnxClassifier(env, session, info);
            classifier.warmUp();
            LOG.info("Loaded {} ({} classes, {} threads) in {} ms", classifier.name, info.classes().size(), n,
                    (System.nanoTime() - t0) / 1_000_000);
            return classifier;
        } catch (OrtException | UnsatisfiedLinkError e) {
            throw new ClassifierException(ClassifierException.Reason.UNAVAILABLE,
                    "ONNX Runtime could not load the model: " + e.getMessage(), e);
        }
    }

    /**
     * The process-wide ORT environment, created on a thread whose stack grows
     * with the command line: creating it scans the command line recursively in
     * native code (see {@link ModelThreads}), which overflowed the 1 MiB main
     * thread once {@code identify} was given a few hundred files.
     */
    private static synchronized OrtEnvironment environment() throws OrtException {
        if (environment == null) {
            OrtNativeCache.prepare();
            try {
                environment = ModelThreads.call("onnxruntime-init", ModelThreads.environmentStackBytes(), () -> {
                    OrtEnvironment env = OrtEnvironment.getEnvironment();
                    // The app promises to work offline: ORT's telemetry would otherwise keep a database of
                    // events under ~/.cache/Microsoft and upload it when it finds a CA bundle.
                    env.setTelemetry(false);
                    return env;
                });
            } catch (OrtException | RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new OrtException("could not create the ONNX Runtime environment: " + e.getMessage());
            }
        }
        return environment;
    }

    private static void checkShapes(OrtSession session, ModelInfo info) throws ClassifierException {
        if (!session.getInputNames().contains(info.input()) || !session.getOutputNames().contains(info.output())) {
            throw new ClassifierException(ClassifierException.Reason.UNAVAILABLE,
                    "The model's inputs/outputs " + session.getInputNames() + " -> " + session.getOutputNames()
                            + " do not match labels.json (" + info.input() + " -> " + info.output() + ").");
        }
    }

    private void warmUp() throws OrtException {
        float[][] probs = run(new float[1][info.windowSamples()]);
        if (probs[0].length != info.classes().size()) {
            throw new OrtException("model has " + probs[0].length + " outputs but labels.json lists "
                    + info.classes().size() + " classes");
        }
    }

    @Override
    public java.util.Optional<WindowClassifier> windows() {
        return java.util.Optional.of(this);
    }

    public ModelInfo info() {
        return info;
    }

    @Override
    public int sampleRate() {
        return info.sampleRate();
    }

    @Override
    public int windowSamples() {
        return info.windowSamples();
    }

    @Override
    public List<String> classes() {
        return info.classes();
    }

    @Override
    public float[][] scoreWindows(float[][] windows) throws ClassifierException {
        for (float[] w : windows) {
            if (w.length != info.windowSamples()) {
                throw new IllegalArgumentException("window of " + w.length + " samples; the model takes "
                        + info.windowSamples());
            }
        }
        try {
            return run(windows);
        } catch (OrtException e) {
            throw new ClassifierException(ClassifierException.Reason.INTERNAL,
                    "The local model failed: " + e.getMessage(), e);
        }
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Prediction classify(AudioClip clip) throws ClassifierException {
        long t0 = System.nanoTime();
        if (clip.samples().length == 0) {
            throw new ClassifierException(ClassifierException.Reason.BAD_INPUT, "The recording is empty.");
        }
        float[] samples = toModelRate(clip);
        int window = info.windowSamples();
        List<int[]> spans = windows(samples.length, window);
        float[][] probs = new float[spans.size()][];
        boolean[] silent = new boolean[spans.size()];
        try {
            for (int first = 0; first < spans.size(); first += MAX_BATCH) {
                int count = Math.min(MAX_BATCH, spans.size() - first);
                float[][] batch = new float[count][window];
                for (int b = 0; b < count; b++) {
                    int[] span = spans.get(first + b);
                    int len = span[1] - span[0];
                    System.arraycopy(samples, span[0], batch[b], 0, len);
                    silent[first + b] = Levels.of(batch[b], 0, len).peakDbfs() < SILENCE_DBFS;
                }
                float[][] out = run(batch);
                System.arraycopy(out, 0, probs, first, count);
            }
        } catch (OrtException e) {
            throw new ClassifierException(ClassifierException.Reason.INTERNAL,
                    "The local model failed on this clip: " + e.getMessage(), e);
        }
        int best = chooseWindow(probs, silent);
        double seconds = (double) info.sampleRate();
        int[] span = spans.get(best);
        Prediction.TimeSpan timeSpan = new Prediction.TimeSpan(span[0] / seconds, span[1] / seconds);
        Prediction p = allSilent(silent) ? silence(timeSpan) : toPrediction(probs[best], timeSpan);
        return p.withElapsed(Duration.ofNanos(System.nanoTime() - t0));
    }

    private float[] toModelRate(AudioClip clip) {
        if (clip.sampleRate() == info.sampleRate()) {
            return clip.samples();
        }
        StreamingResampler resampler = new StreamingResampler(clip.sampleRate(), info.sampleRate());
        float[] out = new float[(int) resampler.outputLengthFor(clip.samples().length) + 64];
        int[] size = {0};
        StreamingResampler.SampleSink sink = (s, off, len) -> {
            int take = Math.min(len, out.length - size[0]);
            System.arraycopy(s, off, out, size[0], take);
            size[0] += take;
        };
        resampler.process(clip.samples(), 0, clip.samples().length, false, sink);
        resampler.process(clip.samples(), 0, 0, true, sink);
        return java.util.Arrays.copyOf(out, size[0]);
    }

    /** [start, end) spans: one padded window for short clips, else 50% overlap with the last one flush with the end. */
    public static List<int[]> windows(int length, int window) {
        List<int[]> spans = new ArrayList<>();
        if (length <= window) {
            spans.add(new int[] {0, length});
            return spans;
        }
        int hop = window / 2;
        int start = 0;
        while (start + window < length) {
            spans.add(new int[] {start, start + window});
            start += hop;
        }
        spans.add(new int[] {length - window, length});
        return spans;
    }

    private int chooseWindow(float[][] probs, boolean[] silent) {
        int best = 0;
        double bestScore = -1;
        boolean allSilent = allSilent(silent);
        for (int w = 0; w < probs.length; w++) {
            if (silent[w] && !allSilent) {
                continue;
            }
            double score = 0;
            for (int c = 0; c < probs[w].length; c++) {
                if (c != otherIndex) {
                    score = Math.max(score, probs[w][c]);
                }
            }
            if (score > bestScore) {
                bestScore = score;
                best = w;
            }
        }
        return best;
    }

    private static boolean allSilent(boolean[] silent) {
        for (boolean s : silent) {
            if (!s) {
                return false;
            }
        }
        return true;
    }

    private Prediction silence(Prediction.TimeSpan span) {
        List<ClassScore> top = new ArrayList<>();
        top.add(new ClassScore("other", 1.0));
        for (String c : info.classes()) {
            if (!c.equals("other")) {
                top.add(new ClassScore(c, 0.0));
            }
        }
        return new Prediction("other", 1.0, top, Verdict.OTHER, false, name, Duration.ZERO, Optional.of(span),
                Optional.empty());
    }

    private Prediction toPrediction(float[] probs, Prediction.TimeSpan span) {
        List<ClassScore> ranked = new ArrayList<>(probs.length);
        for (int c = 0; c < probs.length; c++) {
            ranked.add(new ClassScore(info.classes().get(c), probs[c]));
        }
        ranked.sort(Comparator.comparingDouble(ClassScore::probability).reversed());
        ClassScore top = ranked.get(0);
        Verdict verdict = Verdict.fromLabel(top.label());
        boolean unsure = top.probability() < info.verdictThreshold();
        return new Prediction(top.label(), top.probability(), ranked, verdict, unsure, name, Duration.ZERO,
                Optional.of(span), Optional.empty());
    }

    private float[][] run(float[][] batch) throws OrtException {
        int n = batch.length;
        int window = info.windowSamples();
        FloatBuffer buffer = FloatBuffer.allocate(n * window);
        for (float[] row : batch) {
            buffer.put(row);
        }
        buffer.flip();
        try (OnnxTensor input = OnnxTensor.createTensor(env, buffer, new long[] {n, window});
             OrtSession.Result result = session.run(Map.of(info.input(), input))) {
            Object value = result.get(info.output()).orElseThrow(() -> new OrtException("no output")).getValue();
            return (float[][]) value;
        }
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            LOG.debug("closing the ONNX session failed", e);
        }
    }
}
