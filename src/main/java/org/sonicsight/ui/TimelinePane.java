package org.sonicsight.ui;

import java.util.Optional;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ObjectProperty;
import javafx.beans.value.ObservableValue;
import javafx.collections.ListChangeListener;
import javafx.geometry.Pos;
import javafx.geometry.Rectangle2D;
import javafx.geometry.VPos;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.ScrollBar;
import javafx.scene.input.MouseEvent;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;
import javafx.scene.text.TextAlignment;
import org.sonicsight.core.classify.Prediction;
import org.sonicsight.core.classify.Verdict;
import org.sonicsight.core.detect.DetectedEvent;
import org.sonicsight.core.i18n.Messages;

/**
 * Under the file's spectrogram: the events strip (one box per dog or cat, in the spectrogram's time axis, so
 * zooming and scrolling the spectrogram move it too), the scan's progress with Cancel, zoom buttons and a scroll
 * bar. Clicking an event selects it on the spectrogram and plays it.
 */
final class TimelinePane extends VBox {

    static final Color DOG = Color.web("#ff9f43");
    static final Color CAT = Color.web("#4dd0e1");
    static final Color OTHER = Color.web("#9e9e9e");

    final TimelineViewModel vm;
    final Strip strip = new Strip();
    final ProgressBar progress = new ProgressBar(0);
    final Label status = new Label();
    final Button cancel = new Button();
    final ScrollBar scroll = new ScrollBar();
    private final FileView fileView;
    private final ObservableValue<Messages> m;
    private final Player player;
    private boolean syncing;

    TimelinePane(TimelineViewModel vm, FileView fileView, Player player, ObjectProperty<OpenedFile> opened,
            ObservableValue<Messages> m) {
        this.vm = vm;
        this.m = m;
        this.fileView = fileView;
        this.player = player;
        getStyleClass().add("timeline");
        setId("timeline");
        setSpacing(4);

        progress.setId("timeline-progress");
        progress.progressProperty().bind(vm.progress);
        progress.visibleProperty().bind(vm.running);
        progress.managedProperty().bind(vm.running);
        progress.setPrefWidth(180);
        UiText.text(cancel, m, "desk.cancel");
        cancel.setId("timeline-cancel");
        cancel.visibleProperty().bind(vm.running);
        cancel.managedProperty().bind(vm.running);
        cancel.setOnAction(e -> vm.cancel());
        status.setId("timeline-status");
        status.textProperty().bind(vm.status);
        status.getStyleClass().add("timeline-status");

        Button prev = new Button("◀");
        UiText.name(UiText.help(prev, m, "desk.timeline.prev"), m, "desk.timeline.prev");
        prev.setOnAction(e -> choose(vm.neighbour(-1)));
        Button next = new Button("▶");
        UiText.name(UiText.help(next, m, "desk.timeline.next"), m, "desk.timeline.next");
        next.setOnAction(e -> choose(vm.neighbour(1)));
        prev.disableProperty().bind(Bindings.isEmpty(vm.events));
        next.disableProperty().bind(Bindings.isEmpty(vm.events));
        Button zoomIn = new Button("+");
        zoomIn.setId("zoom-in");
        UiText.name(UiText.help(zoomIn, m, "desk.timeline.zoomIn.help"), m, "desk.timeline.zoomIn");
        zoomIn.setOnAction(e -> zoom(0.5));
        Button zoomOut = new Button("−");
        zoomOut.setId("zoom-out");
        UiText.name(UiText.help(zoomOut, m, "desk.timeline.zoomOut"), m, "desk.timeline.zoomOut");
        zoomOut.setOnAction(e -> zoom(2));
        Button fit = UiText.text(new Button(), m, "desk.timeline.wholeFile");
        fit.setOnAction(e -> fileView.setView(0, fileView.duration()));
        Region gap = new Region();
        HBox.setHgrow(gap, Priority.ALWAYS);
        HBox bar = new HBox(8, progress, cancel, status, gap, prev, next, zoomOut, zoomIn, fit);
        bar.setAlignment(Pos.CENTER_LEFT);

        scroll.setId("timeline-scroll");
        scroll.valueProperty().addListener((o, old, v) -> {
            if (!syncing) {
                double span = fileView.viewEnd() - fileView.viewStart();
                fileView.setView(v.doubleValue(), v.doubleValue() + span);
            }
        });
        getChildren().addAll(strip, scroll, bar);

        fileView.onViewChanged(this::viewChanged);
        vm.events.addListener((ListChangeListener<DetectedEvent>) c -> strip.draw());
        vm.scannedSeconds.addListener((o, old, v) -> strip.draw());
        vm.selected.addListener((o, old, v) -> strip.draw());
        m.addListener((o, old, v) -> strip.draw());
        opened.addListener((o, old, file) -> {
            if (file == null) {
                vm.clear();
            } else {
                vm.scan(file.path());
            }
        });
    }

    private void zoom(double factor) {
        double start = fileView.viewStart();
        double end = fileView.viewEnd();
        double centre = (start + end) / 2;
        double span = (end - start) * factor;
        fileView.setView(centre - span / 2, centre + span / 2);
    }

    private void viewChanged() {
        syncing = true;
        double d = fileView.duration();
        double span = fileView.viewEnd() - fileView.viewStart();
        scroll.setMin(0);
        scroll.setMax(Math.max(0, d - span));
        scroll.setVisibleAmount(span);
        scroll.setBlockIncrement(span * 0.9);
        scroll.setUnitIncrement(span * 0.1);
        scroll.setValue(fileView.viewStart());
        scroll.setVisible(span < d - 1e-6);
        scroll.setManaged(span < d - 1e-6);
        syncing = false;
        strip.draw();
    }

    /** Selects an event: on the spectrogram (scrolled to it if it is out of view) and plays it. */
    void choose(DetectedEvent e) {
        if (e == null) {
            return;
        }
        vm.selected.set(e);
        double span = fileView.viewEnd() - fileView.viewStart();
        if (e.start() < fileView.viewStart() || e.end() > fileView.viewEnd()) {
            double centre = (e.start() + e.end()) / 2;
            fileView.setView(centre - span / 2, centre + span / 2);
        }
        fileView.select(Optional.of(new Prediction.TimeSpan(e.start(), e.end())));
        if (vm.file.get() != null) {
            player.play(vm.file.get(), e.start(), e.end());
        }
    }

    static Color colour(Verdict v) {
        return switch (v) {
            case DOG -> DOG;
            case CAT -> CAT;
            default -> OTHER;
        };
    }

    /** The strip itself: boxes on the spectrogram's time axis. */
    final class Strip extends Region {
        static final double HEIGHT = 34;
        private final Canvas canvas = new Canvas();

        Strip() {
            getStyleClass().add("timeline-strip");
            setId("timeline-strip");
            getChildren().add(canvas);
            setMinHeight(HEIGHT);
            setPrefHeight(HEIGHT);
            setMaxHeight(HEIGHT);
            setOnMouseClicked(this::clicked);
        }

        @Override
        protected void layoutChildren() {
            if (canvas.getWidth() != getWidth() || canvas.getHeight() != getHeight()) {
                canvas.setWidth(getWidth());
                canvas.setHeight(getHeight());
                draw();
            }
        }

        private double x(double seconds) {
            Rectangle2D plot = AxisPainter.plotArea(getWidth(), 400);
            double s0 = fileView.viewStart();
            double s1 = fileView.viewEnd();
            return plot.getMinX() + (seconds - s0) / Math.max(1e-9, s1 - s0) * plot.getWidth();
        }

        void draw() {
            GraphicsContext g = canvas.getGraphicsContext2D();
            double w = canvas.getWidth();
            double h = canvas.getHeight();
            g.clearRect(0, 0, w, h);
            if (w <= 0 || vm.file.get() == null) {
                return;
            }
            Rectangle2D plot = AxisPainter.plotArea(w, 400);
            double left = plot.getMinX();
            double right = plot.getMaxX();
            g.setFill(Color.gray(0.5, 0.18));
            g.fillRect(left, 2, right - left, h - 4);
            // what is still to be scanned: hatched
            double scanned = Math.max(left, Math.min(right, x(vm.scannedSeconds.get())));
            if (vm.running.get() && scanned < right) {
                g.setStroke(Color.gray(0.5, 0.35));
                g.setLineWidth(1);
                for (double xx = scanned - h; xx < right; xx += 8) {
                    g.strokeLine(Math.max(scanned, xx), h - 2 - Math.max(0, scanned - xx), Math.min(right, xx + h - 4),
                            2 + Math.max(0, xx + h - 4 - right));
                }
            }
            g.setFont(Font.font(11));
            g.setTextBaseline(VPos.CENTER);
            g.setTextAlign(TextAlignment.LEFT);
            for (DetectedEvent e : vm.events) {
                double x0 = x(e.start());
                double x1 = Math.max(x0 + 3, x(e.end()));
                if (x1 < left || x0 > right) {
                    continue;
                }
                x0 = Math.max(left, x0);
                x1 = Math.min(right, x1);
                Color c = colour(e.verdict());
                g.setFill(c.deriveColor(0, 1, 1, 0.85));
                g.fillRoundRect(x0, 4, x1 - x0, h - 8, 4, 4);
                if (e.equals(vm.selected.get())) {
                    g.setStroke(Color.WHITE);
                    g.setLineWidth(2);
                    g.strokeRoundRect(x0 - 1, 3, x1 - x0 + 2, h - 6, 4, 4);
                }
                Messages words = m.getValue();
                String tag = capital(words.label(e.label())) + " " + words.percent(e.confidence(), 0);
                if (x1 - x0 > tag.length() * 6.5 + 6) {
                    g.setFill(Color.gray(0.08));
                    g.fillText(tag, x0 + 4, h / 2);
                }
            }
        }

        private void clicked(MouseEvent m) {
            DetectedEvent best = null;
            double bestDistance = 6; // pixels: a narrow box is still easy to hit
            for (DetectedEvent e : vm.events) {
                double x0 = x(e.start());
                double x1 = Math.max(x0 + 3, x(e.end()));
                double d = m.getX() < x0 ? x0 - m.getX() : m.getX() > x1 ? m.getX() - x1 : 0;
                if (d < bestDistance) {
                    bestDistance = d;
                    best = e;
                }
            }
            choose(best);
        }
    }

    static String capital(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
