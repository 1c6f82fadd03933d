package org.sonicsight.core.backend;

import org.sonicsight.core.classify.ClassifierException;
import org.sonicsight.core.classify.onnx.OnnxClassifier;

/**
 * Access to the embedded model, the default backend. It works offline;
 * loading takes a moment, so callers open it once and share it (it is
 * thread-safe).
 */
public final class LocalModel {

    /** Classpath location of the shipped ONNX model and its labels. */
    public static final String MODEL_RESOURCE = "/org/sonicsight/model/sonicsight.onnx";
    public static final String LABELS_RESOURCE = "/org/sonicsight/model/labels.json";

    private LocalModel() {
    }

    /** True when this build carries the model. */
    public static boolean isPresent() {
        return LocalModel.class.getResource(MODEL_RESOURCE) != null
                && LocalModel.class.getResource(LABELS_RESOURCE) != null;
    }

    /**
     * Opens the embedded classifier.
     *
     * @throws ClassifierException UNAVAILABLE when this build carries no model or it cannot load
     */
    public static OnnxClassifier open() throws ClassifierException {
        return open(0);
    }

    /**
     * @param threads ONNX Runtime threads per call; 0: up to 2, as cores allow (fastest for one
     *                caller). A server that runs one call per core wants 1.
     */
    public static OnnxClassifier open(int threads) throws ClassifierException {
        if (!isPresent()) {
            throw new ClassifierException(ClassifierException.Reason.UNAVAILABLE,
                    "No local model is installed in this build, so sounds cannot be identified offline. "
                            + "Use --space to ask a Gradio Space instead.");
        }
        return OnnxClassifier.fromResources(MODEL_RESOURCE, LABELS_RESOURCE, threads);
    }
}
