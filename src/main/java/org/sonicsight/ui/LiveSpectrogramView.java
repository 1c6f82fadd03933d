package org.sonicsight.ui;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.IntBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import javafx.animation.AnimationTimer;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.geometry.Rectangle2D;
import javafx.scene.canvas.Canvas;
import javafx.scene.control.Label;
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
import org.sonicsight.core.live.LiveAnalyzer;
import org.sonicsight.core.live.FrequencyAxis;

/**
 * The live scrolling spectrogram. An {@link AnimationTimer} drains the
 * analyzer's column ring once per pulse and writes only the new columns into
 * an int ARGB-pre {@link PixelBuffer} used as a ring; two {@link ImageView}s
 * show its older and newer parts side by side, so scrolling moves viewports
 * instead of repainting. The ring image has exactly the plot's size in pixels
 * (each analysis column is a whole number of pixels wide), so drawing it is a
 * copy, not a scale: with software rendering that halves the cost per pixel.
 * Axes and the colour bar sit on a canvas redrawn only when the size or the
 * display settings change.
 */
final class LiveSpectrogramView extends Region {

    /** Columns the view aims to show: 640 hops of 512 samples at 22050 Hz ≈ 14.9 s. */
    static final int TARGET_COLUMNS = 640;
    /** Columns remembered (for repaints on resize or settings changes). */
    static final int HISTORY = 4096;

    /**
     * A labelled box over a stretch of the live stream, e.g. what Record &amp; Identify analysed.
     *
     * @param startSample where it starts on the analyzer's clock ({@link LiveAnalyzer#samplesWritten})
     * @param endSample   where it ends
     */
    record Marker(long startSample, long endSample, String label) {
    }

    /** Receives per-pulse figures (bench live). */
    interface PulseProbe {
        void pulse(long nowNanos, int columns);

        void latency(long nanos);
    }

    private final LiveAnalyzer analyzer;
    private final ImageView older = new ImageView();
    private final ImageView newer = new ImageView();
    /**
     * Axes, labels and colour bar, painted only when the size or the settings change. Four strips around the plot
     * (top, bottom, left, right), not one canvas over the whole view: the plot is repainted on every new column, and
     * a transparent canvas under it would be blended into every one of those frames (software rendering).
     */
    private final Canvas[] axes = {new Canvas(), new Canvas(), new Canvas(), new Canvas()};
    private double axesWidth;
    private double axesHeight;
    private int axesColumns;
    private final float[][] history;
    private final ReadOnlyStringWrapper readout = new ReadOnlyStringWrapper("");
    private final AnimationTimer timer;
    private final double secondsPerColumn;
    private final long[] stamps = new long[4096];
    private int stampCount;
    private Settings settings = Settings.DEFAULTS;
    private FrequencyAxis axis;
    private SpectrogramPainter painter;
    private Colormap colormap = Colormap.MAGMA;
    // Ring image geometry: `columns` columns of `pixelsPerColumn` pixels, `rows` pixels tall.
    private PixelBuffer<IntBuffer> pixelBuffer;
    private IntBuffer writer;
    private int columns;
    private int pixelsPerColumn;
    private int rows;
    private int imageWidth;
    private Rectangle2D plot = new Rectangle2D(0, 0, 1, 1);
    private int imageNext;     // image column written next
    private int historyNext;   // history slot written next
    private long written;      // columns received since start
    private int pending;       // columns received this pulse, not yet painted
    private boolean frozen;
    private PulseProbe probe;
    private double lastMouseX = -1;
    private double lastMouseY = -1;
    private Color ink = Color.gray(0.85);
    private final javafx.scene.layout.Pane markerLayer = new javafx.scene.layout.Pane();
    private List<Marker> markers = List.of();
    /** The analyzer's sample clock when the newest painted column arrived: markers are placed against it. */
    private long samplesAtNewest;

    LiveSpectrogramView(LiveAnalyzer analyzer) {
        this.analyzer = analyzer;
        this.secondsPerColumn = analyzer.config().frameSeconds();
        this.history = new float[HISTORY][analyzer.config().nMels()];
        for (float[] column : history) {
            Arrays.fill(column, -200f);
        }
        for (ImageView v : new ImageView[]{older, newer}) {
            v.setSmooth(false);
            v.setPreserveRatio(false);
            v.setManaged(false);
        }
        getStyleClass().add("live-spectrogram");
        markerLayer.setMouseTransparent(true);
        markerLayer.setManaged(false);
        getChildren().addAll(axes);
        getChildren().addAll(older, newer, markerLayer);
        for (Canvas c : axes) {
            c.setManaged(false);
        }
        painter = new SpectrogramPainter(Colormap.MAGMA, -80, 0);
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

    /** Replaces the boxes drawn over the stream (FX thread). */
    void setMarkers(List<Marker> newMarkers) {
        markers = List.copyOf(newMarkers);
        markerLayer.getChildren().clear();
        for (Marker m : markers) {
            javafx.scene.shape.Rectangle box = new javafx.scene.shape.Rectangle();
            box.getStyleClass().add("live-marker-box");
            box.setFill(Color.color(1, 1, 1, 0.10));
            box.setStroke(Color.WHITE);
            box.setStrokeWidth(2);
            Label label = new Label(m.label());
            label.getStyleClass().add("live-marker-label");
            label.setStyle("-fx-background-color: rgba(0,0,0,0.65); -fx-text-fill: white; -fx-padding: 2 6 2 6;");
            markerLayer.getChildren().addAll(box, label);
        }
        placeMarkers();
    }

    List<Marker> markers() {
        return markers;
    }

    /** Where a marker's box is drawn, in this view's coordinates (clipped to the plot); empty when off screen. */
    java.util.Optional<Rectangle2D> markerBounds(Marker m) {
        if (columns == 0) {
            return java.util.Optional.empty();
        }
        double rate = analyzer.config().sampleRate();
        double pxPerSecond = pixelsPerColumn / secondsPerColumn;
        double right = plot.getMaxX();
        double x0 = right - (samplesAtNewest - m.startSample()) / rate * pxPerSecond;
        double x1 = right - (samplesAtNewest - m.endSample()) / rate * pxPerSecond;
        x0 = Math.max(plot.getMinX(), x0);
        x1 = Math.min(right, x1);
        if (x1 <= x0) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(new Rectangle2D(x0, plot.getMinY(), x1 - x0, plot.getHeight()));
    }

    private void placeMarkers() {
        for (int i = 0; i < markers.size(); i++) {
            javafx.scene.shape.Rectangle box = (javafx.scene.shape.Rectangle) markerLayer.getChildren().get(2 * i);
            Label label = (Label) markerLayer.getChildren().get(2 * i + 1);
            java.util.Optional<Rectangle2D> r = markerBounds(markers.get(i));
            box.setVisible(r.isPresent());
            label.setVisible(r.isPresent());
            r.ifPresent(b -> {
                box.setX(b.getMinX() + 1);
                box.setY(b.getMinY() + 1);
                box.setWidth(Math.max(1, b.getWidth() - 2));
                box.setHeight(Math.max(1, b.getHeight() - 2));
                label.autosize();
                label.relocate(b.getMinX() + 4, b.getMinY() + 4);
            });
        }
    }

    long columnsWritten() {
        return written;
    }

    /** Columns currently on screen. */
    int visibleColumns() {
        return columns;
    }

    /** Colormap, dB range and frequency scale; repaints the visible history once. */
    void apply(Settings s) {
        settings = s;
        colormap = parseColormap(s.colormap());
        painter = new SpectrogramPainter(colormap, (float) s.minDb(), (float) s.maxDb());
        if (rows > 0) {
            axis = new FrequencyAxis(analyzer.config(), s.frequencyScale(), rows);
            repaintAll();
        }
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
        stampCount = 0;
        pending = 0;
        int n = analyzer.ring().drain(this::accept);
        if (pending > 0) {
            samplesAtNewest = analyzer.samplesWritten();
            if (!markers.isEmpty()) {
                placeMarkers();
            }
        }
        if (pending > 0 && pixelBuffer != null) {
            int count = Math.min(pending, columns);
            // Pixels are written inside the callback: the renderer may read the buffer at any other time.
            pixelBuffer.updateBuffer(b -> {
                int firstX = -1;
                int lastX = -1;
                boolean wrapped = false;
                for (int k = count; k >= 1; k--) {
                    int x = Math.floorMod(imageNext - k, columns);
                    paintImageColumn(x, history[Math.floorMod(historyNext - k, HISTORY)]);
                    if (firstX < 0) {
                        firstX = x;
                    } else if (x < lastX) {
                        wrapped = true;
                    }
                    lastX = x;
                }
                return wrapped ? null
                        : new Rectangle2D(firstX * pixelsPerColumn, 0, (lastX - firstX + 1) * pixelsPerColumn, rows);
            });
            layoutViews();
            if (lastMouseX >= 0) {
                updateReadout(lastMouseX, lastMouseY);
            }
        }
        if (probe != null) {
            long done = System.nanoTime();
            for (int i = 0; i < stampCount; i++) {
                probe.latency(done - stamps[i]);
            }
            probe.pulse(done, pending);
        }
    }

    private void accept(float[] column, long stamp) {
        if (frozen) {
            return;
        }
        if (stampCount < stamps.length) {
            stamps[stampCount++] = stamp;
        }
        System.arraycopy(column, 0, history[historyNext], 0, column.length);
        historyNext = (historyNext + 1) % HISTORY;
        if (columns > 0) {
            imageNext = (imageNext + 1) % columns;
        }
        written++;
        pending++;
    }

    private void paintImageColumn(int x, float[] bandsDb) {
        int[] rowBands = axis.rowBands();
        int x0 = x * pixelsPerColumn;
        for (int row = 0; row < rows; row++) {
            int argb = painter.argb(bandsDb[rowBands[row]]);
            int base = row * imageWidth + x0;
            for (int p = 0; p < pixelsPerColumn; p++) {
                writer.put(base + p, argb);
            }
        }
    }

    /** Repaints every visible column from the history, newest at the right edge. */
    private void repaintAll() {
        if (pixelBuffer == null) {
            return;
        }
        imageNext = 0;
        pixelBuffer.updateBuffer(b -> {
            for (int x = 0; x < columns; x++) {
                int age = columns - 1 - x;
                paintImageColumn(x, history[Math.floorMod(historyNext - 1 - age, HISTORY)]);
            }
            return null;
        });
        layoutViews();
    }

    @Override
    protected void layoutChildren() {
        double w = getWidth();
        double h = getHeight();
        Rectangle2D area = AxisPainter.plotArea(w, h);
        int ppc = Math.max(1, (int) Math.round(area.getWidth() / TARGET_COLUMNS));
        int cols = Math.max(16, Math.min(HISTORY, (int) (area.getWidth() / ppc)));
        int r = Math.max(16, (int) area.getHeight());
        if (cols != columns || ppc != pixelsPerColumn || r != rows) {
            allocate(cols, ppc, r);
        }
        Rectangle2D newPlot = new Rectangle2D(area.getMinX(), area.getMinY(), columns * pixelsPerColumn, rows);
        if (w != axesWidth || h != axesHeight || columns != axesColumns || !newPlot.equals(plot)) {
            plot = newPlot;
            axesWidth = w;
            axesHeight = h;
            axesColumns = columns;
            placeAxes();
            drawAxes();
        }
        layoutViews();
        placeMarkers();
    }

    private void allocate(int cols, int ppc, int r) {
        columns = cols;
        pixelsPerColumn = ppc;
        rows = r;
        imageWidth = cols * ppc;
        IntBuffer pixels = ByteBuffer.allocateDirect(imageWidth * rows * 4).order(ByteOrder.nativeOrder()).asIntBuffer();
        // Absolute puts through a view of our own, whatever the renderer does with the shared buffer's limits.
        writer = pixels.duplicate();
        pixelBuffer = new PixelBuffer<>(imageWidth, rows, pixels, PixelFormat.getIntArgbPreInstance());
        WritableImage image = new WritableImage(pixelBuffer);
        older.setImage(image);
        newer.setImage(image);
        axis = new FrequencyAxis(analyzer.config(), settings.frequencyScale(), rows);
        repaintAll();
    }

    /**
     * Older columns [imageNext, columns) on the left, newer [0, imageNext) on the right, at 1:1 (no fit size: an
     * image view with only a viewport is drawn at the viewport's size). Called once per pulse with new columns;
     * it touches only what moved.
     */
    private void layoutViews() {
        if (columns == 0) {
            return;
        }
        int olderCount = columns - imageNext;
        older.setViewport(new Rectangle2D(imageNext * pixelsPerColumn, 0, olderCount * pixelsPerColumn, rows));
        older.relocate(plot.getMinX(), plot.getMinY());
        older.setVisible(olderCount > 0);
        newer.setVisible(imageNext > 0);
        if (imageNext > 0) {
            newer.setViewport(new Rectangle2D(0, 0, imageNext * pixelsPerColumn, rows));
            newer.relocate(plot.getMinX() + olderCount * pixelsPerColumn, plot.getMinY());
        }
    }

    /** Sizes the four axis strips around the plot (whole pixels; the plot's border line lies in them). */
    private void placeAxes() {
        double left = Math.floor(plot.getMinX());
        double top = Math.floor(plot.getMinY());
        double right = Math.ceil(plot.getMaxX());
        double bottom = Math.ceil(plot.getMaxY());
        double[][] strips = {
            {0, 0, axesWidth, top},
            {0, bottom, axesWidth, axesHeight - bottom},
            {0, top, left, bottom - top},
            {right, top, axesWidth - right, bottom - top},
        };
        for (int i = 0; i < axes.length; i++) {
            Canvas c = axes[i];
            c.relocate(strips[i][0], strips[i][1]);
            c.setWidth(Math.max(0, strips[i][2]));
            c.setHeight(Math.max(0, strips[i][3]));
        }
    }

    private void drawAxes() {
        if (axesWidth <= 0 || axis == null) {
            return;
        }
        for (Canvas c : axes) {
            if (c.getWidth() <= 0 || c.getHeight() <= 0) {
                continue;
            }
            javafx.scene.canvas.GraphicsContext g = c.getGraphicsContext2D();
            g.save();
            g.translate(-c.getLayoutX(), -c.getLayoutY());
            AxisPainter.paint(g, axesWidth, axesHeight, plot, axis,
                    -columns * secondsPerColumn, 0, colormap, painter.minDb(), painter.maxDb(), ink);
            g.restore();
        }
    }

    private void mouseMoved(MouseEvent e) {
        lastMouseX = e.getX();
        lastMouseY = e.getY();
        updateReadout(e.getX(), e.getY());
    }

    private void updateReadout(double mx, double my) {
        if (!plot.contains(mx, my) || columns == 0) {
            readout.set("");
            return;
        }
        int x = (int) Math.min(columns - 1, (mx - plot.getMinX()) / pixelsPerColumn);
        int row = (int) Math.min(rows - 1, my - plot.getMinY());
        int age = columns - 1 - x;
        float db = history[Math.floorMod(historyNext - 1 - age, HISTORY)][axis.bandOfRow(row)];
        double hz = axis.frequencyAt(1 - (row + 0.5) / rows);
        readout.set(String.format(Locale.ROOT, "%.1f s ago · %s · %s", age * secondsPerColumn,
                FrequencyAxis.label(Math.round(hz)), db < -150 ? "no data" : String.format(Locale.ROOT, "%.0f dB", db)));
    }
}
