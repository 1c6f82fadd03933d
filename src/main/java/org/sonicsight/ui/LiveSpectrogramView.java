package org.sonicsight.ui;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.IntBuffer;
import java.util.Locale;
import javafx.animation.AnimationTimer;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.geometry.Rectangle2D;
import javafx.scene.canvas.Canvas;
import javafx.scene.image.ImageView;
import javafx.scene.image.PixelBuffer;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;
import javafx.scene.input.MouseEvent;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;
import org.sonicsight.core.dsp.Colormap;
import org.sonicsight.core.dsp.SpectrogramPainter;
import org.sonicsight.core.settings.Settings;

/**
 * The live scrolling spectrogram. An {@link AnimationTimer} drains the
 * analyzer's column ring once per pulse and writes only the new columns into
 * an int ARGB-pre {@link PixelBuffer} used as a ring; two {@link ImageView}s
 * show its older and newer halves side by side, so scrolling moves viewports
 * instead of repainting. Axes and the colour bar sit on a canvas redrawn only
 * when the size or the display settings change.
 */
final class LiveSpectrogramView extends Region {

    /** Columns kept on screen: 640 hops of 512 samples at 22050 Hz ≈ 14.9 s. */
    static final int COLUMNS = 640;
    /** Pixel rows of the ring image; the view scales it to its size (smoothly). */
    static final int ROWS = 256;

    /** Receives per-pulse figures (bench live). */
    interface PulseProbe {
        void pulse(long nowNanos, int columns);

        void latency(long nanos);
    }

    private final LiveAnalyzer analyzer;
    private final IntBuffer pixels;
    private final IntBuffer writer;
    private final PixelBuffer<IntBuffer> pixelBuffer;
    private final ImageView older = new ImageView();
    private final ImageView newer = new ImageView();
    private final Canvas axes = new Canvas();
    private final float[][] history;
    private final ReadOnlyStringWrapper readout = new ReadOnlyStringWrapper("");
    private final AnimationTimer timer;
    private final double secondsPerColumn;
    private FrequencyAxis axis;
    private SpectrogramPainter painter;
    private Colormap colormap = Colormap.MAGMA;
    private int next;          // ring column written next
    private long written;      // columns written since start
    private int dirtyFrom = -1;
    private int dirtyTo = -1;
    private boolean wrapped;
    private boolean frozen;
    private PulseProbe probe;
    private long pulseNanos;
    private double lastMouseX = -1;
    private double lastMouseY = -1;
    private Color ink = Color.gray(0.85);

    LiveSpectrogramView(LiveAnalyzer analyzer) {
        this.analyzer = analyzer;
        this.secondsPerColumn = analyzer.config().frameSeconds();
        this.history = new float[COLUMNS][analyzer.config().nMels()];
        for (float[] column : history) {
            java.util.Arrays.fill(column, -200f);
        }
        ByteBuffer bytes = ByteBuffer.allocateDirect(COLUMNS * ROWS * 4).order(ByteOrder.nativeOrder());
        pixels = bytes.asIntBuffer();
        // Absolute puts through a view of our own, whatever the renderer does with the shared buffer's limits.
        writer = pixels.duplicate();
        pixelBuffer = new PixelBuffer<>(COLUMNS, ROWS, pixels, PixelFormat.getIntArgbPreInstance());
        WritableImage image = new WritableImage(pixelBuffer);
        for (ImageView v : new ImageView[]{older, newer}) {
            v.setImage(image);
            v.setSmooth(true);
            v.setPreserveRatio(false);
            v.setManaged(false);
        }
        getStyleClass().add("live-spectrogram");
        getChildren().addAll(axes, older, newer);
        axes.setManaged(false);
        apply(Settings.DEFAULTS);
        timer = new AnimationTimer() {
            @Override
            public void handle(long now) {
                pulse();
            }
        };
        setOnMouseMoved(this::mouseMoved);
        setOnMouseExited(e -> {
            lastMouseX = -1;
            readout.set("");
        });
        setMinSize(320, 200);
    }

    void start() {
        timer.start();
    }

    void stop() {
        timer.stop();
    }

    void setProbe(PulseProbe probe) {
        this.probe = probe;
    }

    void setInk(Color ink) {
        this.ink = ink;
        drawAxes();
    }

    ReadOnlyStringProperty readoutProperty() {
        return readout.getReadOnlyProperty();
    }

    boolean isFrozen() {
        return frozen;
    }

    void setFrozen(boolean frozen) {
        this.frozen = frozen;
    }

    long columnsWritten() {
        return written;
    }

    /** Colormap, dB range and frequency scale; repaints the visible history once. */
    void apply(Settings s) {
        Colormap cm = parseColormap(s.colormap());
        boolean rescale = axis == null || axis.scale() != s.frequencyScale();
        colormap = cm;
        painter = new SpectrogramPainter(cm, (float) s.minDb(), (float) s.maxDb());
        if (rescale) {
            axis = new FrequencyAxis(analyzer.config(), s.frequencyScale(), ROWS);
        }
        pixelBuffer.updateBuffer(b -> {
            for (int x = 0; x < COLUMNS; x++) {
                paintColumn(x, history[x]);
            }
            return null;
        });
        drawAxes();
    }

    static Colormap parseColormap(String id) {
        try {
            return Colormap.parse(id);
        } catch (IllegalArgumentException e) {
            return Colormap.MAGMA;
        }
    }

    private void pulse() {
        pulseNanos = System.nanoTime();
        dirtyFrom = -1;
        wrapped = false;
        stampCount = 0;
        int n = analyzer.ring().drain(this::accept);
        if (n > 0 && !frozen) {
            final int from = dirtyFrom;
            final int to = dirtyTo;
            final boolean full = wrapped;
            final int count = Math.min(n, COLUMNS);
            // Pixels are written inside the callback: the renderer may read the buffer at any other time.
            pixelBuffer.updateBuffer(b -> {
                for (int k = count; k >= 1; k--) {
                    int x = Math.floorMod(next - k, COLUMNS);
                    paintColumn(x, history[x]);
                }
                return full ? null : new Rectangle2D(from, 0, to - from + 1, ROWS);
            });
            layoutViews();
            if (probe != null) {
                long done = System.nanoTime();
                for (int i = 0; i < stampCount; i++) {
                    probe.latency(done - stamps[i]);
                }
                probe.pulse(done, n);
            }
            if (lastMouseX >= 0) {
                updateReadout(lastMouseX, lastMouseY);
            }
        } else if (probe != null) {
            probe.pulse(System.nanoTime(), 0);
        }
    }

    private final long[] stamps = new long[4096];
    private int stampCount;

    private void accept(float[] column, long stamp) {
        if (frozen) {
            return;
        }
        if (stampCount < stamps.length) {
            stamps[stampCount++] = stamp;
        }
        System.arraycopy(column, 0, history[next], 0, column.length);
        if (dirtyFrom < 0) {
            dirtyFrom = next;
        } else if (next < dirtyTo) {
            wrapped = true;
        }
        dirtyTo = next;
        next = (next + 1) % COLUMNS;
        written++;
    }

    private void paintColumn(int x, float[] bandsDb) {
        int[] rowBands = axis.rowBands();
        for (int row = 0; row < ROWS; row++) {
            writer.put(row * COLUMNS + x, painter.argb(bandsDb[rowBands[row]]));
        }
    }

    @Override
    protected void layoutChildren() {
        double w = getWidth();
        double h = getHeight();
        if (axes.getWidth() != w || axes.getHeight() != h) {
            axes.setWidth(w);
            axes.setHeight(h);
            drawAxes();
        }
        layoutViews();
    }

    /** Older columns [next, COLUMNS) on the left, newer [0, next) on the right. */
    private void layoutViews() {
        Rectangle2D plot = AxisPainter.plotArea(getWidth(), getHeight());
        double perColumn = plot.getWidth() / COLUMNS;
        int olderCount = COLUMNS - next;
        older.setViewport(new Rectangle2D(next, 0, olderCount, ROWS));
        older.setFitWidth(olderCount * perColumn);
        older.setFitHeight(plot.getHeight());
        older.relocate(plot.getMinX(), plot.getMinY());
        older.setVisible(olderCount > 0);
        newer.setVisible(next > 0);
        if (next > 0) {
            newer.setViewport(new Rectangle2D(0, 0, next, ROWS));
            newer.setFitWidth(next * perColumn);
            newer.setFitHeight(plot.getHeight());
            newer.relocate(plot.getMinX() + olderCount * perColumn, plot.getMinY());
        }
    }

    private void drawAxes() {
        if (axes.getWidth() <= 0 || axis == null) {
            return;
        }
        AxisPainter.paint(axes.getGraphicsContext2D(), axes.getWidth(), axes.getHeight(), axis,
                -COLUMNS * secondsPerColumn, 0, colormap, painter.minDb(), painter.maxDb(), ink);
    }

    private void mouseMoved(MouseEvent e) {
        lastMouseX = e.getX();
        lastMouseY = e.getY();
        updateReadout(e.getX(), e.getY());
    }

    private void updateReadout(double mx, double my) {
        Rectangle2D plot = AxisPainter.plotArea(getWidth(), getHeight());
        if (!plot.contains(mx, my)) {
            readout.set("");
            return;
        }
        double fx = (mx - plot.getMinX()) / plot.getWidth();
        double fy = 1 - (my - plot.getMinY()) / plot.getHeight();
        int age = COLUMNS - 1 - (int) Math.min(COLUMNS - 1, fx * COLUMNS);
        int column = Math.floorMod(next - 1 - age, COLUMNS);
        double hz = axis.frequencyAt(fy);
        int band = axis.bandOfRow((int) ((1 - fy) * ROWS));
        float db = history[column][band];
        readout.set(String.format(Locale.ROOT, "%.1f s ago · %s · %s", age * secondsPerColumn,
                FrequencyAxis.label(Math.round(hz)), db < -150 ? "no data" : String.format(Locale.ROOT, "%.0f dB", db)));
    }
}
