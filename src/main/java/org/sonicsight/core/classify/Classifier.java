package org.sonicsight.core.classify;

import java.util.Optional;
import org.sonicsight.core.audio.AudioClip;

/**
 * Names the sound in a clip. Implementations must be thread-safe; they may
 * resample, pad or window the clip as their model needs.
 */
public interface Classifier extends AutoCloseable {

    /** Short description of the backend for people ("local model v1", "Space owner/name"). */
    String name();

    Prediction classify(AudioClip clip) throws ClassifierException;

    /**
     * This backend as a scorer of model-sized windows (rate, window length and classes included), when it is
     * one: what the event detector, listening and a server's info need. Faces ask here, never by type.
     */
    default Optional<WindowClassifier> windows() {
        return Optional.empty();
    }

    @Override
    default void close() {
    }
}
