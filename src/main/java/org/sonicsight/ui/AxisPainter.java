package org.sonicsight.ui;

import java.util.Locale;
import javafx.geometry.Rectangle2D;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;
import javafx.scene.text.TextAlignment;
import javafx.geometry.VPos;
import org.sonicsight.core.dsp.Colormap;
import org.sonicsight.core.live.FrequencyAxis;

/** Draws the frame around a spectrogram: frequency and time axes and the dB colour bar. Redrawn only on change. */
final class AxisPainter {

    static final double LEFT = 64;
    static final double BOTTOM = 30;
    static final double RIGHT = 74;
    static final double TOP = 8;

    private AxisPainter() {
    }

    /** The plot area inside a canvas of the given size. */
    static Rectangle2D plotArea(double width, double height) {
        return new Rectangle2D(LEFT, TOP, Math.max(1, width - LEFT - RIGHT), Math.max(1, height - TOP - BOTTOM));
    }

    /**
     * @param startSeconds time at the left edge (negative for "seconds ago")
     * @param endSeconds   time at the right edge
     */
    static void paint(GraphicsContext g, double width, double height, FrequencyAxis axis, double startSeconds,
                      double endSeconds, Colormap colormap, double minDb, double maxDb, Color ink) {
        paint(g, width, height, plotArea(width, height), axis, startSeconds, endSeconds, colormap, minDb, maxDb, ink);
    }

    /** As above around an explicit plot rectangle (the live view sizes it to whole pixel columns). */
    static void paint(GraphicsContext g, double width, double height, Rectangle2D plot, FrequencyAxis axis,
                      double startSeconds, double endSeconds, Colormap colormap, double minDb, double maxDb, Color ink) {
        g.clearRect(0, 0, width, height);
        g.setFont(Font.font(12));
        g.setFill(ink);
        g.setStroke(ink.deriveColor(0, 1, 1, 0.6));
        g.setLineWidth(1);
        g.strokeRect(plot.getMinX() - 0.5, plot.getMinY() - 0.5, plot.getWidth() + 1, plot.getHeight() + 1);

        g.setTextAlign(TextAlignment.RIGHT);
        g.setTextBaseline(VPos.CENTER);
        for (double hz : axis.ticks()) {
            double f = axis.fractionOf(hz);
            if (f < -1e-6 || f > 1 + 1e-6) {
                continue;
            }
            double y = plot.getMaxY() - f * plot.getHeight();
            g.strokeLine(plot.getMinX() - 5, y, plot.getMinX(), y);
            g.fillText(FrequencyAxis.label(hz), plot.getMinX() - 8, y);
        }

        g.setTextAlign(TextAlignment.CENTER);
        g.setTextBaseline(VPos.TOP);
        double span = endSeconds - startSeconds;
        double step = niceStep(span / Math.max(2, plot.getWidth() / 90));
        for (double t = Math.ceil(startSeconds / step) * step; t <= endSeconds + 1e-9; t += step) {
            double x = plot.getMinX() + (t - startSeconds) / span * plot.getWidth();
            g.strokeLine(x, plot.getMaxY(), x, plot.getMaxY() + 5);
            g.fillText(timeLabel(t, step), x, plot.getMaxY() + 7);
        }

        // Colour bar: one line per pixel row, drawn once per change.
        double barX = plot.getMaxX() + 14;
        double barW = 14;
        int rows = (int) Math.max(1, plot.getHeight());
        for (int i = 0; i < rows; i++) {
            int argb = colormap.colour(1.0 - i / (double) (rows - 1 == 0 ? 1 : rows - 1));
            g.setFill(Color.rgb((argb >> 16) & 0xFF, (argb >> 8) & 0xFF, argb & 0xFF));
            g.fillRect(barX, plot.getMinY() + i, barW, 1);
        }
        g.setFill(ink);
        g.setTextAlign(TextAlignment.LEFT);
        g.setTextBaseline(VPos.CENTER);
        double dbStep = niceStep((maxDb - minDb) / 5);
        for (double db = Math.ceil(minDb / dbStep) * dbStep; db <= maxDb + 1e-9; db += dbStep) {
            double y = plot.getMaxY() - (db - minDb) / (maxDb - minDb) * plot.getHeight();
            g.fillText(String.format(Locale.ROOT, "%.0f dB", db), barX + barW + 4, y);
        }
    }

    static double niceStep(double raw) {
        double[] steps = {0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 30, 60, 120, 300, 600, 1200, 1800, 3600};
        for (double s : steps) {
            if (s >= raw) {
                return s;
            }
        }
        return 7200;
    }

    static String timeLabel(double t, double step) {
        double abs = Math.abs(t);
        if (abs < 1e-9) {
            return "0 s";
        }
        if (abs >= 60 && step >= 60) {
            return String.format(Locale.ROOT, "%s%d:%02d", t < 0 ? "-" : "", (int) abs / 60, (int) abs % 60);
        }
        return step < 1 ? String.format(Locale.ROOT, "%.1f s", t) : String.format(Locale.ROOT, "%.0f s", t);
    }
}
