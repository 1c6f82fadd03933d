package org.sonicsight.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Optional;
import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sonicsight.core.backend.LocalModel;
import org.sonicsight.core.classify.Prediction;
import org.sonicsight.core.classify.Verdict;
import org.sonicsight.testsupport.TestEnv;
import org.testfx.api.FxRobot;

/**
 * The whole desktop flow without the mouse, in German (--lang de): Ctrl+O opens a file, the arrows and
 * Shift+arrows select a span on its spectrogram, Space identifies the span, Ctrl+H opens the history with the
 * answer selected and the arrows move through it, Esc closes it. Only the native file dialog is replaced (TestFX
 * cannot type into GTK's dialog); everything else is the real window, real keys, the real model.
 */
class KeyboardAccessTest {

    @TempDir
    Path tmp;

    private final FxRobot robot = new FxRobot();
    private DesktopHarness app;

    @AfterEach
    void stop() throws Exception {
        if (app != null) {
            app.close();
        }
    }

    @Test
    void openSelectIdentifyAndHistoryFromTheKeyboard() throws Exception {
        Path dog = TestEnv.fixture("dog_bark_esc50_22050hz_mono.wav");
        DesktopHarness.saveSnapshotSeconds(tmp, 1);
        app = DesktopHarness.start(tmp, "--lang", "de", "--demo", dog.toString());
        DesktopHarness.fx(() -> {
            app.window.fileChooser = stage -> Optional.of(dog);
            app.stage.toFront();
            app.window.scene.getRoot().requestFocus();
        });
        assertEquals("de", app.vm().m().tag());
        // --lang de: the desktop speaks German, for the eyes and for screen readers.
        assertEquals("Öffnen …", app.window.root.lookup("#open") instanceof javafx.scene.control.Button b ? b.getText()
                : "");
        assertEquals("Aufnehmen & erkennen", app.window.record.getText());
        assertEquals("Einen Ausschnitt aufnehmen und erkennen (Leertaste)", app.window.record.getAccessibleHelp());
        assertEquals("Live-Spektrogramm", app.window.liveView.getAccessibleText());

        robot.press(KeyCode.CONTROL, KeyCode.O).release(KeyCode.O, KeyCode.CONTROL);
        DesktopHarness.waitUntil(20, "the file opened", () -> app.vm().openedFile.get() != null
                && app.window.fileView.spectrogram() != null);
        DesktopHarness.waitUntil(5, "focus on the file's spectrogram", () -> app.window.fileView.isFocused());

        // 5 s on screen, a step is a fiftieth of the view: 10 steps right, then 20 more with Shift.
        for (int i = 0; i < 10; i++) {
            robot.type(KeyCode.RIGHT);
        }
        robot.press(KeyCode.SHIFT);
        for (int i = 0; i < 20; i++) {
            robot.type(KeyCode.RIGHT);
        }
        robot.release(KeyCode.SHIFT);
        Prediction.TimeSpan span = app.window.fileView.selectionProperty().get().orElseThrow();
        assertEquals(1.0, span.startSeconds(), 0.02);
        assertEquals(3.0, span.endSeconds(), 0.02);

        robot.type(KeyCode.SPACE);
        DesktopHarness.waitUntil(30, "an answer", () -> app.vm().phase.get() == MainViewModel.Phase.RESULT
                || app.vm().phase.get() == MainViewModel.Phase.ERROR);
        assertEquals(MainViewModel.Phase.RESULT, app.vm().phase.get(), app.vm().status.get());
        assertTrue(app.window.resultView.getAccessibleText().startsWith(app.window.resultView.verdictText() + ". "),
                "the answer is what a screen reader hears: " + app.window.resultView.getAccessibleText());
        assertTrue(app.vm().result.get().source().contains("(1,0–3,0 s)"),
                "the selected span, in German numbers: " + app.vm().result.get().source());
        if (LocalModel.isPresent()) {
            assertEquals(Verdict.DOG, app.vm().result.get().prediction().verdict());
            assertEquals("Hund", app.window.resultView.verdictText());
        }
        DesktopHarness.waitUntil(10, "saved to the history", () -> !app.vm().history.isEmpty());

        robot.press(KeyCode.CONTROL, KeyCode.H).release(KeyCode.H, KeyCode.CONTROL);
        DesktopHarness.waitUntil(10, "the history, focused", () -> app.window.historyWindowForTests() != null
                && app.window.historyWindowForTests().isShowing()
                && app.window.historyWindowForTests().table.isFocused());
        HistoryWindow history = app.window.historyWindowForTests();
        assertEquals(0, history.table.getSelectionModel().getSelectedIndex(), "the newest answer is selected");
        assertTrue(history.table.getSelectionModel().getSelectedItem().source().contains("1,0–3,0 s"));
        robot.type(KeyCode.DOWN);
        robot.type(KeyCode.UP);
        assertEquals(0, history.table.getSelectionModel().getSelectedIndex());
        robot.type(KeyCode.ESCAPE);
        DesktopHarness.waitUntil(5, "the history closed by Esc", () -> !history.isShowing());
    }

    /** High contrast and larger text (View menu, Ctrl+=), saved with the settings; the screenshot for the README. */
    @Test
    void highContrastAndLargerText() throws Exception {
        Path dog = TestEnv.fixture("dog_bark_esc50_22050hz_mono.wav");
        DesktopHarness.saveSettings(tmp, org.sonicsight.core.settings.Settings.DEFAULTS
                .withTheme(org.sonicsight.core.settings.Settings.Theme.HIGH_CONTRAST));
        app = DesktopHarness.start(tmp, dog.toString());
        DesktopHarness.waitUntil(20, "the file opened", () -> app.window.fileView.spectrogram() != null);
        assertTrue(app.window.root.getStyleClass().containsAll(java.util.List.of("dark", "high-contrast")));
        double before = app.window.record.getFont().getSize();
        DesktopHarness.fx(() -> app.stage.toFront());
        robot.press(KeyCode.CONTROL, KeyCode.EQUALS).release(KeyCode.EQUALS, KeyCode.CONTROL);
        DesktopHarness.waitUntil(5, "larger text", () -> app.vm().settings.get().textScale() > 1.1);
        DesktopHarness.fx(() -> app.window.root.applyCss());
        assertTrue(app.window.record.getFont().getSize() > before * 1.1,
                before + " -> " + app.window.record.getFont().getSize());
        robot.type(KeyCode.SPACE);
        DesktopHarness.waitUntil(30, "an answer", () -> app.vm().phase.get() == MainViewModel.Phase.RESULT
                || app.vm().phase.get() == MainViewModel.Phase.ERROR);
        DesktopHarness.waitUntil(5, "the settings saved", () -> new org.sonicsight.core.settings.SettingsStore(
                org.sonicsight.core.settings.AppPaths.under(tmp)).load().textScale() > 1.1);
        javafx.scene.image.WritableImage[] image = new javafx.scene.image.WritableImage[1];
        DesktopHarness.fx(() -> image[0] = app.window.scene.snapshot(null));
        java.nio.file.Files.createDirectories(Path.of("target", "desktop-screenshots"));
        javax.imageio.ImageIO.write(javafx.embed.swing.SwingFXUtils.fromFXImage(image[0], null), "png",
                Path.of("target", "desktop-screenshots", "desktop-high-contrast.png").toFile());
    }
}
