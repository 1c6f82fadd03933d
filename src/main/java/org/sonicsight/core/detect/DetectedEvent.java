package org.sonicsight.core.detect;

import org.sonicsight.core.classify.Verdict;

/**
 * Something the detector heard: where (seconds from the start of the stream),
 * what, and how sure the model was in its best window.
 *
 * @param start           where the sound most likely starts
 * @param end             where it most likely ends
 * @param verdict         dog, cat or (for named other classes) other
 * @param label           the model's class, e.g. "dog" or "rooster"
 * @param confidence      the class probability in the most confident window
 * @param bestWindowStart start of that window (the audio the model was surest about)
 * @param bestWindowEnd   its end
 */
public record DetectedEvent(double start, double end, Verdict verdict, String label, double confidence,
                            double bestWindowStart, double bestWindowEnd) {

    public double duration() {
        return end - start;
    }

    /** The same event moved by {@code seconds} (a detector started later than the stream it reports on). */
    public DetectedEvent shifted(double seconds) {
        return new DetectedEvent(start + seconds, end + seconds, verdict, label, confidence,
                bestWindowStart + seconds, bestWindowEnd + seconds);
    }
}
