package org.sonicsight.core.classify.gradio;

import com.google.gson.JsonElement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sonicsight.core.audio.AudioClip;
import org.sonicsight.core.audio.WavWriter;
import org.sonicsight.core.classify.ClassScore;
import org.sonicsight.core.classify.Classifier;
import org.sonicsight.core.classify.ClassifierException;
import org.sonicsight.core.classify.Prediction;
import org.sonicsight.core.classify.Verdict;
import org.sonicsight.core.audio.StreamingResampler;
import org.sonicsight.core.dsp.Spectrogram;
import org.sonicsight.core.dsp.SpectrogramConfig;
import org.sonicsight.core.dsp.SpectrogramAnalyzer;
import org.sonicsight.core.render.SpectrogramPng;

/**
 * A {@link Classifier} that asks a Gradio app. The clip goes as the endpoint
 * expects it: a WAV file for an audio (or file) input, or, for an image input,
 * the spectrogram PNG the original model was trained on (log-mel, magma, no
 * axes). The answer is mapped from whatever the endpoint returns: a Label, or
 * the original Space's four outputs (image, prediction, confidence, base64 PNG).
 */
public final class GradioClassifier implements Classifier {

    private static final Logger LOG = LoggerFactory.getLogger(GradioClassifier.class);
    /** Endpoints tried, in order, when the caller names none. */
    static final List<String> PREFERRED = List.of("/predict_audio", "/classify", "/predict");
    /** Below this a dog/cat answer is flagged "not sure" (remote apps do not tell us their threshold). */
    static final double UNSURE_BELOW = 0.5;

    private final GradioClient client;
    private final GradioEndpoint endpoint;
    private final GradioListener listener;
    private final int fileArg;
    private final boolean imageInput;

    public GradioClassifier(GradioClient client, String apiName, GradioListener listener) throws GradioException {
        this.client = client;
        this.listener = listener == null ? GradioListener.NONE : listener;
        this.endpoint = apiName == null || apiName.isBlank() ? pick(client) : client.endpoint(apiName);
        this.fileArg = endpoint.firstFileParameter();
        if (fileArg < 0) {
            throw new GradioException(GradioException.Kind.BAD_REQUEST, endpoint.apiName() + " of " + client.source()
                    + " takes no audio or image file: " + endpoint.signature());
        }
        for (int i = 0; i < endpoint.parameters().size(); i++) {
            if (i != fileArg && !endpoint.parameters().get(i).hasDefault()) {
                throw new GradioException(GradioException.Kind.BAD_REQUEST, endpoint.apiName() + " needs more than "
                        + "a sound file: " + endpoint.signature());
            }
        }
        this.imageInput = endpoint.parameters().get(fileArg).isComponent("Image");
    }

    private static GradioEndpoint pick(GradioClient client) throws GradioException {
        for (String name : PREFERRED) {
            for (GradioEndpoint e : client.endpoints()) {
                if (e.apiName().equals(name) && e.firstFileParameter() >= 0) {
                    return e;
                }
            }
        }
        List<GradioEndpoint> withFile = new ArrayList<>();
        for (GradioEndpoint e : client.endpoints()) {
            if (e.documented() && e.firstFileParameter() >= 0) {
                withFile.add(e);
            }
        }
        if (withFile.size() == 1) {
            return withFile.get(0);
        }
        throw new GradioException(GradioException.Kind.BAD_REQUEST, "Cannot tell which endpoint of " + client.source()
                + " identifies sounds; name one with --api. It has: "
                + client.endpoints().stream().map(GradioEndpoint::apiName).toList());
    }

    public GradioEndpoint endpoint() {
        return endpoint;
    }

    @Override
    public String name() {
        return "gradio " + client.source() + endpoint.apiName();
    }

    @Override
    public Prediction classify(AudioClip clip) throws ClassifierException {
        long t0 = System.nanoTime();
        if (clip.samples().length == 0) {
            throw new ClassifierException(ClassifierException.Reason.BAD_INPUT, "The recording is empty.");
        }
        try {
            List<Object> args = new ArrayList<>();
            for (int i = 0; i < endpoint.parameters().size(); i++) {
                GradioParameter p = endpoint.parameters().get(i);
                args.add(i == fileArg ? encode(clip) : p.defaultValue() == null
                        ? com.google.gson.JsonNull.INSTANCE : p.defaultValue());
            }
            List<JsonElement> out = client.predict(endpoint.apiName(), args, listener);
            return toPrediction(out).withElapsed(Duration.ofNanos(System.nanoTime() - t0));
        } catch (GradioException e) {
            throw e.toClassifierException();
        }
    }

    private FileInput encode(AudioClip clip) throws ClassifierException {
        if (!imageInput) {
            return new FileInput("clip.wav", WavWriter.toBytes(clip), "audio/wav");
        }
        // The image the original Space's model was trained on: log-mel (librosa defaults), magma, no axes.
        SpectrogramConfig config = SpectrogramConfig.DEFAULT;
        Spectrogram s = new SpectrogramAnalyzer(config).analyze(atRate(clip, config.sampleRate()));
        byte[] png = SpectrogramPng.toPng(SpectrogramPng.render(s, SpectrogramPng.Options.bare()));
        return new FileInput("spectrogram.png", png, "image/png");
    }

    static AudioClip atRate(AudioClip clip, int rate) {
        if (clip.sampleRate() == rate) {
            return clip;
        }
        StreamingResampler resampler = new StreamingResampler(clip.sampleRate(), rate);
        float[] out = new float[(int) resampler.outputLengthFor(clip.samples().length) + 64];
        int[] size = {0};
        StreamingResampler.SampleSink sink = (buf, off, len) -> {
            int take = Math.min(len, out.length - size[0]);
            System.arraycopy(buf, off, out, size[0], take);
            size[0] += take;
        };
        resampler.process(clip.samples(), 0, clip.samples().length, false, sink);
        resampler.process(clip.samples(), 0, 0, true, sink);
        return new AudioClip(java.util.Arrays.copyOf(out, size[0]), rate, clip.source());
    }

    /** Maps an endpoint's outputs onto a prediction. */
    Prediction toPrediction(List<JsonElement> out) throws GradioException {
        String label = null;
        double confidence = Double.NaN;
        List<ClassScore> top = List.of();
        Optional<byte[]> image = Optional.empty();
        FileData imageFile = null;
        for (int i = 0; i < out.size(); i++) {
            JsonElement v = out.get(i);
            String component = i < endpoint.returns().size() ? endpoint.returns().get(i).component() : null;
            Optional<GradioOutputs.Label> l = GradioOutputs.label(v);
            if (l.isPresent() && label == null) {
                label = l.get().label();
                top = l.get().confidences();
                if (!top.isEmpty()) {
                    confidence = top.get(0).label().equals(label) ? top.get(0).probability()
                            : top.stream().filter(c -> c.label().equals(l.get().label())).findFirst()
                            .map(ClassScore::probability).orElse(Double.NaN);
                }
                continue;
            }
            Optional<String> text = GradioOutputs.text(v);
            if (text.isPresent() && GradioOutputs.isBase64Image(text.get())) {
                if (image.isEmpty()) {
                    image = Optional.of(GradioOutputs.decodeBase64Image(text.get()));
                }
                continue;
            }
            FileData f = FileData.of(v);
            if (f != null) {
                if (imageFile == null && ("Image".equalsIgnoreCase(component) || isImageName(f))) {
                    imageFile = f;
                }
                continue;
            }
            if (text.isPresent() && label == null && GradioOutputs.confidence(v).isEmpty()) {
                label = text.get().strip();
                continue;
            }
            Optional<Double> c = GradioOutputs.confidence(v);
            if (c.isPresent() && Double.isNaN(confidence)) {
                confidence = c.get();
            }
        }
        if (label == null || label.isBlank()) {
            throw new GradioException(GradioException.Kind.PROTOCOL, endpoint.apiName() + " of " + client.source()
                    + " returned no label: " + GradioJson.abbreviate(out.toString()));
        }
        if (image.isEmpty() && imageFile != null) {
            try {
                image = Optional.of(client.download(imageFile));
            } catch (GradioException e) {
                LOG.info("could not fetch the app's image {}: {}", imageFile.path(), e.getMessage());
            }
        }
        if (Double.isNaN(confidence)) {
            confidence = 1.0;
        }
        if (top.isEmpty()) {
            top = List.of(new ClassScore(label, confidence));
        }
        Verdict verdict = Verdict.fromLabel(label);
        boolean unsure = verdict != Verdict.OTHER && confidence < UNSURE_BELOW;
        return new Prediction(label, confidence, top, verdict, unsure, name(), Duration.ZERO, Optional.empty(),
                image.filter(GradioClassifier::isPng));
    }

    private static boolean isImageName(FileData f) {
        String n = (f.origName() != null ? f.origName() : f.path() != null ? f.path() : "").toLowerCase();
        return n.endsWith(".png") || n.endsWith(".jpg") || n.endsWith(".jpeg") || n.endsWith(".webp");
    }

    /** Prediction carries PNGs only; a webp or jpeg image from the app is dropped, not mislabelled. */
    private static boolean isPng(byte[] b) {
        return b.length > 8 && (b[0] & 0xff) == 0x89 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G';
    }

    @Override
    public void close() {
        client.close();
    }
}
