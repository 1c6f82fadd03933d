package org.sonicsight.ui;

import java.awt.image.BufferedImage;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import javafx.beans.property.ObjectProperty;
import javafx.beans.value.ObservableValue;
import javafx.geometry.Rectangle2D;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.control.Label;
import javafx.scene.control.ToggleButton;
import javafx.scene.image.ImageView;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.scene.paint.Color;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sonicsight.core.audio.AudioClip;
import org.sonicsight.core.classify.ClassifierException;
import org.sonicsight.core.classify.Prediction;
import org.sonicsight.core.classify.WindowClassifier;
import org.sonicsight.core.dsp.Spectrogram;
import org.sonicsight.core.dsp.SpectrogramAnalyzer;
import org.sonicsight.core.dsp.SpectrogramConfig;
import org.sonicsight.core.explain.Explanation;
import org.sonicsight.core.explain.OcclusionExplainer;
import org.sonicsight.core.i18n.Messages;
import org.sonicsight.core.render.SpectrogramPng;

/**
 * "Why?": which parts of the sound drove the answer (occlusion, computed in core on its own worker). A toggle
 * under the result; when on, the analysed clip's spectrogram with the parts that did not matter dimmed (the same
 * picture as {@code spectrogram --explain} and the web page) for a Record &amp; Identify result, or for a file the
 * overlay on the file's own spectrogram.
 */
final class WhyPane extends VBox {

    private static final Logger LOG = LoggerFactory.getLogger(WhyPane.class);

    final ToggleButton toggle = new ToggleButton();
    final ImageView picture = new ImageView();
    final Label caption = new Label();
    final Overlay overlay = new Overlay();
    /** The explanation shown, if any (tests read it). */
    final ObjectProperty<Explanation> shown = new javafx.beans.property.SimpleObjectProperty<>();
    private final ScanModel scan;
    private final FileView fileView;
    private final ObservableValue<Messages> m;
    private Identification current;
    /** Where the identified clip starts in the opened file (0 for the whole file; the selection's start). */
    private double fileOffset = -1;
    private long generation;

    WhyPane(ScanModel scan, ObjectProperty<Identification> result, ObjectProperty<OpenedFile> opened,
            FileView fileView, ObservableValue<Messages> m) {
        this.m = m;
        this.scan = scan;
        this.fileView = fileView;
        getStyleClass().add("why");
        setId("why");
        setSpacing(6);
        toggle.setId("why-toggle");
        UiText.help(UiText.text(toggle, m, "desk.why"), m, "desk.why.help");
        toggle.selectedProperty().addListener((o, was, on) -> refresh());
        picture.setPreserveRatio(true);
        picture.setFitWidth(340);
        caption.setWrapText(true);
        caption.getStyleClass().add("why-caption");
        getChildren().addAll(toggle, picture, caption);
        toggle.setDisable(true);
        result.addListener((o, old, id) -> {
            current = id;
            // the clip of a file's identification starts where the selection did (the whole file: at 0)
            fileOffset = id != null && opened.get() != null && id.source().startsWith("File: ")
                    ? fileView.selectionProperty().get().map(Prediction.TimeSpan::startSeconds).orElse(0.0) : -1;
            toggle.setDisable(id == null || id.prediction().window().isEmpty());
            refresh();
        });
        opened.addListener((o, old, f) -> {
            fileOffset = -1;
            overlay.draw();
        });
        fileView.onViewChanged(overlay::draw);
        fileView.setOverlay(overlay);
    }

    private void refresh() {
        long gen = ++generation;
        shown.set(null);
        picture.setImage(null);
        picture.setVisible(false);
        picture.setManaged(false);
        overlay.draw();
        Identification id = current;
        if (!toggle.isSelected() || id == null || id.prediction().window().isEmpty()) {
            caption.setText("");
            return;
        }
        caption.setText(m.getValue().get("desk.why.working"));
        CompletableFuture<Object[]> work = CompletableFuture.supplyAsync(() -> {
            try {
                return explain(id);
            } catch (ClassifierException e) {
                throw new CompletionException(e);
            }
        }, scan.explainWorker);
        FxThread.whenDone(work, (r, error) -> {
            if (gen != generation) {
                return;
            }
            if (error != null) {
                LOG.debug("why failed", error);
                caption.setText(m.getValue().get("desk.why.failed", error.getMessage()));
                return;
            }
            Explanation e = (Explanation) r[0];
            BufferedImage img = (BufferedImage) r[1];
            WritableImage fx = new WritableImage(img.getWidth(), img.getHeight());
            int[] argb = img.getRGB(0, 0, img.getWidth(), img.getHeight(), null, 0, img.getWidth());
            fx.getPixelWriter().setPixels(0, 0, img.getWidth(), img.getHeight(), PixelFormat.getIntArgbInstance(),
                    argb, 0, img.getWidth());
            picture.setImage(fx);
            // a file's result is explained over the file's own spectrogram; the side picture is for live results
            picture.setVisible(fileOffset < 0);
            picture.setManaged(fileOffset < 0);
            shown.set(e);
            Messages words = m.getValue();
            caption.setText(words.get("desk.why.caption", words.label(e.label()), e.windowStart(), e.windowEnd(),
                    e.timePatches() * e.bands() + 1, e.elapsed().toMillis() / 1000.0));
            overlay.draw();
        });
    }

    /** On the explain worker: the explanation and its picture. */
    private Object[] explain(Identification id) throws ClassifierException {
        WindowClassifier model = scan.model();
        AudioClip clip = id.clip();
        if (clip.sampleRate() != model.sampleRate()) {
            throw new ClassifierException(ClassifierException.Reason.BAD_INPUT,
                    "the clip is not at the model's rate (" + clip.sampleRate() + " Hz)");
        }
        Prediction p = id.prediction();
        Explanation e = new OcclusionExplainer(model).explain(clip.samples(),
                p.window().orElseThrow().startSeconds(), p.label());
        Spectrogram sg = new SpectrogramAnalyzer(SpectrogramConfig.DEFAULT.withSampleRate(clip.sampleRate()))
                .analyze(clip);
        BufferedImage img = SpectrogramPng.render(sg, SpectrogramPng.Options.figure().withSize(680, 340), e);
        return new Object[] {e, img};
    }

    /** The same explanation over the file's spectrogram: what did not matter dimmed, patch by patch. */
    final class Overlay extends Region {
        private final Canvas canvas = new Canvas();

        Overlay() {
            getChildren().add(canvas);
            setId("why-overlay");
        }

        @Override
        protected void layoutChildren() {
            if (canvas.getWidth() != getWidth() || canvas.getHeight() != getHeight()) {
                canvas.setWidth(getWidth());
                canvas.setHeight(getHeight());
                draw();
            }
        }

        boolean showing() {
            return shown.get() != null && fileOffset >= 0 && toggle.isSelected();
        }

        void draw() {
            GraphicsContext g = canvas.getGraphicsContext2D();
            double w = canvas.getWidth();
            double h = canvas.getHeight();
            g.clearRect(0, 0, w, h);
            if (!showing() || w <= 0) {
                return;
            }
            Explanation e = shown.get();
            Rectangle2D plot = new Rectangle2D(0, 0, w, h);
            double s0 = fileView.viewStart();
            double s1 = fileView.viewEnd();
            java.util.function.DoubleUnaryOperator x = t -> (t + fileOffset - s0) / Math.max(1e-9, s1 - s0) * w;
            double max = Math.max(1e-6, e.maxDrop());
            double dim = 0.72;
            // outside the window: dimmed
            double wx0 = Math.max(0, x.applyAsDouble(e.windowStart()));
            double wx1 = Math.min(w, x.applyAsDouble(e.windowEnd()));
            g.setFill(Color.rgb(0, 0, 0, dim));
            g.fillRect(0, 0, Math.max(0, wx0), h);
            g.fillRect(wx1, 0, Math.max(0, w - wx1), h);
            for (int t = 0; t < e.timePatches(); t++) {
                double x0 = x.applyAsDouble(e.timeEdges()[t]);
                double x1 = x.applyAsDouble(e.timeEdges()[t + 1]);
                if (x1 < 0 || x0 > w) {
                    continue;
                }
                for (int f = 0; f < e.bands(); f++) {
                    double weight = Math.max(0, e.drop()[t][f]) / max;
                    double y0 = h - fileView.yFractionOf(e.freqEdges()[f + 1]) * h;
                    double y1 = h - fileView.yFractionOf(e.freqEdges()[f]) * h;
                    g.setFill(Color.rgb(0, 0, 0, dim * (1 - weight)));
                    g.fillRect(x0, Math.min(y0, y1), x1 - x0, Math.abs(y1 - y0));
                }
            }
            g.setStroke(Color.web("#4dd0e1"));
            g.setLineWidth(2);
            g.setLineDashes(6, 4);
            g.strokeRect(wx0 + 1, plot.getMinY() + 1, Math.max(1, wx1 - wx0 - 2), h - 2);
            g.setLineDashes();
        }
    }

}
