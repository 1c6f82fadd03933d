package org.sonicsight.core.classify;

/**
 * Opens classifiers that live elsewhere (a Gradio app: a Hugging Face Space
 * id or a URL).
 */
public final class RemoteClassifiers {

    private RemoteClassifiers() {
    }

    /**
     * @param spaceOrUrl "owner/name" or "http(s)://host:port"
     * @param apiName    endpoint such as "/predict_audio", or null to pick one
     * @param token      Hugging Face token, or null
     */
    public static Classifier gradio(String spaceOrUrl, String apiName, String token) throws ClassifierException {
        throw new ClassifierException(ClassifierException.Reason.UNAVAILABLE,
                "Gradio Spaces are not supported by this build yet.");
    }
}
