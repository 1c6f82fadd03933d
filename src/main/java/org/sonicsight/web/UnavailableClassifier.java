package org.sonicsight.web;

import org.sonicsight.core.audio.AudioClip;
import org.sonicsight.core.classify.Classifier;
import org.sonicsight.core.classify.ClassifierException;
import org.sonicsight.core.classify.Prediction;

/**
 * Stands in when no classifier could be opened, so the page and the
 * spectrogram still work and identification answers 503 with the reason.
 */
public record UnavailableClassifier(String reason) implements Classifier {

    @Override
    public String name() {
        return "no classifier (identification is off)";
    }

    @Override
    public Prediction classify(AudioClip clip) throws ClassifierException {
        throw new ClassifierException(ClassifierException.Reason.UNAVAILABLE, reason);
    }
}
