package org.sonicsight.web;

import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sonicsight.core.classify.Classifier;
import org.sonicsight.core.classify.ClassifierException;
import org.sonicsight.core.classify.LocalModel;
import org.sonicsight.core.classify.RemoteClassifiers;

/** The classifier a web endpoint answers with: a Gradio app when one is named, else the embedded model. */
public final class WebClassifiers {

    private static final Logger LOG = LoggerFactory.getLogger(WebClassifiers.class);

    private WebClassifiers() {
    }

    public static Classifier open(String space, String apiName, String token) {
        return open(space, apiName, token, why -> { });
    }

    /**
     * Never fails: a server without a classifier still draws spectrograms and
     * says why identification is off.
     *
     * @param off told why identification is off, when it is
     */
    public static Classifier open(String space, String apiName, String token, Consumer<String> off) {
        try {
            if (space != null && !space.isBlank()) {
                return RemoteClassifiers.gradio(space.strip(), apiName, token);
            }
            return LocalModel.open(1); // one call per worker, one worker per core
        } catch (ClassifierException e) {
            LOG.warn("Identification is off: {}", e.getMessage());
            off.accept(e.getMessage());
            return new UnavailableClassifier("This server cannot identify sounds right now: " + e.getMessage());
        }
    }
}
