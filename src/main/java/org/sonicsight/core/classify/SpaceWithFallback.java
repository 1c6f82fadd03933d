package org.sonicsight.core.classify;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sonicsight.core.audio.AudioClip;

/**
 * The one policy for "ask the Space, else answer locally", used by every face
 * (CLI, web, desktop, kiosk). The Space gets {@code budget} per call, connecting
 * and a sleeping Space's wake-up included; when it fails or the budget passes,
 * its call is cancelled (the Gradio client sees the interrupt and cancels the
 * job) and the local model answers, the prediction saying why
 * ({@link Prediction#fallback()}). After a failure the Space is skipped for
 * {@code retryAfter}, so a down Space costs one wait, not one per request.
 * {@link #cancel()} stops every call in flight, the Space's included.
 */
public final class SpaceWithFallback implements Classifier {

    private static final Logger LOG = LoggerFactory.getLogger(SpaceWithFallback.class);

    /** How long the Space gets before the local model answers instead. */
    public static final Duration DEFAULT_BUDGET = Duration.ofSeconds(15);
    /** How long a Space that failed is skipped. */
    public static final Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(60);

    /** Opens a backend (connects, loads). */
    public interface Opener {
        Classifier open() throws ClassifierException;
    }

    private final String space;
    private final Opener spaceOpener;
    private final Opener localOpener;
    private final Duration budget;
    private final Duration retryAfter;
    private final ExecutorService attempts;
    private final Set<Future<?>> inFlight = ConcurrentHashMap.newKeySet();
    private Classifier spaceClassifier;
    private Classifier local;
    private volatile long skipUntilNanos;
    private volatile String lastProblem;

    /**
     * @param space       the Space's id or URL, for sentences
     * @param spaceOpener connects to it (called again after a failure)
     * @param localOpener opens the local model (once, when first needed); null: no fallback, the Space's own
     *                    failure is thrown and the budget does not apply (cancel still does)
     */
    public SpaceWithFallback(String space, Opener spaceOpener, Opener localOpener, Duration budget,
                             Duration retryAfter) {
        this.space = space;
        this.spaceOpener = spaceOpener;
        this.localOpener = localOpener;
        this.budget = budget;
        this.retryAfter = retryAfter;
        // Attempts are daemon threads: an abandoned Space call never keeps the JVM alive.
        this.attempts = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "space-call");
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public String name() {
        return localOpener == null ? "Space " + space
                : "Space " + space + " (local model if it does not answer within " + budget.toSeconds() + " s)";
    }

    public Duration budget() {
        return budget;
    }

    @Override
    public Prediction classify(AudioClip clip) throws ClassifierException {
        String why;
        if (localOpener == null) {
            return spaceOnly(clip);
        }
        if (System.nanoTime() < skipUntilNanos) {
            why = lastProblem + " (not retried for " + retryAfter.toSeconds() + " s)";
        } else {
            Future<Prediction> call = attempts.submit(() -> spaceClassifier().classify(clip));
            inFlight.add(call);
            try {
                Prediction p = call.get(budget.toMillis(), TimeUnit.MILLISECONDS);
                skipUntilNanos = 0;
                return p;
            } catch (TimeoutException e) {
                call.cancel(true);
                why = "The Space " + space + " did not answer within " + budget.toSeconds() + " s.";
            } catch (InterruptedException e) {
                call.cancel(true);
                Thread.currentThread().interrupt();
                throw new ClassifierException(ClassifierException.Reason.CANCELLED, "Cancelled.", e);
            } catch (CancellationException e) {
                throw new ClassifierException(ClassifierException.Reason.CANCELLED, "Cancelled.", e);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof ClassifierException ce)) {
                    throw new ClassifierException(ClassifierException.Reason.INTERNAL,
                            "The Space call failed: " + e.getCause(), e.getCause());
                }
                if (ce.reason() == ClassifierException.Reason.BAD_INPUT
                        || ce.reason() == ClassifierException.Reason.CANCELLED) {
                    throw ce; // the clip's fault, or the user's wish: the local model would not change that
                }
                why = spaceProblem(space, ce);
            } finally {
                inFlight.remove(call);
            }
            lastProblem = why;
            skipUntilNanos = System.nanoTime() + retryAfter.toNanos();
            dropSpaceClient();
            LOG.warn("{} The local model answers instead.", why);
        }
        try {
            return localClassifier().classify(clip).withFallback(why);
        } catch (ClassifierException localFailure) {
            throw new ClassifierException(localFailure.reason(), why + " The local model could not answer either: "
                    + localFailure.getMessage(), localFailure);
        }
    }

    private Prediction spaceOnly(AudioClip clip) throws ClassifierException {
        Future<Prediction> call = attempts.submit(() -> spaceClassifier().classify(clip));
        inFlight.add(call);
        try {
            return call.get();
        } catch (InterruptedException e) {
            call.cancel(true);
            Thread.currentThread().interrupt();
            throw new ClassifierException(ClassifierException.Reason.CANCELLED, "Cancelled.", e);
        } catch (CancellationException e) {
            throw new ClassifierException(ClassifierException.Reason.CANCELLED, "Cancelled.", e);
        } catch (ExecutionException e) {
            dropSpaceClient();
            if (e.getCause() instanceof ClassifierException ce) {
                throw ce;
            }
            throw new ClassifierException(ClassifierException.Reason.INTERNAL,
                    "The Space call failed: " + e.getCause(), e.getCause());
        } finally {
            inFlight.remove(call);
        }
    }

    /** Cancels every call in flight; the Space's job is cancelled through its client. */
    public void cancel() {
        for (Future<?> f : inFlight) {
            f.cancel(true);
        }
    }

    /** Connects outside the lock: a connect stuck on a sleeping Space must not block the fallback. */
    private Classifier spaceClassifier() throws ClassifierException {
        synchronized (this) {
            if (spaceClassifier != null) {
                return spaceClassifier;
            }
        }
        Classifier opened = spaceOpener.open();
        synchronized (this) {
            if (spaceClassifier == null) {
                spaceClassifier = opened;
                return opened;
            }
        }
        opened.close();
        synchronized (this) {
            return spaceClassifier != null ? spaceClassifier : spaceOpener.open();
        }
    }

    private synchronized void dropSpaceClient() {
        if (spaceClassifier != null) {
            spaceClassifier.close();
            spaceClassifier = null;
        }
    }

    private synchronized Classifier localClassifier() throws ClassifierException {
        if (local == null) {
            local = localOpener.open();
        }
        return local;
    }

    /** A sentence saying why the Space did not answer. */
    public static String spaceProblem(String space, ClassifierException e) {
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

    @Override
    public void close() {
        cancel();
        attempts.shutdownNow();
        dropSpaceClient();
        synchronized (this) {
            if (local != null) {
                local.close();
                local = null;
            }
        }
    }
}
