package org.sonicsight.ui;

import java.util.Locale;
import java.util.Optional;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.geometry.Rectangle2D;
import javafx.scene.canvas.Canvas;
import javafx.scene.image.ImageView;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;
import javafx.scene.input.MouseEvent;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;
import javafx.scene.shape.Line;
import javafx.scene.shape.Rectangle;
import org.sonicsight.core.classify.Prediction;
import org.sonicsight.core.dsp.Colormap;
import org.sonicsight.core.dsp.Spectrogram;
import org.sonicsight.core.dsp.SpectrogramPainter;
import org.sonicsight.core.settings.Settings;
import org.sonicsight.core.live.FrequencyAxis;

/**
 * A whole file's spectrogram with time and frequency axes. Dragging selects
 * the part to identify; a line follows playback. Long files zoom (Ctrl+wheel,
 * or {@link #setView}) and scroll (wheel) over the time axis; listeners on
 * {@link #onViewChanged} (the timeline strip) follow.
 */
final class FileView extends Region {

    static final int ROWS = 256;

    private final Canvas axes = new Canvas();
    private final ImageView image = new ImageView();
    /** Full resolution for a zoomed-in stretch of a long (pooled) file, drawn over {@link #image} when it covers the view. */
    private final ImageView detail = new ImageView();
    private Spectrogram detailSpectrogram;
    private double detailStart;
    private double detailEnd;
    private final Rectangle selectionBox = new Rectangle();
    private final Line playhead = new Line();
    /** The keyboard's position (seconds), drawn while the view has focus; the selection grows from the anchor. */
    private final Line caretLine = new Line();
    private double caret;
    private double anchor = -1;
    private final ObjectProperty<Optional<Prediction.TimeSpan>> selection = new SimpleObjectProperty<>(Optional.empty());
    private Spectrogram spectrogram;
    private Settings settings = Settings.DEFAULTS;
    private FrequencyAxis axis;
    private double dragStart = -1;
    private Color ink = Color.gray(0.85);
    private double viewStart;
    private double viewEnd = -1;
    private final java.util.List<Runnable> viewListeners = new java.util.ArrayList<>();
    /** An extra layer drawn over the spectrogram (the "why" overlay), or null. */
    private javafx.scene.Node overlay;

    FileView() {
        getStyleClass().add("file-view");
        image.setPreserveRatio(false);
        image.setSmooth(true);
        image.setManaged(false);
        detail.setPreserveRatio(false);
        detail.setSmooth(true);
        detail.setManaged(false);
        detail.setVisible(false);
        detail.setMouseTransparent(true);
        axes.setManaged(false);
        selectionBox.getStyleClass().add("selection");
        selectionBox.setManaged(false);
        selectionBox.setMouseTransparent(true);
        selectionBox.setVisible(false);
        playhead.getStyleClass().add("playhead");
        playhead.setManaged(false);
        playhead.setVisible(false);
        caretLine.getStyleClass().add("caret");
        caretLine.setManaged(false);
        caretLine.setMouseTransparent(true);
        caretLine.setVisible(false);
        getChildren().addAll(axes, image, detail, selectionBox, playhead, caretLine);
        // The keyboard does what the mouse does: Left/Right move, Shift selects, Home/End, +/- zoom.
        setFocusTraversable(true);
        setAccessibleRole(javafx.scene.AccessibleRole.IMAGE_VIEW);
        addEventHandler(javafx.scene.input.KeyEvent.KEY_PRESSED, this::keyPressed);
        focusedProperty().addListener((o, was, now) -> layoutSelection());
        setOnMousePressed(this::pressed);
        setOnMouseDragged(this::dragged);
        setOnMouseReleased(this::released);
        setOnScroll(this::scrolled);
        setMinSize(320, 200);
    }

    /** Shows seconds {@code start} to {@code end} of the file (clamped; at least 0.5 s). */
    void setView(double start, double end) {
        double d = duration();
        double span = Math.max(Math.min(0.5, d), Math.min(d, end - start));
        double s0 = Math.max(0, Math.min(d - span, start));
        viewStart = s0;
        viewEnd = s0 + span;
        applyViewport();
        requestLayout();
        drawAxes();
        layoutSelection();
        viewListeners.forEach(Runnable::run);
    }

    double viewStart() {
        return viewStart;
    }

    double viewEnd() {
        return viewEnd < 0 ? duration() : viewEnd;
    }

    void onViewChanged(Runnable listener) {
        viewListeners.add(listener);
    }

    /** Puts a layer over the plot area (sized with it), or removes it with null. */
    void setOverlay(javafx.scene.Node node) {
        if (overlay != null) {
            getChildren().remove(overlay);
        }
        overlay = node;
        if (node != null) {
            node.setManaged(false);
            node.setMouseTransparent(true);
            getChildren().add(getChildren().indexOf(selectionBox), node);
        }
        requestLayout();
    }

    /** Ctrl+wheel zooms around the pointer; the wheel scrolls when zoomed in. */
    private void scrolled(javafx.scene.input.ScrollEvent e) {
        if (spectrogram == null) {
            return;
        }
        double delta = e.getDeltaY() != 0 ? e.getDeltaY() : e.getDeltaX();
        if (delta == 0) {
            return;
        }
        double span = viewEnd() - viewStart();
        if (e.isControlDown() || e.isShortcutDown()) {
            double at = secondsAt(e.getX());
            double factor = delta > 0 ? 0.8 : 1.25;
            double newSpan = span * factor;
            double frac = span <= 0 ? 0 : (at - viewStart()) / span;
            setView(at - frac * newSpan, at - frac * newSpan + newSpan);
        } else if (span < duration() - 1e-6) {
            double shift = -Math.signum(delta) * span * 0.1;
            setView(viewStart() + shift, viewEnd() + shift);
        }
        e.consume();
    }

    private void applyViewport() {
        if (image.getImage() == null || spectrogram == null) {
            return;
        }
        double cols = image.getImage().getWidth();
        double d = duration();
        double x0 = viewStart() / d * cols;
        double x1 = viewEnd() / d * cols;
        image.setViewport(new Rectangle2D(x0, 0, Math.max(1e-3, x1 - x0), ROWS));
        boolean covers = detail.getImage() != null && detailStart <= viewStart() + 1e-6 && detailEnd >= viewEnd() - 1e-6;
        detail.setVisible(covers);
        if (covers) {
            double dc = detail.getImage().getWidth();
            double span = Math.max(1e-9, detailEnd - detailStart);
            double d0 = (viewStart() - detailStart) / span * dc;
            double d1 = (viewEnd() - detailStart) / span * dc;
            detail.setViewport(new Rectangle2D(d0, 0, Math.max(1e-3, d1 - d0), ROWS));
        }
    }

    /** Whether the full-resolution stretch is what the view shows now. */
    boolean detailShown() {
        return detail.isVisible() && detail.getImage() != null;
    }

    /** Whether the whole-file picture is pooled (a long file): zooming in then asks for a detailed stretch. */
    boolean pooled() {
        return spectrogram != null && spectrogram.framesPerColumn() > 1;
    }

    /** Seconds {@code from}..{@code to} at full resolution, drawn instead of the pooled picture while in view. */
    void showDetail(Spectrogram s, double from, double to) {
        detailSpectrogram = s;
        detailStart = from;
        detailEnd = to;
        paintDetail();
        applyViewport();
    }

    private void paintDetail() {
        if (detailSpectrogram == null || axis == null || spectrogram == null) {
            detail.setImage(null);
            return;
        }
        // the same dB reference as the whole file, so colours match across the seam
        float offset = (float) (10 * Math.log10(Math.max(1e-20, detailSpectrogram.refPower())
                / Math.max(1e-20, spectrogram.refPower())));
        SpectrogramPainter painter = new SpectrogramPainter(LiveSpectrogramView.parseColormap(settings.colormap()),
                (float) settings.minDb(), (float) settings.maxDb());
        int w = Math.max(1, detailSpectrogram.columns());
        int[] pixels = new int[w * ROWS];
        float[][] db = detailSpectrogram.db();
        int[] rowBands = axis.rowBands();
        for (int x = 0; x < db.length; x++) {
            for (int row = 0; row < ROWS; row++) {
                pixels[row * w + x] = painter.argb(db[x][rowBands[row]] + offset);
            }
        }
        WritableImage img = new WritableImage(w, ROWS);
        img.getPixelWriter().setPixels(0, 0, w, ROWS, PixelFormat.getIntArgbInstance(), pixels, 0, w);
        detail.setImage(img);
    }

    /** Height fraction (0 bottom, 1 top) of {@code hz} on the current frequency scale. */
    double yFractionOf(double hz) {
        return axis == null ? 0 : axis.fractionOf(hz);
    }

    /** x of {@code seconds} in this view's coordinates (may lie outside the plot when zoomed). */
    double xOf(double seconds) {
        Rectangle2D plot = AxisPainter.plotArea(getWidth(), getHeight());
        return plot.getMinX() + (seconds - viewStart()) / Math.max(1e-9, viewEnd() - viewStart()) * plot.getWidth();
    }

    ObjectProperty<Optional<Prediction.TimeSpan>> selectionProperty() {
        return selection;
    }

    void setInk(Color ink) {
        this.ink = ink;
        requestLayout();
        drawAxes();
    }

    void show(Spectrogram s, Settings settings) {
        this.spectrogram = s;
        selection.set(Optional.empty());
        caret = 0;
        anchor = -1;
        viewStart = 0;
        viewEnd = -1;
        detailSpectrogram = null;
        detail.setImage(null);
        apply(settings);
        viewListeners.forEach(Runnable::run);
    }

    Spectrogram spectrogram() {
        return spectrogram;
    }

    void apply(Settings s) {
        settings = s;
        if (spectrogram == null) {
            return;
        }
        viewListeners.forEach(Runnable::run); // the scale may have changed: overlays redraw
        axis = new FrequencyAxis(spectrogram.config(), s.frequencyScale(), ROWS);
        SpectrogramPainter painter = new SpectrogramPainter(LiveSpectrogramView.parseColormap(s.colormap()),
                (float) s.minDb(), (float) s.maxDb());
        int w = Math.max(1, spectrogram.columns());
        int[] pixels = new int[w * ROWS];
        float[][] db = spectrogram.db();
        int[] rowBands = axis.rowBands();
        for (int x = 0; x < db.length; x++) {
            for (int row = 0; row < ROWS; row++) {
                pixels[row * w + x] = painter.argb(db[x][rowBands[row]]);
            }
        }
        WritableImage img = new WritableImage(w, ROWS);
        img.getPixelWriter().setPixels(0, 0, w, ROWS, PixelFormat.getIntArgbInstance(), pixels, 0, w);
        image.setImage(img);
        paintDetail();
        applyViewport();
        requestLayout();
        drawAxes();
    }

    double duration() {
        return spectrogram == null ? 0 : Math.max(spectrogram.durationSeconds(), 1e-3);
    }

    /** Moves the playback line; negative hides it. */
    void setPlayhead(double seconds) {
        if (seconds < 0 || spectrogram == null) {
            playhead.setVisible(false);
            return;
        }
        Rectangle2D plot = AxisPainter.plotArea(getWidth(), getHeight());
        double x = xOf(seconds);
        if (x < plot.getMinX() || x > plot.getMaxX()) {
            playhead.setVisible(false);
            return;
        }
        playhead.setStartX(x);
        playhead.setEndX(x);
        playhead.setStartY(plot.getMinY());
        playhead.setEndY(plot.getMaxY());
        playhead.setVisible(true);
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
        Rectangle2D plot = AxisPainter.plotArea(w, h);
        image.relocate(plot.getMinX(), plot.getMinY());
        image.setFitWidth(plot.getWidth());
        image.setFitHeight(plot.getHeight());
        detail.relocate(plot.getMinX(), plot.getMinY());
        detail.setFitWidth(plot.getWidth());
        detail.setFitHeight(plot.getHeight());
        if (overlay instanceof Region r) {
            r.resizeRelocate(plot.getMinX(), plot.getMinY(), plot.getWidth(), plot.getHeight());
        } else if (overlay != null) {
            overlay.relocate(plot.getMinX(), plot.getMinY());
        }
        layoutSelection();
    }

    private void drawAxes() {
        if (axes.getWidth() <= 0 || spectrogram == null || axis == null) {
            return;
        }
        Colormap cm = LiveSpectrogramView.parseColormap(settings.colormap());
        AxisPainter.paint(axes.getGraphicsContext2D(), axes.getWidth(), axes.getHeight(), axis, viewStart(), viewEnd(), cm,
                settings.minDb(), settings.maxDb(), ink);
    }

    private double secondsAt(double x) {
        Rectangle2D plot = AxisPainter.plotArea(getWidth(), getHeight());
        double f = Math.max(0, Math.min(1, (x - plot.getMinX()) / plot.getWidth()));
        return viewStart() + f * (viewEnd() - viewStart());
    }

    private void pressed(MouseEvent e) {
        requestFocus();
        dragStart = secondsAt(e.getX());
        caret = dragStart;
        anchor = -1;
    }

    /**
     * Left/Right move the caret by a fiftieth of the view (Ctrl: a tenth), Shift+Left/Right select from where
     * the caret was, Home/End go to the view's ends, + and - zoom around the caret, Esc clears the selection.
     */
    private void keyPressed(javafx.scene.input.KeyEvent e) {
        if (spectrogram == null || (e.isShortcutDown() && e.getCode() != javafx.scene.input.KeyCode.LEFT
                && e.getCode() != javafx.scene.input.KeyCode.RIGHT)) {
            return; // Ctrl+=, Ctrl+- and the like are the menus' accelerators
        }
        double span = viewEnd() - viewStart();
        double step = e.isShortcutDown() || e.isAltDown() ? span / 10 : Math.max(0.02, span / 50);
        double to;
        switch (e.getCode()) {
            case LEFT, KP_LEFT -> to = caret - step;
            case RIGHT, KP_RIGHT -> to = caret + step;
            case HOME -> to = 0;
            case END -> to = duration();
            case PLUS, ADD, EQUALS -> {
                setView(caret - span * 0.4, caret + span * 0.4);
                e.consume();
                return;
            }
            case MINUS, SUBTRACT -> {
                setView(caret - span * 0.625, caret + span * 0.625);
                e.consume();
                return;
            }
            case ESCAPE -> {
                if (selection.get().isPresent()) {
                    select(Optional.empty());
                    anchor = -1;
                    e.consume();
                }
                return;
            }
            default -> {
                return;
            }
        }
        to = Math.max(0, Math.min(duration(), to));
        if (e.isShiftDown()) {
            if (anchor < 0) {
                anchor = caret;
            }
            caret = to;
            select(Math.abs(caret - anchor) < 1e-9 ? Optional.empty()
                    : Optional.of(new Prediction.TimeSpan(Math.min(anchor, caret), Math.max(anchor, caret))));
        } else {
            caret = to;
            anchor = -1;
        }
        // Keep the caret in view when zoomed in.
        if (caret < viewStart() || caret > viewEnd()) {
            setView(caret - span / 2, caret + span / 2);
        }
        layoutSelection();
        e.consume();
    }

    /** Where the keyboard's caret is, in seconds. */
    double caret() {
        return caret;
    }

    private void dragged(MouseEvent e) {
        if (dragStart < 0) {
            return;
        }
        double now = secondsAt(e.getX());
        selection.set(Optional.of(new Prediction.TimeSpan(Math.min(dragStart, now), Math.max(dragStart, now))));
        layoutSelection();
    }

    private void released(MouseEvent e) {
        Optional<Prediction.TimeSpan> s = selection.get();
        boolean click = s.isEmpty() || s.get().endSeconds() - s.get().startSeconds() < 0.2;
        if (s.isPresent() && click) {
            selection.set(Optional.empty()); // a click, not a selection
        }
        if (click && dragStart >= 0 && spectrogram != null) {
            clickListener.accept(Math.max(0, Math.min(duration(), secondsAt(e.getX()))));
        }
        dragStart = -1;
        layoutSelection();
    }

    private java.util.function.DoubleConsumer clickListener = t -> { };

    /** Receives the time (seconds) under a click that selected nothing: the player seeks there. */
    void onClick(java.util.function.DoubleConsumer listener) {
        clickListener = listener;
    }

    /** Selects a span programmatically (tests, keyboard). */
    void select(Optional<Prediction.TimeSpan> span) {
        selection.set(span);
        layoutSelection();
    }

    private void layoutSelection() {
        layoutCaret();
        Optional<Prediction.TimeSpan> s = selection.get();
        if (s.isEmpty() || spectrogram == null) {
            selectionBox.setVisible(false);
            return;
        }
        Rectangle2D plot = AxisPainter.plotArea(getWidth(), getHeight());
        double x0 = Math.max(plot.getMinX(), xOf(s.get().startSeconds()));
        double x1 = Math.min(plot.getMaxX(), xOf(s.get().endSeconds()));
        if (x1 <= x0) {
            selectionBox.setVisible(false);
            return;
        }
        selectionBox.setX(x0);
        selectionBox.setY(plot.getMinY());
        selectionBox.setWidth(Math.max(1, x1 - x0));
        selectionBox.setHeight(plot.getHeight());
        selectionBox.setVisible(true);
    }

    private void layoutCaret() {
        if (!isFocused() || spectrogram == null) {
            caretLine.setVisible(false);
            return;
        }
        Rectangle2D plot = AxisPainter.plotArea(getWidth(), getHeight());
        double x = Math.max(plot.getMinX(), Math.min(plot.getMaxX(), xOf(caret)));
        caretLine.setStartX(x);
        caretLine.setEndX(x);
        caretLine.setStartY(plot.getMinY());
        caretLine.setEndY(plot.getMaxY());
        caretLine.setVisible(true);
    }

    static String describe(Optional<Prediction.TimeSpan> s) {
        return s.map(t -> String.format(Locale.ROOT, "Selected %.1f–%.1f s", t.startSeconds(), t.endSeconds()))
                .orElse("Whole file (the model picks the best window)");
    }
}
