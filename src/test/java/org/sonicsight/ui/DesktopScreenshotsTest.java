package org.sonicsight.ui;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.Scene;
import javafx.scene.control.DialogPane;
import javafx.scene.image.WritableImage;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sonicsight.core.classify.ClassScore;
import org.sonicsight.core.backend.LocalModel;
import org.sonicsight.core.classify.Prediction;
import org.sonicsight.core.classify.Verdict;
import org.sonicsight.testsupport.TestEnv;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;

/**
 * Regenerates docs/screenshots/desktop-*.png (run by docs/screenshots/regenerate.sh under Xvfb).
 * Skipped unless -Dsonicsight.screenshots.dir is given: it is a tool, not a check.
 */
class DesktopScreenshotsTest {

    @TempDir
    Path tmp;

    @Test
    void screenshots() throws Exception {
        String dir = System.getProperty("sonicsight.screenshots.dir");
        Assumptions.assumeTrue(dir != null && !dir.isBlank(), "screenshots only on request");
        Path out = Path.of(dir);
        Files.createDirectories(out);
        FxRobot robot = new FxRobot();
        try (DesktopHarness app = DesktopHarness.start(tmp, "--demo",
                TestEnv.fixture("dog_bark_esc50_22050hz_mono.wav").toString())) {
            DesktopHarness.fx(() -> app.stage.setMaximized(false));
            DesktopHarness.waitUntil(20, "live columns", () -> app.window.liveView.columnsWritten() > 300);
            save(app.window.scene, out.resolve("desktop-live.png"));

            DesktopHarness.fx(() -> app.window.open(TestEnv.fixture("dog_bark_esc50_22050hz_mono.wav")));
            DesktopHarness.waitUntil(20, "file", () -> app.vm().openedFile.get() != null);
            if (LocalModel.isPresent()) {
                robot.clickOn("#identify-file");
                DesktopHarness.waitUntil(30, "result", () -> app.vm().phase.get() == MainViewModel.Phase.RESULT);
            } else {
                // No model on this branch yet: show the result layout with a hand-made prediction (README says so).
                Prediction sample = new Prediction("dog", 0.91, List.of(new ClassScore("dog", 0.91),
                        new ClassScore("other", 0.06), new ClassScore("cat", 0.03)), Verdict.DOG, false,
                        "local model (sample values)", Duration.ofMillis(18), Optional.empty(), Optional.empty());
                DesktopHarness.fx(() -> app.vm().result.set(new Identification(sample, app.vm().openedFile.get().clip(),
                        "File: dog_bark_esc50_22050hz_mono.wav", "")));
            }
            DesktopHarness.fx(() -> app.window.fileView.select(Optional.of(new Prediction.TimeSpan(0.4, 2.2))));
            save(app.window.scene, out.resolve("desktop-result.png"));

            robot.clickOn("#settings");
            robot.clickOn("#backend-space");
            DesktopHarness.fx(() -> robot.lookup("#space-field").queryAs(javafx.scene.control.TextField.class)
                    .setText("http://127.0.0.1:9"));
            robot.clickOn("#test-connection");
            DesktopHarness.waitUntil(20, "connection result",
                    () -> !robot.lookup("#connection-result").queryAs(javafx.scene.control.Label.class).getText()
                            .startsWith("Connecting"));
            robot.sleep(700); // the dialog grows to fit the message; let the window manager's resize land first
            org.testfx.util.WaitForAsyncUtils.waitForFxEvents();
            DialogPane settings = robot.lookup(".settings-dialog").queryAs(DialogPane.class);
            save(settings.getScene(), out.resolve("desktop-settings.png"));
            robot.clickOn("Cancel");

            Path bad = tmp.resolve("broken.wav");
            Files.writeString(bad, "RIFF....WAVEjunk that is not audio");
            DesktopHarness.fx(() -> app.window.open(bad));
            DesktopHarness.waitUntil(10, "error dialog", () -> robot.lookup("#error-dialog").tryQuery().isPresent());
            DialogPane error = robot.lookup("#error-dialog").queryAs(DialogPane.class);
            save(error.getScene(), out.resolve("desktop-error.png"));
            robot.clickOn("OK");
        }
        assertTrue(Files.size(out.resolve("desktop-live.png")) > 10_000);
    }

    /**
     * Listening screenshots: desktop-listening.png (markers, the side panel, a "what was that?" box) and
     * kiosk-800x480-listening.png, from a recording with a dog, a cat and another dog.
     */
    @Test
    void listeningScreenshots() throws Exception {
        String dir = System.getProperty("sonicsight.screenshots.dir");
        Assumptions.assumeTrue(dir != null && !dir.isBlank(), "screenshots only on request");
        Assumptions.assumeTrue(LocalModel.isPresent(), "listening needs the model");
        Path out = Path.of(dir);
        Files.createDirectories(out);
        Path wav = tmp.resolve("dog-cat-dog.wav");
        int rate = 22050;
        float[] mix = new float[rate * 26];
        java.util.Random random = new java.util.Random(8);
        for (int i = 0; i < mix.length; i++) {
            mix[i] = (float) (random.nextGaussian() * 2e-3);
        }
        addAt(mix, "dog_bark_kaggle_16000hz_mono.wav", 1.0, rate);
        addAt(mix, "cat_meow_esc50_22050hz_mono.wav", 8.0, rate);
        addAt(mix, "dog_bark_esc50_22050hz_mono.wav", 17.0, rate);
        org.sonicsight.core.audio.WavWriter.write(new org.sonicsight.core.audio.AudioClip(mix, rate, "demo"), wav);

        try (DesktopHarness app = DesktopHarness.start(tmp.resolve("desktop"), "--demo", wav.toString(), "--listen")) {
            DesktopHarness.fx(() -> app.stage.setMaximized(false));
            DesktopHarness.waitUntil(40, "a dog and a cat heard", () -> app.vm().heard.size() >= 2);
            DesktopHarness.waitUntil(20, "the second dog", () -> app.vm().live().samplesWritten() >= 19L * rate);
            new FxRobot().type(javafx.scene.input.KeyCode.SPACE); // what was that?
            DesktopHarness.waitUntil(30, "result", () -> app.vm().phase.get() == MainViewModel.Phase.RESULT);
            org.testfx.util.WaitForAsyncUtils.waitForFxEvents();
            save(app.window.scene, out.resolve("desktop-listening.png"));
        }
        try (DesktopHarness kiosk = DesktopHarness.start(tmp.resolve("kiosk"), "--kiosk-size", "800x480", "--demo",
                wav.toString(), "--listen")) {
            DesktopHarness.waitUntil(40, "a dog and a cat heard", () -> kiosk.vm().heard.size() >= 2);
            org.testfx.util.WaitForAsyncUtils.waitForFxEvents();
            save(kiosk.window.scene, out.resolve("kiosk-800x480-listening.png"));
        }
    }

    private static void addAt(float[] mix, String fixture, double seconds, int rate) throws Exception {
        float[] clip = org.sonicsight.core.audio.AudioDecoder.readAll(TestEnv.fixture(fixture), rate).samples();
        int at = (int) (seconds * rate);
        for (int i = 0; i < clip.length && at + i < mix.length; i++) {
            mix[at + i] += clip[i];
        }
    }

    private static void save(Scene scene, Path file) throws Exception {
        WritableImage[] image = new WritableImage[1];
        FxToolkit.setupFixture(() -> image[0] = scene.snapshot(null));
        ImageIO.write(SwingFXUtils.fromFXImage(image[0], null), "png", file.toFile());
    }
}
