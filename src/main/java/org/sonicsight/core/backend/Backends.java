package org.sonicsight.core.backend;

import java.time.Duration;
import org.sonicsight.core.classify.Classifier;
import org.sonicsight.core.classify.ClassifierException;
import org.sonicsight.core.classify.SpaceWithFallback;
import org.sonicsight.core.classify.gradio.GradioListener;
import org.sonicsight.core.config.AppConfig;

/**
 * The classifier a face answers with, chosen in one place for the desktop, the kiosk, {@code serve} and
 * {@code identify}: the local model, or a Gradio Space behind the Space→local policy ({@link SpaceWithFallback}:
 * the Space gets a time budget, then the local model answers and says why; a Space that just failed is skipped
 * for a while). The faces only say which Space, which token and how long it may take.
 */
public final class Backends {

    private final AppConfig config;

    public Backends(AppConfig config) {
        this.config = config;
    }

    public AppConfig config() {
        return config;
    }

    /**
     * A Gradio app, connected now.
     *
     * @param token a token from a flag or the desktop's token file; null or blank: {@code HF_TOKEN}, if any
     */
    public Classifier space(String spaceOrUrl, String apiName, String token, GradioListener listener)
            throws ClassifierException {
        return RemoteClassifiers.gradio(spaceOrUrl, apiName == null || apiName.isBlank() ? null : apiName,
                config.gradio(token), listener);
    }

    /**
     * The Space→local policy over a Space: connected on its first call, inside the budget, so a sleeping Space
     * does not delay a start.
     *
     * @param spaceOpener connects to the Space (a face may add a listener for progress sentences)
     * @param local       opens the local model when the Space fails; null: no fallback, the Space's own failure is
     *                    reported (and the budget does not apply)
     * @param budget      how long the Space gets; null: {@link AppConfig#spaceBudget()}
     */
    public SpaceWithFallback withFallback(String space, SpaceWithFallback.Opener spaceOpener,
                                          SpaceWithFallback.Opener local, Duration budget) {
        return new SpaceWithFallback(space.strip(), spaceOpener, local, budget == null ? config.spaceBudget() : budget,
                SpaceWithFallback.DEFAULT_RETRY_AFTER);
    }

    /**
     * What a command or a server answers with: the local model ({@code localThreads} ONNX Runtime threads per
     * call, 0: as cores allow) when no Space is named, else the Space with the local model behind it.
     *
     * @param fallbackAfter how long the Space gets before the local model answers; null: never, its failures are
     *                      reported
     */
    public Classifier open(String space, String apiName, String token, Duration fallbackAfter, int localThreads)
            throws ClassifierException {
        if (space != null && !space.isBlank()) {
            String s = space.strip();
            return withFallback(s, () -> space(s, apiName, token, GradioListener.NONE),
                    fallbackAfter == null ? null : () -> LocalModel.open(localThreads), fallbackAfter);
        }
        return LocalModel.open(localThreads);
    }
}
