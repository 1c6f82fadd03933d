package org.sonicsight.ui;

import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sonicsight.core.audio.AudioClip;
import org.sonicsight.core.classify.Classifier;
import org.sonicsight.core.classify.ClassifierException;
import org.sonicsight.core.classify.LocalModel;
import org.sonicsight.core.classify.RemoteClassifiers;
import org.sonicsight.core.classify.gradio.GradioListener;
import org.sonicsight.core.settings.Settings;

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
        private Classifier local;

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
            return RemoteClassifiers.gradio(spaceOrUrl, apiName == null || apiName.isBlank() ? null : apiName, token,
                    new StatusListener(spaceOrUrl, status));
        }

        synchronized void close() {
            if (local != null) {
                local.close();
            }
        }
    }

    private final Backends backends;

    Identifier(Backends backends) {
        this.backends = backends;
    }

    /**
     * @param status receives sentences about progress (connecting, queue position once the Gradio
     *               client reports it); called from this worker thread
     */
    Identification identify(AudioClip clip, String source, Settings settings, String token, Consumer<String> status)
            throws ClassifierException {
        if (settings.backend() == Settings.Backend.SPACE && !settings.space().isBlank()) {
            status.accept("Asking " + settings.space() + "…");
            try (Classifier space = backends.space(settings.space(), settings.spaceApiName(), token, status)) {
                return new Identification(space.classify(clip), clip, source, "");
            } catch (ClassifierException e) {
                if (e.reason() == ClassifierException.Reason.CANCELLED || e.reason() == ClassifierException.Reason.BAD_INPUT
                        || !settings.fallbackToLocal()) {
                    throw e;
                }
                String why = spaceProblem(settings.space(), e);
                LOG.warn("{} Falling back to the local model.", why);
                status.accept(why + " Using the local model…");
                try {
                    Classifier local = backends.local();
                    return new Identification(local.classify(clip), clip, source,
                            why + " The local model answered instead.");
                } catch (ClassifierException localFailure) {
                    throw new ClassifierException(localFailure.reason(), why + " The local model could not answer "
                            + "either: " + localFailure.getMessage(), localFailure);
                }
            }
        }
        status.accept("Identifying with the local model…");
        return new Identification(backends.local().classify(clip), clip, source, "");
    }

    /** A sentence saying why the Space did not answer. */
    static String spaceProblem(String space, ClassifierException e) {
        String what = switch (e.reason()) {
            case UNAVAILABLE -> "could not be reached (it may be down or asleep)";
            case TIMEOUT -> "did not answer in time (it may be waking up or busy)";
            case REMOTE_ERROR -> "reported an error";
            case PROTOCOL -> "answered in a way SonicSight does not understand";
            default -> "failed";
        };
        String detail = e.getMessage() == null ? "" : ": " + e.getMessage().strip();
        String sentence = "The Space " + space + " " + what + detail;
        return sentence.endsWith(".") ? sentence : sentence + ".";
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
        if (backends instanceof RealBackends r) {
            r.close();
        }
    }
}
