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
}
