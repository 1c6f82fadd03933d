package org.sonicsight.core.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sonicsight.core.classify.Verdict;

/** Window probabilities in, events out: the merging rules on hand-made scores. */
class EventMergerTest {

    static final List<String> CLASSES = List.of("dog", "rooster", "cat", "other");
    static final int RATE = 100;
    static final int WINDOW = 500; // 5 s
    static final int HOP = 100; // 1 s
    static final DetectorSettings SETTINGS = DetectorSettings.DEFAULTS.withHop(1.0)
            .withThresholds(0.5, 0.3, 0.85, 0.4, 1); // 0.4 of 5 s at a 1 s hop: 2 windows

    /** One window per entry, a hop apart: dog and cat probabilities (the rest is "other"). */
    static List<DetectedEvent> merge(DetectorSettings settings, double[][] dogCat) {
        List<DetectedEvent> events = new ArrayList<>();
        EventMerger merger = new EventMerger(CLASSES, RATE, WINDOW, settings, events::add);
        for (int i = 0; i < dogCat.length; i++) {
            float dog = (float) dogCat[i][0];
            float cat = (float) dogCat[i][1];
            merger.accept(new WindowScore((long) i * HOP, WINDOW, new float[] {dog, 0.05f, cat, 0.95f - dog - cat}, -20));
        }
        merger.finish();
        return events;
    }

    @Test
    void aBarkSeenByThreeWindowsIsOneEventInTheirIntersection() {
        List<DetectedEvent> events = merge(SETTINGS, new double[][] {
            {0.1, 0}, {0.6, 0}, {0.9, 0}, {0.7, 0}, {0.1, 0}, {0.1, 0}, {0.1, 0}});
        assertEquals(1, events.size());
        DetectedEvent e = events.get(0);
        assertEquals(Verdict.DOG, e.verdict());
        assertEquals(0.9, e.confidence(), 1e-6);
        // hot windows start at 1, 2, 3 s and are 5 s long: the bark is in [3, 6]
        assertEquals(3.0, e.start(), 1e-9);
        assertEquals(6.0, e.end(), 1e-9);
        assertEquals(2.0, e.bestWindowStart(), 1e-9);
    }

    @Test
    void oneConfidentWindowAloneIsAFluke() {
        assertTrue(merge(SETTINGS, new double[][] {{0.1, 0}, {0.95, 0}, {0.1, 0}, {0.1, 0}, {0.1, 0}}).isEmpty());
    }

    @Test
    void weakEventsAreNotReported() {
        assertTrue(merge(SETTINGS, new double[][] {{0.6, 0}, {0.7, 0}, {0.8, 0}, {0.1, 0}, {0.1, 0}}).isEmpty());
    }

    @Test
    void hysteresisKeepsOneEventThroughAWeakerWindowAndAGap() {
        List<DetectedEvent> events = merge(SETTINGS, new double[][] {
            {0.9, 0}, {0.4, 0}, {0.9, 0}, {0.1, 0}, {0.9, 0}, {0.1, 0}, {0.1, 0}, {0.9, 0}, {0.9, 0}});
        // 0.4 is above exit, one cold window is allowed, two are not: events over windows 0-4 and 7-8
        assertEquals(2, events.size(), events.toString());
        assertEquals(4.0, events.get(0).start(), 1e-9); // last hot start 4, first hot end 5
        assertEquals(5.0, events.get(0).end(), 1e-9);
        assertEquals(8.0, events.get(1).start(), 1e-9); // windows 7 and 8: [last start, first end]
        assertEquals(12.0, events.get(1).end(), 1e-9);
    }

    @Test
    void dogAndCatAreSeparateTracksAndLongSoundsSpanTheirMiddle() {
        double[][] p = new double[12][];
        for (int i = 0; i < p.length; i++) {
            p[i] = i < 10 ? new double[] {0, 0.95} : new double[] {0, 0};
        }
        p[5] = new double[] {0.9, 0.05};
        p[6] = new double[] {0.9, 0.05};
        List<DetectedEvent> events = merge(SETTINGS.withThresholds(0.5, 0.3, 0.85, 0.4, 2), p);
        assertEquals(2, events.size(), events.toString());
        DetectedEvent dog = events.stream().filter(e -> e.verdict() == Verdict.DOG).findFirst().orElseThrow();
        DetectedEvent cat = events.stream().filter(e -> e.verdict() == Verdict.CAT).findFirst().orElseThrow();
        assertEquals(6.0, dog.start(), 1e-9);
        assertEquals(10.0, dog.end(), 1e-9);
        // the cat runs through windows 0-9 (gap of 2 allowed): longer than a window, so [first end, last start]
        assertEquals(5.0, cat.start(), 1e-9);
        assertEquals(9.0, cat.end(), 1e-9);
    }

    @Test
    void namedOtherClassesOnlyWhenAskedFor() {
        List<DetectedEvent> events = new ArrayList<>();
        EventMerger merger = new EventMerger(CLASSES, RATE, WINDOW, SETTINGS.withNamedOthers(true), events::add);
        for (int i = 0; i < 4; i++) {
            merger.accept(new WindowScore((long) i * HOP, WINDOW, new float[] {0, 0.9f, 0, 0.1f}, -20));
        }
        merger.accept(new WindowScore(4L * HOP, WINDOW, null, -90)); // gated: counts as nothing heard
        merger.finish();
        assertEquals(1, events.size());
        assertEquals(Verdict.OTHER, events.get(0).verdict());
        assertEquals("rooster", events.get(0).label());
        assertTrue(merge(SETTINGS, new double[][] {{0, 0}, {0, 0}}).isEmpty());
    }
}
