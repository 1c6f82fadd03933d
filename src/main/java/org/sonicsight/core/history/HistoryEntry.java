package org.sonicsight.core.history;

import java.time.Instant;
import java.util.List;
import org.sonicsight.core.classify.ClassScore;
import org.sonicsight.core.classify.Prediction;

/**
 * One identification as it is kept on disk.
 *
 * @param id          folder name, sortable by time
 * @param time        when it was identified (ISO-8601 instant)
 * @param source      what was heard: "Microphone: …", a file name
 * @param verdict     "dog", "cat" or "other"
 * @param top         class scores, best first
 * @param backend     who answered ("local model v1", "space owner/name")
 * @param note        why another backend answered (fallback), or blank
 * @param audioFile   the snapshot's WAV inside the entry folder, blank if none
 * @param imageFile   the snapshot's spectrogram PNG inside the entry folder, blank if none
 */
public record HistoryEntry(String id, String time, String source, String label, String verdict, double confidence,
                           boolean unsure, List<ClassScore> top, String backend, long elapsedMs, String note,
                           String audioFile, String imageFile) {

    public HistoryEntry {
        top = top == null ? List.of() : List.copyOf(top);
        source = source == null ? "" : source;
        backend = backend == null ? "" : backend;
        note = note == null ? "" : note;
        audioFile = audioFile == null ? "" : audioFile;
        imageFile = imageFile == null ? "" : imageFile;
    }

    public Instant instant() {
        return Instant.parse(time);
    }

    /** The entry for a prediction, before the store gives it an id and files. */
    public static HistoryEntry of(Prediction p, String source, String note, Instant when) {
        return new HistoryEntry("", when.toString(), source, p.label(), p.verdict().id(), p.confidence(), p.unsure(),
                p.top(), p.backend(), p.elapsed().toMillis(), note, "", "");
    }

    HistoryEntry withStorage(String newId, String audio, String image) {
        return new HistoryEntry(newId, time, source, label, verdict, confidence, unsure, top, backend, elapsedMs, note,
                audio, image);
    }

    /** The answer as it was given, to show it again (no window: the entry does not keep it). */
    public Prediction toPrediction() {
        org.sonicsight.core.classify.Verdict v;
        try {
            v = org.sonicsight.core.classify.Verdict.valueOf(verdict.toUpperCase(java.util.Locale.ROOT));
        } catch (RuntimeException e) {
            v = org.sonicsight.core.classify.Verdict.OTHER;
        }
        return new Prediction(label, confidence, top, v, unsure, backend, java.time.Duration.ofMillis(elapsedMs),
                java.util.Optional.empty(), java.util.Optional.empty());
    }
}
