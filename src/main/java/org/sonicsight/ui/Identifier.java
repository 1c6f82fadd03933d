package org.sonicsight.ui;

import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sonicsight.core.audio.AudioClip;
import org.sonicsight.core.classify.Classifier;
import org.sonicsight.core.classify.ClassifierException;
import org.sonicsight.core.backend.LocalModel;
import org.sonicsight.core.classify.Prediction;
import org.sonicsight.core.classify.SpaceWithFallback;
import org.sonicsight.core.classify.gradio.GradioListener;
import org.sonicsight.core.settings.Settings;
import org.sonicsight.core.config.AppConfig;

/**
 * Chooses the backend from the settings and answers: the local model, or a
 * Gradio Space with an optional fallback to the local model when the Space
 * is down, asleep or failing. No toolkit here; runs on a worker thread.
 */
final class Identifier implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Identifier.class);

    /** Opens classifiers; replaced in tests that need a fault a real peer cannot produce. */
    interface Backends {
        Classifier local() throws ClassifierException;

        /** @param status receives connection, queue and progress sentences while the Space works */
        Classifier space(String spaceOrUrl, String apiName, String token, Consumer<String> status)
                throws ClassifierException;
    }

    /** The real backends: the embedded model (opened once, shared) and Gradio Spaces. */
    static final class RealBackends implements Backends {
        private final org.sonicsight.core.backend.Backends policy;
        private Classifier local;

        RealBackends(org.sonicsight.core.backend.Backends policy) {
            this.policy = policy;
        }

        @Override
        public synchronized Classifier local() throws ClassifierException {
            if (local == null) {
                local = LocalModel.open();
            }
            return local;
        }

        @Override
        public Classifier space(String spaceOrUrl, String apiName, String token, Consumer<String> status)
                throws ClassifierException {
            return policy.space(spaceOrUrl, apiName, token, new StatusListener(spaceOrUrl, status));
        }

        synchronized void close() {
            if (local != null) {
                local.close();
            }
        }
    }

    private final Backends backends;
    /** The core's Space→local policy and what it is configured with (the budget: SONICSIGHT_FALLBACK_AFTER). */
    private final org.sonicsight.core.backend.Backends fallback;
    private SpaceWithFallback policy;
    private List<Object> policyKey;
    /** Where the current call's Space status sentences go (the policy's opener outlives one call). */
    private volatile Consumer<String> statusSink = m -> { };

    Identifier(Backends backends, org.sonicsight.core.backend.Backends fallback) {
        this.backends = backends;
        this.fallback = fallback;
    }

    /** The real backends, configured by {@code config}. */
    static Identifier real(AppConfig config) {
        org.sonicsight.core.backend.Backends b = new org.sonicsight.core.backend.Backends(config);
        return new Identifier(new RealBackends(b), b);
    }

    /** The local model as a window scorer, for continuous listening (opened once, shared). */
    org.sonicsight.core.classify.WindowClassifier localWindows() throws ClassifierException {
        Classifier local = backends.local();
        return local.windows().orElseThrow(() ->
                new ClassifierException(ClassifierException.Reason.UNAVAILABLE,
                "Listening needs the local model, and this backend (" + local.name() + ") is not one."));
    }

    /**
     * @param status receives sentences about progress (connecting, queue position once the Gradio
     *               client reports it); called from this worker thread
     */
    Identification identify(AudioClip clip, String source, Settings settings, String token, Consumer<String> status)
            throws ClassifierException {
        if (settings.backend() == Settings.Backend.SPACE && !settings.space().isBlank()) {
            status.accept("Asking " + settings.space() + "…");
            SpaceWithFallback space = spacePolicy(settings, token, status);
            Prediction p = space.classify(clip);
            return new Identification(p, clip, source,
                    p.fallback().map(why -> why + " The local model answered instead.").orElse(""));
        }
        status.accept("Identifying with the local model…");
        return new Identification(backends.local().classify(clip), clip, source, "");
    }

    /**
     * The core's Space→local policy for these settings, kept while they stay
     * the same so a Space that just failed is not waited for again at once.
     */
    private synchronized SpaceWithFallback spacePolicy(Settings settings, String token, Consumer<String> status) {
        List<Object> key = java.util.Arrays.asList(settings.space(), settings.spaceApiName(), token,
                settings.fallbackToLocal());
        if (policy == null || !key.equals(policyKey)) {
            if (policy != null) {
                policy.close();
            }
            String api = settings.spaceApiName() == null || settings.spaceApiName().isBlank() ? null
                    : settings.spaceApiName();
            policy = fallback.withFallback(settings.space(),
                    () -> backends.space(settings.space(), api, token, m -> statusSink.accept(m)),
                    settings.fallbackToLocal() ? () -> borrowed(backends.local()) : null, null);
            policyKey = key;
        }
        statusSink = status;
        return policy;
    }

    /** Stops the identification in progress; a Space call is cancelled through the Gradio client. */
    void cancel() {
        SpaceWithFallback p;
        synchronized (this) {
            p = policy;
        }
        if (p != null) {
            p.cancel();
        }
    }

    /** The shared local model, lent to a policy that must not close it. */
    private static Classifier borrowed(Classifier local) {
        return new Classifier() {
            @Override
            public String name() {
                return local.name();
            }

            @Override
            public Prediction classify(AudioClip clip) throws ClassifierException {
                return local.classify(clip);
            }
        };
    }

    /** A sentence saying why the Space did not answer. */
    static String spaceProblem(String space, ClassifierException e) {
        return SpaceWithFallback.spaceProblem(space, e);
    }

    /** Turns the Gradio client's events (queue position, ETA, progress) into status sentences. */
    static final class StatusListener implements GradioListener {
        private final String space;
        private final Consumer<String> status;

        StatusListener(String space, Consumer<String> status) {
            this.space = space;
            this.status = status;
        }

        @Override
        public void onStatus(String message) {
            status.accept(message);
        }

        @Override
        public void onQueue(int rank, int queueSize, double etaSeconds) {
            status.accept(queueSentence(space, rank, queueSize, etaSeconds));
        }

        @Override
        public void onStarted(double etaSeconds) {
            status.accept(Double.isNaN(etaSeconds) ? space + " is working on it…"
                    : String.format(Locale.ROOT, "%s is working on it (about %.0f s)…", space, etaSeconds));
        }

        @Override
        public void onProgress(List<ProgressStep> steps) {
            if (!steps.isEmpty() && !Double.isNaN(steps.get(0).fraction())) {
                status.accept(space + ": " + percent(steps.get(0).fraction()) + " done…");
            }
        }
    }

    static String queueSentence(String space, int rank, int queueSize, double etaSeconds) {
        String where = rank <= 0 ? "next in the queue" : "position " + (rank + 1) + (queueSize > 0 ? " of " + queueSize : "")
                + " in the queue";
        String eta = Double.isNaN(etaSeconds) ? "" : String.format(Locale.ROOT, ", about %.0f s", etaSeconds);
        return "Waiting at " + space + ": " + where + eta + "…";
    }

    static String percent(double p) {
        return String.format(Locale.ROOT, "%.0f%%", p * 100);
    }

    @Override
    public void close() {
        synchronized (this) {
            if (policy != null) {
                policy.close();
                policy = null;
            }
        }
        if (backends instanceof RealBackends r) {
            r.close();
        }
    }
}
