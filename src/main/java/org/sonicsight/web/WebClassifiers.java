package org.sonicsight.web;

import java.time.Duration;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sonicsight.core.classify.Classifier;
import org.sonicsight.core.classify.ClassifierException;
import org.sonicsight.core.backend.Backends;

/** The classifier a web endpoint answers with: a Gradio app when one is named, else the embedded model. */
public final class WebClassifiers {

    private static final Logger LOG = LoggerFactory.getLogger(WebClassifiers.class);

    private WebClassifiers() {
    }

    public static Classifier open(Backends backends, String space, String apiName, String token) {
        return open(backends, space, apiName, token, backends.config().spaceBudget(), why -> { });
    }

    /**
     * Never fails: a server without a classifier still draws spectrograms and
     * says why identification is off.
     *
     * @param fallbackAfter with a Space: how long it gets before the local model answers (the answer says
     *                      so); null: never, its failures are reported (502)
     * @param off told why identification is off, when it is
     */
    public static Classifier open(Backends backends, String space, String apiName, String token,
                                  Duration fallbackAfter, Consumer<String> off) {
        try {
            // A Space is connected on the first request, inside the budget: a sleeping Space does not delay the
            // start. The local model runs one ORT thread per call: one call per worker, one worker per core.
            return backends.open(space, apiName, token, fallbackAfter, 1);
        } catch (ClassifierException e) {
            LOG.warn("Identification is off: {}", e.getMessage());
            off.accept(e.getMessage());
            return new UnavailableClassifier("This server cannot identify sounds right now: " + e.getMessage());
        }
    }
}
