package org.sonicsight.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sonicsight.testsupport.TestEnv;

/** spectrogram --explain: the meow that made the model say cat stays bright, the rest is dimmed. */
class ExplainCliTest {

    @TempDir
    Path tmp;

    @Test
    void explainedPngDimsWhatDidNotDriveTheAnswer() throws Exception {
        Path wav = TestEnv.fixture("cat_meow_esc50_22050hz_mono.wav");
        Path plain = tmp.resolve("plain.png");
        Path why = tmp.resolve("why.png");
        CliErrorsTest.Result r0 = CliErrorsTest.run("spectrogram", wav.toString(), "-o", plain.toString());
        assertEquals(ExitCodes.OK, r0.code(), r0.err());
        CliErrorsTest.Result r = CliErrorsTest.run("spectrogram", "--explain", wav.toString(), "-o", why.toString());
        assertEquals(ExitCodes.OK, r.code(), r.err());
        assertTrue(r.out().contains(": cat 0.") && r.out().contains("explained in"), r.out());
        BufferedImage a = ImageIO.read(plain.toFile());
        BufferedImage b = ImageIO.read(why.toFile());
        assertEquals(a.getWidth(), b.getWidth());
        assertEquals(a.getHeight(), b.getHeight());
        // The first meow (0-0.8 s) lies before the window the model scored (1.5-4.5 s): dimmed to under half.
        // Plot area: x 0.1 s of 5 s; the brightest stretch of that column in both pictures.
        int x = xAt(a, 0.3);
        double plainBright = brightest(a, x);
        double whyBright = brightest(b, x);
        assertTrue(whyBright < 0.5 * plainBright, "outside the window: " + whyBright + " vs " + plainBright);
        // The second meow, inside the window, keeps most of its brightness where it is brightest.
        int x2 = xAt(a, 1.75);
        assertTrue(brightest(b, x2) > 0.7 * brightest(a, x2), brightest(b, x2) + " vs " + brightest(a, x2));
    }

    /** Pixel column of time {@code t} in a 1000x500 figure of a 5 s clip (plot from x=75 to x=910). */
    private static int xAt(BufferedImage img, double t) {
        int left = 0;
        int y = img.getHeight() / 2;
        while (left < img.getWidth() && (img.getRGB(left, y) & 0xffffff) == 0xffffff) {
            left++;
        }
        return left + 2 + (int) (t / 5.0 * (910 - left));
    }

    private static double brightest(BufferedImage img, int x) {
        double best = 0;
        for (int y = 40; y < img.getHeight() - 60; y++) {
            int p = img.getRGB(x, y);
            double v = ((p >> 16) & 0xff) + ((p >> 8) & 0xff) + (p & 0xff);
            if ((p & 0xffffff) != 0xffffff) {
                best = Math.max(best, v);
            }
        }
        return best;
    }
}
