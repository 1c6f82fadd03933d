package org.sonicsight.core.backend;

import org.sonicsight.core.classify.ClassifierException;
import org.sonicsight.core.classify.Classifier;
import org.sonicsight.core.classify.gradio.GradioClassifier;
import org.sonicsight.core.classify.gradio.GradioClient;
import org.sonicsight.core.classify.gradio.GradioException;
import org.sonicsight.core.classify.gradio.GradioListener;
import org.sonicsight.core.classify.gradio.GradioOptions;

/**
 * Opens classifiers that live elsewhere (a Gradio app: a Hugging Face Space
 * id or a URL).
 */
public final class RemoteClassifiers {

    private RemoteClassifiers() {
    }

    /**
     * Connects to the app, reads its API and picks the endpoint.
     *
     * @param spaceOrUrl "owner/name" or "http(s)://host:port"
     * @param apiName    endpoint such as "/predict_audio", or null to pick one
     * @param options    timeouts, token and Hub ({@code AppConfig.gradio(token)})
     */
    public static Classifier gradio(String spaceOrUrl, String apiName, GradioOptions options)
            throws ClassifierException {
        return gradio(spaceOrUrl, apiName, options, GradioListener.NONE);
    }

    /** As above, reporting connection, queue and progress events to {@code listener} (the UI shows them). */
    public static Classifier gradio(String spaceOrUrl, String apiName, GradioOptions options,
                                    GradioListener listener) throws ClassifierException {
        GradioClient client = null;
        try {
            client = GradioClient.connect(spaceOrUrl, options, listener);
            return new GradioClassifier(client, apiName, listener);
        } catch (GradioException e) {
            if (client != null) {
                client.close();
            }
            throw e.toClassifierException();
        }
    }
}
