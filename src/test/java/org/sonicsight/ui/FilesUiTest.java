package org.sonicsight.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import javafx.embed.swing.SwingFXUtils;
import javafx.geometry.Bounds;
import javafx.scene.Scene;
import javafx.scene.image.WritableImage;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sonicsight.core.classify.Verdict;
import org.sonicsight.core.detect.DetectedEvent;
import org.sonicsight.core.export.EventFormat;
import org.sonicsight.testsupport.BarkFixture;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;

/**
 * The file timeline and batches in the real window with the shipped model: an opened recording gets its events
 * strip, a click on an event selects it, zoom moves the strip with the spectrogram; a folder becomes a batch
 * table (a broken file marked, the rest scanned) and exports. With -Dsonicsight.screenshots.dir it also saves
 * desktop-timeline.png and desktop-batch.png there.
 */
class FilesUiTest {

    @TempDir
    Path tmp;

    @Test
    void timelineOfAFileAndABatchOfAFolder() throws Exception {
        Path folder = Files.createDirectories(tmp.resolve("recordings/garden"));
        Path wav = folder.resolve("garden-1.wav");
        List<BarkFixture.Span> barks = BarkFixture.write(wav);
        Files.copy(wav, Files.createDirectories(tmp.resolve("recordings/yard")).resolve("yard-1.wav"));
        Files.write(folder.resolve("broken.wav"), "RIFF\0\0\0\0WAVEjunk".getBytes(StandardCharsets.ISO_8859_1));
        Files.writeString(folder.resolve("readme.txt"), "not audio");
        String shots = System.getProperty("sonicsight.screenshots.dir");
        FxRobot robot = new FxRobot();
        try (DesktopHarness app = DesktopHarness.start(tmp.resolve("app"))) {
            DesktopHarness.fx(() -> {
                app.stage.setMaximized(false);
                app.stage.setWidth(1280);
                app.stage.setHeight(720);
            });
            DesktopHarness.fx(() -> app.window.open(wav));
            TimelineViewModel tl = app.window.timeline.vm;
            DesktopHarness.waitUntil(20, "file opened", () -> app.vm().openedFile.get() != null);
            DesktopHarness.waitUntil(120, "timeline scanned", () -> !tl.running.get() && tl.progress.get() == 1);
            assertEquals(barks.size(), tl.events.size(), tl.events.toString());
            for (int i = 0; i < barks.size(); i++) {
                DetectedEvent e = tl.events.get(i);
                assertEquals(Verdict.DOG, e.verdict());
                assertTrue(e.start() < barks.get(i).end() + 1 && e.end() > barks.get(i).start() - 1, e.toString());
            }
            assertTrue(tl.status.get().startsWith("2 dogs, 0 cats"), tl.status.get());

            // click the second event's box on the strip: it is selected on the spectrogram
            DetectedEvent second = tl.events.get(1);
            TimelinePane.Strip strip = app.window.timeline.strip;
            Bounds b = strip.localToScreen(strip.getBoundsInLocal());
            double x = app.window.fileView.xOf((second.start() + second.end()) / 2);
            robot.clickOn(b.getMinX() + x, b.getMinY() + b.getHeight() / 2);
            DesktopHarness.waitUntil(5, "selected", () -> second.equals(tl.selected.get()));
            assertEquals(Optional.of(second.start()),
                    app.window.fileView.selectionProperty().get().map(s -> s.startSeconds()));

            // zoom to 10 s around the first bark: the view and the scroll bar follow
            DetectedEvent first = tl.events.get(0);
            DesktopHarness.fx(() -> app.window.fileView.setView(first.start() - 3, first.start() + 7));
            assertEquals(10, app.window.fileView.viewEnd() - app.window.fileView.viewStart(), 1e-6);
            assertTrue(app.window.timeline.scroll.isVisible());
            DesktopHarness.fx(() -> app.window.timeline.choose(first));
            if (shots != null) {
                // the whole file, the first bark selected; playback has no sound device under Xvfb, and the
                // status line would say so
                DesktopHarness.fx(() -> {
                    app.window.fileView.setView(0, app.window.fileView.duration());
                    app.vm().status.set("");
                });
                save(app.window.scene, Path.of(shots).resolve("desktop-timeline.png"));
            }

            // Save the view as PNG: the spectrogram with its axes, at the view's size
            Path png = tmp.resolve("view.png");
            FxToolkit.setupFixture(() -> app.window.saveViewAsPng(png)).get();
            java.awt.image.BufferedImage saved = ImageIO.read(png.toFile());
            assertEquals((int) app.window.fileView.getWidth(), saved.getWidth());
            assertEquals((int) app.window.fileView.getHeight(), saved.getHeight());
            // the plot is inset for the axes: the left margin holds tick labels, not spectrogram pixels
            javafx.geometry.Rectangle2D plot = AxisPainter.plotArea(saved.getWidth(), saved.getHeight());
            assertTrue(plot.getMinX() > 20, "axes margin");
            java.util.Set<Integer> marginColours = new java.util.HashSet<>();
            for (int y = (int) plot.getMinY(); y < plot.getMaxY(); y++) {
                for (int xx = 0; xx < (int) plot.getMinX() - 2; xx++) {
                    marginColours.add(saved.getRGB(xx, y));
                }
            }
            assertTrue(marginColours.size() > 2, "tick labels drawn in the margin");

            // Why: identify the first bark's stretch, switch the overlay on
            DesktopHarness.fx(() -> app.window.fileView.select(Optional.of(
                    new org.sonicsight.core.classify.Prediction.TimeSpan(first.start() - 1, first.start() + 4))));
            robot.clickOn("#identify-file");
            DesktopHarness.waitUntil(60, "result", () -> app.vm().phase.get() == MainViewModel.Phase.RESULT);
            assertEquals("dog", app.vm().result.get().prediction().label());
            DesktopHarness.fx(() -> app.window.why.toggle.setSelected(true));
            DesktopHarness.waitUntil(60, "why", () -> app.window.why.shown.get() != null);
            assertEquals("dog", app.window.why.shown.get().label());
            assertTrue(app.window.why.shown.get().maxDrop() > 0, "some part of the bark mattered");
            assertTrue(app.window.why.overlay.showing(), "drawn over the file's spectrogram too");
            assertTrue(app.window.why.picture.getImage() != null);
            if (shots != null) {
                DesktopHarness.fx(() -> {
                    app.window.fileView.setView(first.start() - 2, first.start() + 6);
                    app.vm().status.set("");
                });
                save(app.window.scene, Path.of(shots).resolve("desktop-why.png"));
            }
            DesktopHarness.fx(() -> app.window.why.toggle.setSelected(false));
            assertTrue(!app.window.why.overlay.showing(), "the toggle hides it");
            // a Record & Identify result (not a file): the explained picture under the answer, no file overlay
            org.sonicsight.core.audio.AudioClip bark = org.sonicsight.core.audio.AudioDecoder.readAll(
                    org.sonicsight.testsupport.TestEnv.fixture("dog_bark_esc50_22050hz_mono.wav"), 22050);
            org.sonicsight.core.classify.Prediction live;
            try (org.sonicsight.core.classify.onnx.OnnxClassifier m = org.sonicsight.core.backend.LocalModel.open()) {
                live = m.classify(bark);
            }
            DesktopHarness.fx(() -> {
                app.vm().closeFile();
                app.vm().result.set(new Identification(live, bark, "Microphone: test", ""));
                app.window.why.toggle.setSelected(true);
            });
            DesktopHarness.waitUntil(60, "why of a live result", () -> app.window.why.shown.get() != null);
            assertTrue(app.window.why.picture.isVisible(), "the picture under the answer");
            assertTrue(!app.window.why.overlay.showing(), "no file to draw over");
            if (shots != null) {
                DesktopHarness.fx(() -> app.vm().status.set(""));
                save(app.window.scene, Path.of(shots).resolve("desktop-why-live.png"));
            }
            DesktopHarness.fx(() -> app.window.why.toggle.setSelected(false));

            // History: the identification was saved; filter, search, reopen it in the main view, set limits
            DesktopHarness.waitUntil(10, "saved to history", () -> app.vm().history.size() == 1);
            DesktopHarness.fx(() -> app.window.showHistory());
            DesktopHarness.waitUntil(10, "history read", () -> app.vm().history.size() == 1);
            HistoryWindow hw = app.window.historyWindow();
            DesktopHarness.fx(() -> hw.verdict.setValue("Cat"));
            assertEquals(0, hw.shown.size());
            DesktopHarness.fx(() -> hw.verdict.setValue("Dog"));
            assertEquals(1, hw.shown.size());
            DesktopHarness.fx(() -> hw.search.setText("GARDEN-1"));
            assertEquals(1, hw.shown.size());
            DesktopHarness.fx(() -> hw.search.setText("yard"));
            assertEquals(0, hw.shown.size());
            DesktopHarness.fx(() -> {
                hw.search.setText("");
                hw.verdict.setValue("All");
            });
            org.sonicsight.core.history.HistoryEntry entry = hw.shown.get(0);
            DesktopHarness.fx(() -> app.window.reopen(entry));
            DesktopHarness.waitUntil(20, "reopened", () -> app.vm().openedFile.get() != null
                    && app.vm().openedFile.get().name().equals("clip.wav") && app.vm().result.get() != null
                    && app.vm().result.get().source().equals(entry.source()));
            assertEquals("dog", app.vm().result.get().prediction().label());
            DesktopHarness.fx(() -> {
                hw.maxMb.getValueFactory().setValue(0);
                hw.maxDays.getValueFactory().setValue(30);
            });
            assertEquals(0, FxToolkit.setupFixture(() -> hw.applyLimits(app.vm())).get());
            assertEquals(new org.sonicsight.core.history.HistoryLimits(0, 30), app.vm().historyStore().limits());
            DesktopHarness.fx(hw::close);

            // a batch of the whole folder tree
            BatchWindow[] bw = new BatchWindow[1];
            DesktopHarness.fx(() -> bw[0] = app.window.showBatch());
            BatchViewModel batch = bw[0].vm;
            DesktopHarness.fx(() -> batch.add(List.of(tmp.resolve("recordings"))));
            DesktopHarness.waitUntil(10, "rows", () -> batch.rows.size() == 3);
            DesktopHarness.waitUntil(180, "batch done", () -> !batch.running.get()
                    && batch.rows.stream().noneMatch(r -> r.state == BatchRow.State.WAITING));
            // sorted: garden/broken.wav, garden/garden-1.wav, yard/yard-1.wav
            assertEquals(BatchRow.State.FAILED, batch.rows.get(0).state);
            assertTrue(batch.rows.get(0).status.get().startsWith("Error:"), batch.rows.get(0).status.get());
            for (BatchRow r : batch.rows.subList(1, 3)) {
                assertEquals(BatchRow.State.DONE, r.state, r.status.get());
                assertEquals(barks.size(), r.dogs.get());
                assertEquals(0, r.cats.get());
                assertEquals(BarkFixture.SECONDS, r.duration.get(), 0.1);
                assertTrue(r.best.get() > 0.5);
            }
            assertEquals("recordings/garden/garden-1.wav", batch.rows.get(1).display);
            assertTrue(batch.status.get().contains("2 of 3 files scanned, 4 events"), batch.status.get());
            Path csv = tmp.resolve("batch.csv");
            FxToolkit.setupFixture(() -> batch.export(csv, EventFormat.CSV)).get();
            List<String> lines = Files.readAllLines(csv);
            assertEquals("file,start,end,verdict,label,confidence", lines.get(0));
            assertEquals(1 + 2 * barks.size(), lines.size(), String.join("\n", lines));
            String raven = FxToolkit.setupFixture(() -> batch.table(EventFormat.RAVEN));
            assertTrue(raven.startsWith("Selection\tView\tChannel\tBegin Time (s)\tEnd Time (s)\tLow Freq (Hz)"
                    + "\tHigh Freq (Hz)"), raven);
            if (shots != null) {
                save(bw[0].getScene(), Path.of(shots).resolve("desktop-batch.png"));
            }

            // double-clicking a row opens that file's timeline in the main window
            DesktopHarness.fx(() -> bw[0].table.getSelectionModel().select(2));
            robot.doubleClickOn(robot.lookup("#batch-table .table-row-cell").nth(2).queryAs(javafx.scene.Node.class));
            DesktopHarness.waitUntil(20, "opened from the batch", () -> app.vm().openedFile.get() != null
                    && app.vm().openedFile.get().name().equals("yard-1.wav"));
            DesktopHarness.waitUntil(5, "its timeline started",
                    () -> tl.file.get() != null && tl.file.get().getFileName().toString().equals("yard-1.wav"));
        }
    }

    @Test
    void zoomingIntoALongFileDrawsTheStretchAtFullResolution() throws Exception {
        // 4 x 45 s: longer than the whole-file picture's 2,400 columns, so it is pooled
        Path one = tmp.resolve("one.wav");
        BarkFixture.write(one);
        float[] s = org.sonicsight.core.audio.AudioDecoder.readAll(one, 22050).samples();
        float[] four = new float[s.length * 4];
        for (int i = 0; i < 4; i++) {
            System.arraycopy(s, 0, four, i * s.length, s.length);
        }
        Path wav = tmp.resolve("three-minutes.wav");
        org.sonicsight.core.audio.WavWriter.write(new org.sonicsight.core.audio.AudioClip(four, 22050, "x"), wav);
        try (DesktopHarness app = DesktopHarness.start(tmp.resolve("app2"))) {
            DesktopHarness.fx(() -> app.window.open(wav));
            DesktopHarness.waitUntil(30, "file opened", () -> app.vm().openedFile.get() != null);
            FileView fv = app.window.fileView;
            assertTrue(fv.pooled(), "a 3-minute file is pooled");
            assertTrue(!fv.detailShown());
            DesktopHarness.fx(() -> fv.setView(94, 104)); // the second copy's first bark
            DesktopHarness.waitUntil(20, "detail", () -> app.window.detail.loads > 0 && fv.detailShown());
            String shots = System.getProperty("sonicsight.screenshots.dir");
            if (shots != null) {
                save(app.window.scene, Path.of(shots).resolve("desktop-zoom-detail.png"));
            }
            // scrolling far away leaves the stretch: the pooled picture again, until the new stretch arrives
            int before = app.window.detail.loads;
            DesktopHarness.fx(() -> fv.setView(160, 170));
            assertTrue(!fv.detailShown(), "the old stretch does not cover the new view");
            DesktopHarness.waitUntil(20, "new detail", () -> app.window.detail.loads > before && fv.detailShown());
            // the whole file again: no detail
            DesktopHarness.fx(() -> fv.setView(0, fv.duration()));
            assertTrue(!fv.detailShown());
        }
    }

    /**
     * A tool, not a check (skipped unless -Dsonicsight.files.long=FILE): opens a long recording, and while its
     * timeline is scanned asks the FX thread to run a no-op every 50 ms, printing how late the worst one ran and
     * how far the scan got; a screenshot mid-scan goes to -Dsonicsight.screenshots.dir if given.
     */
    @Test
    void longFileStaysResponsive() throws Exception {
        String file = System.getProperty("sonicsight.files.long");
        org.junit.jupiter.api.Assumptions.assumeTrue(file != null && !file.isBlank(), "only on request");
        try (DesktopHarness app = DesktopHarness.start(tmp.resolve("app"))) {
            long t0 = System.nanoTime();
            DesktopHarness.fx(() -> app.window.open(Path.of(file)));
            DesktopHarness.waitUntil(600, "file opened", () -> app.vm().openedFile.get() != null);
            System.out.printf("opened in %.1f s%n", (System.nanoTime() - t0) / 1e9);
            TimelineViewModel tl = app.window.timeline.vm;
            long worst = 0;
            long sum = 0;
            int n = 0;
            long until = System.nanoTime() + 120_000_000_000L;
            while (System.nanoTime() < until && (tl.running.get() || n == 0)) {
                long sent = System.nanoTime();
                java.util.concurrent.CountDownLatch ran = new java.util.concurrent.CountDownLatch(1);
                javafx.application.Platform.runLater(ran::countDown);
                ran.await();
                long late = System.nanoTime() - sent;
                worst = Math.max(worst, late);
                sum += late;
                n++;
                Thread.sleep(50);
            }
            System.out.printf("FX thread during the scan: %d pings, mean %.1f ms, worst %.1f ms; scanned %.0f s, "
                    + "%d events so far, status: %s%n", n, sum / 1e6 / n, worst / 1e6, tl.scannedSeconds.get(),
                    tl.events.size(), tl.status.get());
            String shots = System.getProperty("sonicsight.screenshots.dir");
            if (shots != null) {
                save(app.window.scene, Path.of(shots).resolve("desktop-timeline-hour.png"));
            }
        }
    }

    static void save(Scene scene, Path file) throws Exception {
        Files.createDirectories(file.getParent());
        WritableImage[] image = new WritableImage[1];
        FxToolkit.setupFixture(() -> image[0] = scene.snapshot(null));
        ImageIO.write(SwingFXUtils.fromFXImage(image[0], null), "png", file.toFile());
    }
}
