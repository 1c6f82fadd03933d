package org.sonicsight.core.render;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.sonicsight.core.dsp.Colormap;
import org.sonicsight.core.dsp.MelFilterbank;
import org.sonicsight.core.dsp.Spectrogram;
import org.sonicsight.core.dsp.SpectrogramPainter;
import org.sonicsight.core.explain.Explanation;

/**
 * Renders a {@link Spectrogram} to PNG, either bare (one pixel per frame and
 * band, scaled if asked) or as a figure like librosa's {@code specshow}
 * (time axis in seconds, mel-spaced frequency axis in Hz, dB colour bar).
 * The only core package allowed to use java.awt (image buffers, no windows).
 */
public final class SpectrogramPng {

    /** How to draw. {@code width}/{@code height} ≤ 0 mean "natural size". */
    public record Options(Colormap colormap, boolean axes, int width, int height, String title) {
        public static Options bare() {
            return new Options(Colormap.MAGMA, false, 0, 0, null);
        }

        public static Options figure() {
            return new Options(Colormap.MAGMA, true, 1000, 500, null);
        }

        public Options withColormap(Colormap c) {
            return new Options(c, axes, width, height, title);
        }

        public Options withSize(int w, int h) {
            return new Options(colormap, axes, w, h, title);
        }

        public Options withTitle(String t) {
            return new Options(colormap, axes, width, height, t);
        }
    }

    private static final Color BACKGROUND = Color.WHITE;
    private static final Color INK = new Color(0x222222);

    private SpectrogramPng() {
    }

    public static BufferedImage render(Spectrogram s, Options o) {
        return render(s, o, null);
    }

    /**
     * As {@link #render(Spectrogram, Options)}, with the "why" overlay when {@code why} is not null: the parts of
     * the spectrogram that did not drive the answer are dimmed (outside the window the model scored, and inside it
     * in proportion to how little removing them lowered the class), and the window is outlined.
     */
    public static BufferedImage render(Spectrogram s, Options o, Explanation why) {
        float maxDb = s.max();
        float minDb = Math.min(maxDb - 1f, maxDb - (float) s.config().topDb());
        SpectrogramPainter painter = new SpectrogramPainter(o.colormap(), minDb, maxDb);
        BufferedImage raw = new BufferedImage(Math.max(1, s.columns()), s.bands(), BufferedImage.TYPE_INT_RGB);
        int[] pixels = painter.paint(s);
        if (why != null) {
            dim(pixels, s, why);
        }
        raw.setRGB(0, 0, s.columns(), s.bands(), pixels, 0, Math.max(1, s.columns()));
        if (!o.axes()) {
            if (o.width() <= 0 && o.height() <= 0) {
                return raw;
            }
            int w = o.width() > 0 ? o.width() : raw.getWidth();
            int h = o.height() > 0 ? o.height() : raw.getHeight();
            BufferedImage scaled = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
            Graphics2D g = scaled.createGraphics();
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.drawImage(raw, 0, 0, w, h, null);
            g.dispose();
            return scaled;
        }
        BufferedImage img = figure(s, raw, painter, o);
        if (why != null) {
            outlineWindow(img, s, why, o);
        }
        return img;
    }

    /** How dark the overlay leaves what did not matter (1 = as is). */
    static final double DIM_FLOOR = 0.28;

    /**
     * Multiplies each pixel by {@code DIM_FLOOR + (1 - DIM_FLOOR) * weight}: what mattered keeps its colour, the
     * rest fades. {@link #bandHz} gives each row's frequency on the spectrogram's own mel scale.
     */
    static void dim(int[] pixels, Spectrogram s, Explanation why) {
        int w = s.columns();
        int h = s.bands();
        double[] rowHz = new double[h];
        for (int band = 0; band < h; band++) {
            rowHz[h - 1 - band] = bandHz(s, band);
        }
        for (int x = 0; x < w; x++) {
            double t = s.columnSeconds(x) + s.framesPerColumn() * s.config().frameSeconds() / 2;
            for (int y = 0; y < h; y++) {
                double k = DIM_FLOOR + (1 - DIM_FLOOR) * why.weight(t, rowHz[y]);
                int p = pixels[y * w + x];
                int r = (int) (((p >> 16) & 0xff) * k);
                int g = (int) (((p >> 8) & 0xff) * k);
                int b = (int) ((p & 0xff) * k);
                pixels[y * w + x] = 0xff000000 | (r << 16) | (g << 8) | b;
            }
        }
    }

    /** Centre of mel band {@code band} in Hz. */
    public static double bandHz(Spectrogram s, int band) {
        double melMin = MelFilterbank.hzToMel(s.config().fMin());
        double melMax = MelFilterbank.hzToMel(s.config().fMax());
        return MelFilterbank.melToHz(melMin + (band + 1) * (melMax - melMin) / (s.bands() + 1));
    }

    private static void outlineWindow(BufferedImage img, Spectrogram s, Explanation why, Options o) {
        if (!o.axes()) {
            return;
        }
        // the plot's rectangle as figure() lays it out
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        Font font = new Font(Font.SANS_SERIF, Font.PLAIN, Math.max(11, img.getHeight() / 40));
        g.setFont(font);
        FontMetrics fm = g.getFontMetrics();
        int left = fm.stringWidth("16384 Hz") + 18;
        int right = fm.stringWidth("-80 dB") + 50;
        int top = o.title() != null ? fm.getHeight() * 2 : fm.getHeight();
        int bottom = fm.getHeight() * 2 + 12;
        int plotW = Math.max(10, img.getWidth() - left - right);
        int plotH = Math.max(10, img.getHeight() - top - bottom);
        double duration = Math.max(s.durationSeconds(), 1e-6);
        int x0 = left + (int) Math.round(Math.max(0, why.windowStart()) / duration * plotW);
        int x1 = left + (int) Math.round(Math.min(duration, why.windowEnd()) / duration * plotW);
        g.setColor(new Color(0x4dd0e1));
        g.setStroke(new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f));
        g.drawRect(x0, top + 1, Math.max(1, x1 - x0), plotH - 2);
        String tag = String.format(Locale.ROOT, "why %s: brighter = mattered more", why.label());
        g.setColor(new Color(0, 0, 0, 160));
        g.fillRect(x0 + 3, top + 4, fm.stringWidth(tag) + 8, fm.getHeight() + 2);
        g.setColor(Color.WHITE);
        g.drawString(tag, x0 + 7, top + 4 + fm.getAscent());
        g.dispose();
    }

    private static BufferedImage figure(Spectrogram s, BufferedImage raw, SpectrogramPainter painter, Options o) {
        int width = o.width() > 0 ? o.width() : 1000;
        int height = o.height() > 0 ? o.height() : 500;
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(BACKGROUND);
        g.fillRect(0, 0, width, height);
        Font font = new Font(Font.SANS_SERIF, Font.PLAIN, Math.max(11, height / 40));
        g.setFont(font);
        FontMetrics fm = g.getFontMetrics();
        int left = fm.stringWidth("16384 Hz") + 18;
        int right = fm.stringWidth("-80 dB") + 50;
        int top = o.title() != null ? fm.getHeight() * 2 : fm.getHeight();
        int bottom = fm.getHeight() * 2 + 12;
        int plotW = Math.max(10, width - left - right);
        int plotH = Math.max(10, height - top - bottom);

        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(raw, left, top, plotW, plotH, null);
        g.setColor(INK);
        g.setStroke(new BasicStroke(1f));
        g.drawRect(left, top, plotW, plotH);

        if (o.title() != null) {
            int tw = fm.stringWidth(o.title());
            g.drawString(o.title(), left + (plotW - tw) / 2, fm.getAscent() + 4);
        }

        // Time axis
        double duration = Math.max(s.durationSeconds(), 1e-6);
        double step = niceStep(duration / 8);
        for (double t = 0; t <= duration + 1e-9; t += step) {
            int x = left + (int) Math.round(t / duration * plotW);
            g.drawLine(x, top + plotH, x, top + plotH + 5);
            String label = formatSeconds(t, step);
            g.drawString(label, x - fm.stringWidth(label) / 2, top + plotH + 6 + fm.getAscent());
        }
        String timeLabel = "Time (s)";
        g.drawString(timeLabel, left + (plotW - fm.stringWidth(timeLabel)) / 2, height - 6);

        // Frequency axis on the mel scale, ticks at powers of two like specshow
        double fMin = s.config().fMin();
        double fMax = s.config().fMax();
        double melMin = MelFilterbank.hzToMel(fMin);
        double melMax = MelFilterbank.hzToMel(fMax);
        int[] ticks = {0, 128, 256, 512, 1024, 2048, 4096, 8192, 16384, 32768, 65536};
        int lastY = Integer.MAX_VALUE;
        for (int hz : ticks) {
            if (hz < fMin || hz > fMax) {
                continue;
            }
            double frac = (MelFilterbank.hzToMel(hz) - melMin) / (melMax - melMin);
            int y = top + plotH - (int) Math.round(frac * plotH);
            if (lastY - y < fm.getHeight() && hz != 0) {
                continue;
            }
            lastY = y;
            g.drawLine(left - 5, y, left, y);
            String label = hz + " Hz";
            g.drawString(label, left - 8 - fm.stringWidth(label), y + fm.getAscent() / 2 - 1);
        }

        // Colour bar
        int barX = left + plotW + 14;
        int barW = 14;
        for (int row = 0; row < plotH; row++) {
            float db = painter.maxDb() - (painter.maxDb() - painter.minDb()) * row / Math.max(1, plotH - 1);
            g.setColor(new Color(painter.argb(db), false));
            g.drawLine(barX, top + row, barX + barW, top + row);
        }
        g.setColor(INK);
        g.drawRect(barX, top, barW, plotH);
        float range = painter.maxDb() - painter.minDb();
        float dbStep = (float) niceStep(range / 6);
        for (float db = (float) Math.ceil(painter.minDb() / dbStep) * dbStep; db <= painter.maxDb() + 1e-3;
             db += dbStep) {
            int y = top + (int) Math.round((painter.maxDb() - db) / range * (plotH - 1));
            g.drawLine(barX + barW, y, barX + barW + 4, y);
            String label = String.format(Locale.ROOT, "%+.0f dB", db).replace("+0 dB", "0 dB");
            g.drawString(label, barX + barW + 7, y + fm.getAscent() / 2 - 1);
        }
        g.dispose();
        return img;
    }

    static double niceStep(double raw) {
        if (raw <= 0) {
            return 1;
        }
        double exp = Math.pow(10, Math.floor(Math.log10(raw)));
        double f = raw / exp;
        double nice = f < 1.5 ? 1 : f < 3 ? 2 : f < 7 ? 5 : 10;
        return nice * exp;
    }

    private static String formatSeconds(double t, double step) {
        if (step >= 1) {
            return String.format(Locale.ROOT, "%.0f", t);
        }
        int decimals = (int) Math.ceil(-Math.log10(step));
        return String.format(Locale.ROOT, "%." + decimals + "f", t);
    }

    public static void write(BufferedImage image, OutputStream out) throws IOException {
        if (!ImageIO.write(image, "png", out)) {
            throw new IOException("no PNG writer available");
        }
    }

    public static byte[] toPng(BufferedImage image) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            write(image, out);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out.toByteArray();
    }

    /** Writes atomically: a temp file next to the target, then a move. */
    public static void write(BufferedImage image, Path target) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        if (dir != null) {
            Files.createDirectories(dir);
        }
        Path tmp = Files.createTempFile(dir, ".sonicsight-", ".png.part");
        try {
            try (OutputStream out = Files.newOutputStream(tmp)) {
                write(image, out);
            }
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
