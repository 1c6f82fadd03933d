package org.sonicsight.web;

import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sonicsight.core.audio.AudioClip;
import org.sonicsight.core.audio.AudioDecoder;
import org.sonicsight.core.audio.AudioInputException;
import org.sonicsight.core.audio.SampleStream;
import org.sonicsight.core.classify.Classifier;
import org.sonicsight.core.classify.ClassifierException;
import org.sonicsight.core.classify.ModelThreads;
import org.sonicsight.core.classify.Prediction;
import org.sonicsight.core.classify.PredictionJson;
import org.sonicsight.core.dsp.SpectrogramAnalyzer;
import org.sonicsight.core.dsp.SpectrogramConfig;
import org.sonicsight.core.render.SpectrogramPng;

/**
 * Decodes uploads, draws spectrograms and asks the classifier, on a fixed
 * pool of workers behind a short queue: a full queue is refused at once
 * (429) rather than letting requests pile up, and a request gives up after
 * the configured timeout.
 */
final class AnalysisService implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AnalysisService.class);
    private static final SpectrogramPng.Options FIGURE = SpectrogramPng.Options.figure().withSize(900, 420);

    private final Classifier classifier;
    private final WebConfig config;
    private final RecentStore recent;
    private final ThreadPoolExecutor workers;
    private final SpectrogramAnalyzer analyzer = new SpectrogramAnalyzer(SpectrogramConfig.DEFAULT);
    private final int classifierRate;

    AnalysisService(Classifier classifier, WebConfig config, RecentStore recent) {
        this.classifier = classifier;
        this.config = config;
        this.recent = recent;
        BlockingQueue<Runnable> queue = config.queueLength() == 0 ? new SynchronousQueue<>()
                : new ArrayBlockingQueue<>(config.queueLength());
        // Workers run the model (native code on the calling thread): a stack known to be enough for it.
        this.workers = new ThreadPoolExecutor(config.workers(), config.workers(), 30, TimeUnit.SECONDS, queue,
                ModelThreads.factory("web-analysis", true), new ThreadPoolExecutor.AbortPolicy());
        // Decoding straight to the model's rate saves a second resampling when no picture is wanted.
        this.classifierRate = classifier.windows().map(w -> w.sampleRate())
                .orElse(SpectrogramConfig.DEFAULT.sampleRate());
    }

    Classifier classifier() {
        return classifier;
    }

    /**
     * Decodes the upload once (no resampling) to know it is audio the server
     * can read and how long it really is: a cut-off file decodes what is there.
     * Runs on the workers like an analysis: decoding is CPU work, bound by the
     * same concurrency, queue and timeout, never on the server's own threads.
     */
    AudioCheck check(Upload upload) {
        return submit(() -> checkNow(upload));
    }

    private AudioCheck checkNow(Upload upload) {
        try (SampleStream stream = AudioDecoder.open(upload.file(), 0)) {
            float[] block = new float[8192];
            long samples = 0;
            int n;
            while ((n = stream.read(block, 0, block.length)) >= 0) {
                samples += n;
                if (Thread.currentThread().isInterrupted()) {
                    throw WebErrors.timeout(); // cancelled after the timeout; nobody reads this answer
                }
            }
            if (samples == 0) {
                throw new WebException(400, upload.fileName() + " contains no audio (0 samples).")
                        .localized("web.error.empty", upload.fileName());
            }
            long promised = stream.estimatedLength();
            String format = stream.sourceDescription();
            return new AudioCheck(format, contentType(format), samples / (double) stream.sampleRate(),
                    promised > samples + stream.sampleRate() / 100);
        } catch (AudioInputException e) {
            throw WebErrors.of(e, upload);
        } catch (IOException e) {
            throw new WebException(400, upload.fileName() + " could not be decoded: " + upload.userMessage(
                    e.getMessage()) + ".", e).localized("web.error.corrupt", upload.fileName());
        }
    }

    /** Identifies the sound; draws and stores the spectrogram too when asked. */
    Analysis analyze(Upload upload, boolean identify, boolean drawSpectrogram) {
        return analyze(upload, identify, drawSpectrogram, false);
    }

    /**
     * As {@link #analyze(Upload, boolean, boolean)}; with {@code explain} (the page's result) also the "why"
     * picture: the spectrogram with what did not drive the answer dimmed (occlusion, about 60 more model runs;
     * local model only, so a Space's answer has none), and the events strip (the detector along the clip).
     * The JSON API shows neither, so it pays for neither: the strip alone is five more windows on a 5 s clip.
     */
    Analysis analyze(Upload upload, boolean identify, boolean drawSpectrogram, boolean explain) {
        return submit(() -> {
            int rate = drawSpectrogram ? SpectrogramConfig.DEFAULT.sampleRate() : classifierRate;
            AudioClip clip;
            boolean truncated;
            try {
                org.sonicsight.core.audio.Excerpt excerpt = org.sonicsight.core.audio.Excerpt.read(upload.file(), rate,
                        config.maxAnalysisSeconds());
                clip = excerpt.clip();
                truncated = excerpt.truncated();
            } catch (AudioInputException e) {
                throw WebErrors.of(e, upload);
            }
            Optional<byte[]> png = Optional.empty();
            Optional<String> id = Optional.empty();
            if (drawSpectrogram) {
                byte[] bytes = SpectrogramPng.toPng(SpectrogramPng.render(analyzer.analyze(clip), FIGURE));
                png = Optional.of(bytes);
                id = Optional.of(recent.put(bytes, "image/png"));
            }
            Optional<Prediction> prediction = Optional.empty();
            if (identify) {
                try {
                    prediction = Optional.of(classifier.classify(clip));
                } catch (ClassifierException e) {
                    throw WebErrors.of(e);
                }
            }
            Optional<String> whyId = Optional.empty();
            if (explain && prediction.isPresent() && prediction.get().window().isPresent()
                    && classifier.windows().isPresent()
                    && clip.sampleRate() == classifier.windows().get().sampleRate()
                    && prediction.get().fallback().isEmpty()) {
                org.sonicsight.core.classify.WindowClassifier model = classifier.windows().get();
                try {
                    org.sonicsight.core.explain.Explanation why = new org.sonicsight.core.explain.OcclusionExplainer(
                            model).explain(clip.samples(), prediction.get().window().get().startSeconds(),
                            prediction.get().label());
                    byte[] bytes = SpectrogramPng.toPng(SpectrogramPng.render(analyzer.analyze(clip), FIGURE, why));
                    whyId = Optional.of(recent.put(bytes, "image/png"));
                } catch (ClassifierException | IllegalArgumentException e) {
                    LoggerFactory.getLogger(AnalysisService.class).debug("no why picture", e);
                }
            }
            return new Analysis(prediction, clip.durationSeconds(), truncated, id, png,
                    identify && explain ? eventsAlong(clip) : java.util.List.of(), whyId);
        });
    }

    /** The detector over a clip longer than one window, for the page's strip; empty when it does not apply. */
    private java.util.List<org.sonicsight.core.detect.DetectedEvent> eventsAlong(AudioClip clip) {
        org.sonicsight.core.classify.WindowClassifier model = classifier.windows().orElse(null);
        if (model == null || clip.sampleRate() != model.sampleRate() || clip.samples().length <= model.windowSamples()) {
            return java.util.List.of();
        }
        java.util.List<org.sonicsight.core.detect.DetectedEvent> found = new java.util.ArrayList<>();
        try {
            org.sonicsight.core.detect.EventDetector d = new org.sonicsight.core.detect.EventDetector(model,
                    org.sonicsight.core.detect.DetectorSettings.DEFAULTS,
                    org.sonicsight.core.detect.EventDetector.FILE_BATCH, found::add);
            d.accept(clip.samples(), 0, clip.samples().length);
            d.finish();
        } catch (ClassifierException e) {
            throw WebErrors.of(e);
        }
        found.sort(java.util.Comparator.comparingDouble(org.sonicsight.core.detect.DetectedEvent::start));
        return found;
    }

    /**
     * Runs the event detector over the upload (streamed, up to the analysis limit): every dog and cat in it.
     *
     * @throws WebException 503 when the classifier is not the local model (a Space cannot score windows)
     */
    ApiResponses.Events events(Upload upload) {
        org.sonicsight.core.classify.WindowClassifier model = classifier.windows().orElse(null);
        if (model == null) {
            throw new WebException(503, "Events need the local model, and this server answers with "
                    + classifier.name() + ".");
        }
        return submit(() -> {
            java.util.List<ApiResponses.Event> found = new java.util.ArrayList<>();
            org.sonicsight.core.detect.EventDetector detector = new org.sonicsight.core.detect.EventDetector(model,
                    org.sonicsight.core.detect.DetectorSettings.DEFAULTS,
                    org.sonicsight.core.detect.EventDetector.FILE_BATCH, e -> found.add(ApiResponses.Event.of(e)));
            long maxSamples = (long) Math.ceil(config.maxAnalysisSeconds() * model.sampleRate());
            boolean truncated = false;
            try (SampleStream stream = AudioDecoder.open(upload.file(), model.sampleRate())) {
                float[] block = new float[16384];
                long fed = 0;
                int n;
                while ((n = stream.read(block, 0, block.length)) >= 0) {
                    if (Thread.currentThread().isInterrupted()) {
                        throw WebErrors.timeout(); // cancelled after the timeout; nobody reads this answer
                    }
                    int take = (int) Math.min(n, maxSamples - fed);
                    detector.accept(block, 0, take);
                    fed += take;
                    if (fed >= maxSamples) {
                        truncated = stream.read(block, 0, 1) >= 0;
                        break;
                    }
                }
                if (fed == 0) {
                    throw new WebException(400, upload.fileName() + " contains no audio (0 samples).")
                        .localized("web.error.empty", upload.fileName());
                }
                detector.finish();
            } catch (AudioInputException e) {
                throw WebErrors.of(e, upload);
            } catch (IOException e) {
                throw new WebException(400, upload.fileName() + " could not be decoded: " + upload.userMessage(
                        e.getMessage()) + ".", e).localized("web.error.corrupt", upload.fileName());
            } catch (ClassifierException e) {
                throw WebErrors.of(e);
            }
            found.sort(java.util.Comparator.comparingDouble(ApiResponses.Event::start));
            return new ApiResponses.Events(found, model.name(), PredictionJson.seconds(detector.secondsSeen()), truncated);
        });
    }

    private <T> T submit(Callable<T> job) {
        Future<T> future;
        try {
            future = workers.submit(job);
        } catch (RejectedExecutionException e) {
            throw WebErrors.busy();
        }
        try {
            return future.get(config.requestTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw WebErrors.timeout();
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw new WebException(503, "The server is shutting down.");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof WebException w) {
                throw w;
            }
            LOG.error("Analysis failed", cause);
            throw new WebException(500, "The analysis failed unexpectedly. The details are in the server log.");
        }
    }

    /** Analyses running or waiting, for health checks. */
    int inFlight() {
        return workers.getActiveCount() + workers.getQueue().size();
    }

    static String contentType(String format) {
        String f = format == null ? "" : format;
        if (f.startsWith("WAV")) {
            return "audio/wav";
        }
        if (f.startsWith("AIFF")) {
            return "audio/aiff";
        }
        if (f.startsWith("AU")) {
            return "audio/basic";
        }
        if (f.startsWith("FLAC")) {
            return "audio/flac";
        }
        if (f.startsWith("Ogg")) {
            return "audio/ogg";
        }
        if (f.startsWith("MP3")) {
            return "audio/mpeg";
        }
        if (f.startsWith("M4A") || f.startsWith("MP4") || f.startsWith("QuickTime")) {
            return "audio/mp4";
        }
        if (f.startsWith("WebM")) {
            return "audio/webm";
        }
        if (f.startsWith("Matroska")) {
            return "audio/x-matroska";
        }
        return "application/octet-stream";
    }

    @Override
    public void close() {
        workers.shutdownNow();
    }
}
