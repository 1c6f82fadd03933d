package org.sonicsight.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.sonicsight.core.audio.AudioClip;
import org.sonicsight.core.audio.AudioDecoder;
import org.sonicsight.core.audio.AudioInputException;
import org.sonicsight.core.audio.SampleStream;
import org.sonicsight.core.classify.ClassifierException;
import org.sonicsight.core.backend.LocalModel;
import org.sonicsight.core.classify.Prediction;
import org.sonicsight.core.classify.onnx.OnnxClassifier;
import org.sonicsight.core.dsp.Colormap;
import org.sonicsight.core.dsp.Spectrogram;
import org.sonicsight.core.dsp.SpectrogramAnalyzer;
import org.sonicsight.core.dsp.SpectrogramConfig;
import org.sonicsight.core.explain.Explanation;
import org.sonicsight.core.explain.OcclusionExplainer;
import org.sonicsight.core.render.SpectrogramPng;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "spectrogram", mixinStandardHelpOptions = true,
        description = "Render a file's log-mel spectrogram (librosa settings: sr 22050, n_fft 2048, hop 512, 128 mels) to PNG.")
public final class SpectrogramCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "FILE", description = "Audio file (WAV, AIFF, AU, FLAC, MP3, Ogg Vorbis/Opus, M4A/MP4, WebM).")
    Path input;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "PNG", description = "Where to write the PNG.")
    Path output;

    @Option(names = "--colormap", defaultValue = "magma", description = "magma (default), viridis or grey.")
    String colormap;

    @Option(names = "--no-axes", description = "Only the spectrogram pixels, no axes or colour bar.")
    boolean noAxes;

    @Option(names = "--width", defaultValue = "0", description = "Image width in pixels (default: 1000 with axes, one pixel per frame without).")
    int width;

    @Option(names = "--height", defaultValue = "0", description = "Image height in pixels (default: 500 with axes, 128 without).")
    int height;

    @Option(names = "--max-columns", defaultValue = "4096",
            description = "Longer files are max-pooled in time to at most this many columns (bounds memory).")
    int maxColumns;

    @Option(names = "--explain",
            description = "Identify the sound with the local model and show why: the parts of the spectrogram that "
                    + "did not drive the answer are dimmed (occlusion: each time-frequency patch of the window the "
                    + "model scored is removed in turn and the drop of the winning class kept). At most the first "
                    + "10 minutes are read; files over 30 s are drawn around the deciding window.")
    boolean explain;

    @Option(names = "--quiet", description = "Print nothing on success.")
    boolean quiet;

    @Override
    public Integer call() throws AudioInputException, IOException {
        Colormap cmap = parseColormap(colormap);
        if (width < 0 || height < 0 || width > 20000 || height > 20000) {
            throw new UserException("--width and --height must be between 1 and 20000 pixels.", ExitCodes.USAGE);
        }
        if (maxColumns < 1) {
            throw new UserException("--max-columns must be at least 1.", ExitCodes.USAGE);
        }
        SpectrogramConfig config = SpectrogramConfig.DEFAULT;
        if (explain) {
            return explained(cmap);
        }
        Spectrogram spectrogram;
        try (SampleStream stream = AudioDecoder.open(input, config.sampleRate())) {
            spectrogram = new SpectrogramAnalyzer(config).analyze(stream, maxColumns, null, null);
        } catch (IOException e) {
            throw new UserException("Could not decode " + input + ": " + e.getMessage(), ExitCodes.BAD_INPUT, e);
        }
        if (spectrogram.totalFrames() == 0 || spectrogram.durationSeconds() == 0) {
            throw new AudioInputException(AudioInputException.Kind.EMPTY, input + " contains no audio (0 samples).");
        }
        SpectrogramPng.Options options = noAxes ? SpectrogramPng.Options.bare() : SpectrogramPng.Options.figure();
        options = options.withColormap(cmap);
        if (width > 0 || height > 0) {
            options = options.withSize(width > 0 ? width : options.width(), height > 0 ? height : options.height());
        }
        if (!noAxes) {
            options = options.withTitle(input.getFileName().toString());
        }
        try {
            SpectrogramPng.write(SpectrogramPng.render(spectrogram, options), output);
        } catch (IOException e) {
            throw new UserException("Could not write " + output + ": " + e.getMessage(), ExitCodes.FAILURE, e);
        }
        if (!quiet) {
            System.out.printf(Locale.ROOT, "%s: %.2f s, %d frames%s -> %s%n", input, spectrogram.durationSeconds(),
                    spectrogram.totalFrames(),
                    spectrogram.framesPerColumn() > 1 ? " (pooled x" + spectrogram.framesPerColumn() + ")" : "",
                    output);
        }
        return ExitCodes.OK;
    }

    /** Seconds drawn around the deciding window of a long file. */
    static final double EXPLAIN_CONTEXT_SECONDS = 30;

    private int explained(Colormap cmap) throws AudioInputException {
        SpectrogramConfig config = SpectrogramConfig.DEFAULT;
        AudioClip clip = AudioDecoder.readAll(input, config.sampleRate(), (long) (600.0 * config.sampleRate()));
        if (clip.samples().length == 0) {
            throw new AudioInputException(AudioInputException.Kind.EMPTY, input + " contains no audio (0 samples).");
        }
        Prediction p;
        Explanation why;
        float[] shown = clip.samples();
        double shift = 0;
        try (OnnxClassifier model = LocalModel.open()) {
            p = model.classify(clip);
            double start = p.window().map(Prediction.TimeSpan::startSeconds).orElse(0.0);
            int rate = config.sampleRate();
            if (shown.length > EXPLAIN_CONTEXT_SECONDS * rate) {
                double end = p.window().map(Prediction.TimeSpan::endSeconds).orElse(start);
                double from = Math.max(0, (start + end) / 2 - EXPLAIN_CONTEXT_SECONDS / 2);
                int a = (int) Math.min(from * rate, shown.length - EXPLAIN_CONTEXT_SECONDS * rate);
                shown = java.util.Arrays.copyOfRange(shown, a, a + (int) (EXPLAIN_CONTEXT_SECONDS * rate));
                shift = a / (double) rate;
            }
            why = new OcclusionExplainer(model).explain(shown, start - shift, p.label());
        } catch (ClassifierException e) {
            throw new UserException(ExitCodes.oneLine(e), ExitCodes.CLASSIFIER, e);
        }
        Spectrogram spectrogram = new SpectrogramAnalyzer(config).analyze(new AudioClip(shown, config.sampleRate(),
                clip.source()));
        SpectrogramPng.Options options = noAxes ? SpectrogramPng.Options.bare() : SpectrogramPng.Options.figure();
        options = options.withColormap(cmap);
        if (width > 0 || height > 0) {
            options = options.withSize(width > 0 ? width : options.width(), height > 0 ? height : options.height());
        }
        if (!noAxes) {
            options = options.withTitle(String.format(Locale.ROOT, "%s%s: %s %.2f", input.getFileName(),
                    shift > 0 ? String.format(Locale.ROOT, " from %.1f s", shift) : "", p.label(), p.confidence()));
        }
        try {
            SpectrogramPng.write(SpectrogramPng.render(spectrogram, options, why), output);
        } catch (IOException e) {
            throw new UserException("Could not write " + output + ": " + e.getMessage(), ExitCodes.FAILURE, e);
        }
        if (!quiet) {
            System.out.printf(Locale.ROOT, "%s: %s %.2f (%.1f-%.1f s), explained in %d ms (%d patches, largest "
                            + "drop %.2f log-odds) -> %s%n", input, p.label(), p.confidence(),
                    why.windowStart() + shift, why.windowEnd() + shift, why.elapsed().toMillis(),
                    why.timePatches() * why.bands(), why.maxDrop(), output);
        }
        return ExitCodes.OK;
    }

    static Colormap parseColormap(String name) {
        try {
            return Colormap.parse(name);
        } catch (IllegalArgumentException e) {
            throw new UserException(e.getMessage(), ExitCodes.USAGE);
        }
    }
}
