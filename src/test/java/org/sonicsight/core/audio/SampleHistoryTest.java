package org.sonicsight.core.audio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class SampleHistoryTest {

    private static float[] ramp(int from, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = from + i;
        }
        return a;
    }

    @Test
    void keepsTheLastSecondsAcrossTheWrapInOrder() {
        SampleHistory h = new SampleHistory(10, 3); // 30 samples
        for (int i = 0; i < 7; i++) {
            h.append(ramp(i * 7, 7), 0, 7); // 49 samples: wraps
        }
        assertEquals(49, h.written());
        SampleHistory.Span last = h.last(2);
        assertEquals(29, last.start());
        assertArrayEquals(ramp(29, 20), last.samples());
        SampleHistory.Span all = h.last(100);
        assertEquals(19, all.start(), "only the last 30 are held");
        assertArrayEquals(ramp(19, 30), all.samples());
        assertEquals(0, h.copy(0, 10).samples().length, "overwritten samples are gone");
    }

    @Test
    void aBlockLongerThanTheRingKeepsItsEnd() {
        SampleHistory h = new SampleHistory(10, 1);
        h.append(ramp(0, 25), 0, 25);
        assertEquals(25, h.written());
        assertArrayEquals(ramp(15, 10), h.last(1).samples());
    }
}
