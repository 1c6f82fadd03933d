package org.sonicsight.ui;

import org.sonicsight.core.audio.AudioClip;
import org.sonicsight.core.classify.Prediction;

/**
 * A finished identification: what answered and why.
 *
 * @param clip   the audio that was classified (kept for history and replay)
 * @param source what was heard ("File: dog.wav", "Microphone: …")
 * @param note   a sentence when the preferred backend could not answer (fallback), else blank
 */
record Identification(Prediction prediction, AudioClip clip, String source, String note) {

    boolean fellBack() {
        return !note.isBlank();
    }
}
