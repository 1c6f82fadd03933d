package org.sonicsight.core.dsp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

class PowerToDbTest {

    @Test
    void fastDbMatchesLog10AcrossTheRange() {
        Random random = new Random(5);
        double worst = 0;
        for (int i = 0; i < 200_000; i++) {
            float x = (float) Math.pow(10, random.nextDouble() * 30 - 12); // 1e-12 .. 1e18
            double exact = 10 * Math.log10(x);
            worst = Math.max(worst, Math.abs(exact - PowerToDb.fastDb(x)));
        }
        assertEquals(0, worst, 1e-3, "max error in dB");
    }

    @Test
    void refMaxAndTopDbBehaveLikeLibrosa() {
        float[][] s = {{1e-12f, 1e-3f}, {4f, 0.5f}};
        double ref = PowerToDb.applyRefMax(s, 80);
        assertEquals(4.0, ref, 0);
        assertEquals(0f, s[1][0], 1e-4);
        assertEquals(10 * Math.log10(0.5 / 4), s[1][1], 1e-3);
        assertEquals(10 * Math.log10(1e-3 / 4), s[0][1], 1e-3);
        assertEquals(-80f, s[0][0], 1e-4, "floored at top_db below the peak");
    }
}
