package org.sonicsight.core.classify;

import org.sonicsight.core.audio.AudioClip;

/**
 * Names the sound in a clip. Implementations must be thread-safe; they may
 * resample, pad or window the clip as their model needs.
 */
public interface Classifier extends AutoCloseable {

    /** Short description of the backend for people ("local model v1", "Space owner/name"). */
    String name();

    Prediction classify(AudioClip clip) throws ClassifierException;

    @Override
    default void close() {
    }
}
