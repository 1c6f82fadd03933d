package org.sonicsight.core.detect;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.sonicsight.core.classify.Verdict;

/**
 * Turns per-window probabilities into events, one track per verdict (dog,
 * cat; with {@link DetectorSettings#namedOthers} also one per named other
 * class). A track opens when a window reaches {@code enter}, stays open while
 * windows reach {@code exit} (up to {@code maxGapWindows} weaker ones in a row)
 * and, when it closes, is reported only if its best window reached
 * {@code confirm} and enough windows reached {@code enter}
 * ({@link DetectorSettings#minWindows}).
 *
 * <p>Where the sound is: every window that reached {@code enter} contains it,
 * so it lies in their intersection {@code [last start, first end]}; when the
 * sound is longer than a window the intersection is empty and the same two
 * times bound it the other way round. Not thread-safe.
 */
public final class EventMerger {

    private final DetectorSettings settings;
    private final double rate;
    private final Consumer<DetectedEvent> sink;
    private final List<Track> tracks = new ArrayList<>();
    private final int minWindows;

    /** @param windowSamples the model's window length */
    public EventMerger(List<String> classes, int sampleRate, int windowSamples, DetectorSettings settings,
                       Consumer<DetectedEvent> sink) {
        this.settings = settings;
        this.minWindows = settings.minWindows(windowSamples / (double) sampleRate);
        this.rate = sampleRate;
        this.sink = sink;
        Map<String, List<Integer>> groups = new LinkedHashMap<>();
        for (int c = 0; c < classes.size(); c++) {
            String label = classes.get(c);
            Verdict v = Verdict.fromLabel(label);
            if (v != Verdict.OTHER) {
                groups.computeIfAbsent(v.id(), k -> new ArrayList<>()).add(c);
            } else if (settings.namedOthers() && !label.equalsIgnoreCase("other")) {
                groups.computeIfAbsent(label, k -> new ArrayList<>()).add(c);
            }
        }
        groups.forEach((key, idx) -> tracks.add(new Track(key, Verdict.fromLabel(key), idx, classes)));
    }

    public void accept(WindowScore w) {
        for (Track t : tracks) {
            t.accept(w);
        }
    }

    /** Closes every open event (end of stream). */
    public void finish() {
        for (Track t : tracks) {
            t.close();
        }
    }

    private final class Track {
        final String key;
        final Verdict verdict;
        final int[] columns;
        final List<String> classes;
        boolean open;
        int cold;
        int support;
        double best;
        String bestLabel;
        WindowScore bestWindow;
        WindowScore firstHot;
        WindowScore lastHot;

        Track(String key, Verdict verdict, List<Integer> columns, List<String> classes) {
            this.key = key;
            this.verdict = verdict;
            this.columns = columns.stream().mapToInt(Integer::intValue).toArray();
            this.classes = classes;
        }

        void accept(WindowScore w) {
            double p = 0;
            int top = columns[0];
            if (!w.gated()) {
                for (int c : columns) {
                    p += w.probs()[c];
                    if (w.probs()[c] > w.probs()[top]) {
                        top = c;
                    }
                }
            }
            if (!open) {
                if (p >= settings.enter()) {
                    open = true;
                    cold = 0;
                    support = 0;
                    best = -1;
                    firstHot = null;
                    hot(w, p, top);
                }
                return;
            }
            if (p >= settings.enter()) {
                hot(w, p, top);
                cold = 0;
            } else if (p >= settings.exit()) {
                cold = 0;
            } else if (++cold > settings.maxGapWindows()) {
                close();
            }
        }

        private void hot(WindowScore w, double p, int top) {
            support++;
            if (firstHot == null) {
                firstHot = w;
            }
            lastHot = w;
            if (p > best) {
                best = p;
                bestWindow = w;
                bestLabel = classes.get(top);
            }
        }

        void close() {
            if (!open) {
                return;
            }
            open = false;
            if (best < settings.confirm() || support < minWindows) {
                return;
            }
            double a = lastHot.startSample() / rate;
            double b = (firstHot.startSample() + firstHot.length()) / rate;
            double start = Math.min(a, b);
            double end = Math.max(a, b);
            double bestStart = bestWindow.startSample() / rate;
            double bestEnd = (bestWindow.startSample() + bestWindow.length()) / rate;
            String label = verdict == Verdict.OTHER ? key : bestLabel;
            sink.accept(new DetectedEvent(start, end, verdict, label, Math.min(1.0, best), bestStart, bestEnd));
        }
    }
}
