package org.sonicsight.ui;

import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import org.sonicsight.core.audio.AudioClip;
import org.sonicsight.core.detect.DetectedEvent;
import org.sonicsight.core.history.HistoryEntry;

/**
 * Something continuous listening heard: the event, where it lies on the live
 * analyzer's clock (for its marker), when, its audio (with a little before and
 * after) and its history entry once saved.
 */
record HeardEvent(DetectedEvent event, long startSample, long endSample, Instant heardAt, AudioClip clip,
                  CompletableFuture<HistoryEntry> saved) {

    /** "Dog 93%", as on its marker. */
    String label() {
        String name = event.verdict() == org.sonicsight.core.classify.Verdict.OTHER ? event.label() : event.verdict().id();
        name = name.isEmpty() ? name : Character.toUpperCase(name.charAt(0)) + name.substring(1).replace('_', ' ');
        return String.format(java.util.Locale.ROOT, "%s %.0f%%", name, 100 * event.confidence());
    }

    LiveSpectrogramView.Marker marker() {
        return new LiveSpectrogramView.Marker(startSample, endSample, label());
    }
}
