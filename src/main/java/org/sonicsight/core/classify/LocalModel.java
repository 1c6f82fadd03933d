package org.sonicsight.core.classify;

/**
 * Access to the embedded model, the default backend. It works offline and
 * is created once per process (loading the model is the slow part).
 */
public final class LocalModel {

    /** Classpath location of the shipped ONNX model. */
    public static final String MODEL_RESOURCE = "/org/sonicsight/model/sonicsight.onnx";

    private LocalModel() {
    }

    /**
     * Opens the embedded classifier.
     *
     * @throws ClassifierException UNAVAILABLE when this build carries no model
     */
    public static Classifier open() throws ClassifierException {
        if (LocalModel.class.getResource(MODEL_RESOURCE) == null) {
            throw new ClassifierException(ClassifierException.Reason.UNAVAILABLE,
                    "No local model is installed in this build, so sounds cannot be identified offline. "
                            + "Use --space to ask a Gradio Space instead.");
        }
        throw new ClassifierException(ClassifierException.Reason.UNAVAILABLE,
                "The local model is present but no ONNX classifier is wired in yet.");
    }
}
