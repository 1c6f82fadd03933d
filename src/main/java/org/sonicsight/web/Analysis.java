package org.sonicsight.web;

import java.util.Optional;
import org.sonicsight.core.classify.Prediction;

/**
 * What the server found in one upload.
 *
 * @param prediction    the classifier's answer, or empty when only a spectrogram was asked for
 * @param audioSeconds  length of the audio that was analysed
 * @param truncated     true when the recording was longer and only its start was analysed
 * @param spectrogramId id of the spectrogram PNG in the recent store, when one was drawn
 * @param spectrogramPng the PNG itself, when one was drawn
 * @param events        every dog and cat along a recording longer than one model window (empty otherwise)
 * @param whyId         id of the "why" picture in the recent store (the page's result, local model only)
 */
record Analysis(Optional<Prediction> prediction, double audioSeconds, boolean truncated,
                Optional<String> spectrogramId, Optional<byte[]> spectrogramPng,
                java.util.List<org.sonicsight.core.detect.DetectedEvent> events, Optional<String> whyId) {

    Analysis(Optional<Prediction> prediction, double audioSeconds, boolean truncated, Optional<String> spectrogramId,
             Optional<byte[]> spectrogramPng, java.util.List<org.sonicsight.core.detect.DetectedEvent> events) {
        this(prediction, audioSeconds, truncated, spectrogramId, spectrogramPng, events, Optional.empty());
    }
}
