package org.sonicsight.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import javafx.scene.Node;
import javafx.scene.control.DialogPane;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sonicsight.core.classify.ClassScore;
import org.sonicsight.core.backend.LocalModel;
import org.sonicsight.core.classify.Prediction;
import org.sonicsight.core.classify.Verdict;
import org.sonicsight.core.history.HistoryEntry;
import org.sonicsight.core.history.HistoryStore;
import org.sonicsight.core.settings.AppPaths;
import org.sonicsight.core.settings.Settings;
import org.sonicsight.core.settings.SettingsStore;
import org.sonicsight.testsupport.TestEnv;
import org.testfx.api.FxRobot;
import org.sonicsight.core.live.LiveAnalyzer;

/**
 * Real flows through the real window (headless Monocle by default, a real X
 * server under .ci/test): live view from the virtual microphone, record and
 * identify, open a file, bad file, backend switch with a Space that is down,
 * history across a restart. Labels are asserted when the embedded model is
 * in the build; without it, the app must say so in words instead.
 */
class DesktopAppTest {

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

    private void shortSnapshots() {
        DesktopHarness.saveSnapshotSeconds(tmp, 1);
    }

    private String text(String id) {
        return robot.lookup(id).queryAs(Label.class).getText();
    }

    @Test
    void demoFeedsTheLiveViewAndRecordAndIdentifyAnswers() throws Exception {
        shortSnapshots();
        Path dog = TestEnv.fixture("dog_bark_esc50_22050hz_mono.wav");
        app = DesktopHarness.start(tmp, "--demo", dog.toString());
        DesktopHarness.waitUntil(10, "live columns", () -> app.window.liveView.columnsWritten() > 20);
        assertTrue(app.vm().input.get().startsWith(MainViewModel.DEMO_PREFIX));

        robot.type(javafx.scene.input.KeyCode.SPACE); // the shortcut, wherever the focus is
        DesktopHarness.waitUntil(30, "an answer or an error", () -> app.vm().phase.get() == MainViewModel.Phase.RESULT
                || app.vm().phase.get() == MainViewModel.Phase.ERROR);
        if (LocalModel.isPresent()) {
            assertEquals(MainViewModel.Phase.RESULT, app.vm().phase.get(), app.vm().status.get());
            Identification id = app.vm().result.get();
            assertEquals(22050, id.clip().sampleRate());
            assertEquals(22050, id.clip().samples().length, "one second snapshot");
            assertTrue(text("#backend").startsWith("Answered by local model"), text("#backend"));
            DesktopHarness.waitUntil(10, "history entry", () -> app.vm().history.size() == 1);
        } else {
            assertEquals(MainViewModel.Phase.ERROR, app.vm().phase.get());
            assertTrue(app.vm().status.get().contains("No local model"), app.vm().status.get());
            assertTrue(app.vm().history.isEmpty());
        }
        assertFalse(app.window.record.isDisabled(), "ready for the next recording");
    }

    /**
     * "What was that?": the virtual microphone plays a bark; Record &amp; Identify is pressed 1 s after the bark
     * ended; the answer is dog at once, from the seconds before the press, and the box drawn on the live
     * spectrogram covers the bark.
     */
    @Test
    void pressedAfterTheBarkItAnswersDogAndBoxesTheBark() throws Exception {
        int rate = 22050;
        float[] bark = org.sonicsight.core.audio.AudioDecoder.readAll(
                TestEnv.fixture("dog_bark_kaggle_16000hz_mono.wav"), rate).samples();
        float[] mix = new float[rate * 40];
        java.util.Random random = new java.util.Random(2);
        for (int i = 0; i < mix.length; i++) {
            mix[i] = (float) (random.nextGaussian() * 1e-3);
        }
        int at = 4 * rate;
        for (int i = 0; i < bark.length; i++) {
            mix[at + i] += bark[i];
        }
        int[] audible = org.sonicsight.testsupport.BarkFixture.audible(bark);
        long barkStart = at + audible[0];
        long barkEnd = at + audible[1];
        Path wav = tmp.resolve("bark-then-quiet.wav");
        org.sonicsight.core.audio.WavWriter.write(new org.sonicsight.core.audio.AudioClip(mix, rate, "test"), wav);
        assertEquals(Settings.SnapshotMode.PAST_THEN_NEXT, Settings.DEFAULTS.snapshotMode());
        assertEquals(5.0, Settings.DEFAULTS.snapshotSeconds());
        DesktopHarness.saveSettings(tmp, Settings.DEFAULTS);
        app = DesktopHarness.start(tmp, "--demo", wav.toString());
        LiveAnalyzer live = app.vm().live();

        long pressAt = barkEnd + rate; // 1 s after the bark ended
        DesktopHarness.waitUntil(30, "1 s after the bark", () -> live.samplesWritten() >= pressAt);
        long pressed = live.samplesWritten();
        robot.type(javafx.scene.input.KeyCode.SPACE);
        DesktopHarness.waitUntil(30, "an answer", () -> app.vm().phase.get() == MainViewModel.Phase.RESULT
                || app.vm().phase.get() == MainViewModel.Phase.ERROR);
        assertEquals(MainViewModel.Phase.RESULT, app.vm().phase.get(), app.vm().status.get());
        Identification id = app.vm().result.get();
        assertEquals(Verdict.DOG, id.prediction().verdict(), id.prediction().toString());
        assertTrue(id.source().contains("before the press"), id.source());
        long answeredAt = live.samplesWritten();
        // Well before another 5 s could have been recorded (the model loads on first use, so not instantly).
        assertTrue(answeredAt - pressed < 4 * rate, "answered at once, not after recording 5 s more: "
                + (answeredAt - pressed) / (double) rate + " s");

        LiveSpectrogramView.Marker box = app.vm().analysedSpan.get();
        assertTrue(box != null, "a box over what was analysed");
        assertTrue(box.startSample() <= barkStart && box.endSample() >= barkEnd,
                "box " + box + " covers the bark " + barkStart + "-" + barkEnd);
        assertEquals(5.0, (box.endSample() - box.startSample()) / (double) rate, 0.01);
        assertTrue(box.label().startsWith("Dog "), box.label());
        DesktopHarness.waitUntil(5, "the box on screen", () -> app.window.liveView.markerBounds(box).isPresent());
        javafx.geometry.Rectangle2D onScreen = app.window.liveView.markerBounds(box).orElseThrow();
        double pxPerSecond = onScreen.getWidth() / 5.0;
        assertTrue(pxPerSecond > 10, "a box of visible width: " + onScreen);
        DesktopHarness.waitUntil(10, "history entry", () -> app.vm().history.size() == 1);
    }

    /** A recording for the live tests: faint room noise with the Kaggle bark at {@code barkAt} seconds. */
    private long[] writeBarkRecording(Path wav, double seconds, double barkAt) throws Exception {
        int rate = 22050;
        float[] bark = org.sonicsight.core.audio.AudioDecoder.readAll(
                TestEnv.fixture("dog_bark_kaggle_16000hz_mono.wav"), rate).samples();
        float[] mix = new float[(int) (rate * seconds)];
        java.util.Random random = new java.util.Random(2);
        for (int i = 0; i < mix.length; i++) {
            mix[i] = (float) (random.nextGaussian() * 1e-3);
        }
        int at = (int) (barkAt * rate);
        for (int i = 0; i < bark.length; i++) {
            mix[at + i] += bark[i];
        }
        int[] audible = org.sonicsight.testsupport.BarkFixture.audible(bark);
        org.sonicsight.core.audio.WavWriter.write(new org.sonicsight.core.audio.AudioClip(mix, rate, "test"), wav);
        return new long[] {at + audible[0], at + audible[1]};
    }

    /**
     * Continuous listening: started with --listen on a virtual microphone that barks once, the bark becomes an
     * event in the side panel, a marker on the live spectrogram where the bark is, and a history entry with its
     * audio; Delete removes it from both; the toggle stops listening.
     */
    @Test
    void listeningMarksTheBarkListsItAndSavesItsAudio() throws Exception {
        Path wav = tmp.resolve("one-bark.wav");
        long[] bark = writeBarkRecording(wav, 30, 2.0);
        app = DesktopHarness.start(tmp, "--demo", wav.toString(), "--listen");
        DesktopHarness.waitUntil(30, "an event heard", () -> !app.vm().heard.isEmpty());
        HeardEvent h = app.vm().heard.get(0);
        assertEquals(Verdict.DOG, h.event().verdict(), h.toString());
        assertTrue(h.startSample() < bark[1] + 22050 && h.endSample() > bark[0] - 22050,
                "event " + h.startSample() + "-" + h.endSample() + " overlaps the bark " + bark[0] + "-" + bark[1]);
        assertTrue(app.window.listen.isSelected());
        assertEquals(1, app.window.heardList.getItems().size());
        assertTrue(app.window.liveView.markers().contains(h.marker()), app.window.liveView.markers().toString());
        DesktopHarness.waitUntil(5, "the marker on screen", () -> app.window.liveView.markerBounds(h.marker()).isPresent());

        HistoryEntry entry = h.saved().get(10, java.util.concurrent.TimeUnit.SECONDS);
        assertEquals("dog", entry.verdict());
        Path audio = app.vm().historyStore().audio(entry).orElseThrow();
        double saved = org.sonicsight.core.audio.AudioDecoder.readAll(audio, 0).durationSeconds();
        double expected = (h.endSample() - h.startSample()) / 22050.0 + 2 * MainViewModel.HEARD_MARGIN_SECONDS;
        assertEquals(expected, saved, 0.05, "the event's audio with a second either side");
        DesktopHarness.waitUntil(10, "in the history list", () -> app.vm().history.stream()
                .anyMatch(e -> e.id().equals(entry.id())));

        DesktopHarness.fx(() -> app.vm().deleteHeard(h));
        DesktopHarness.waitUntil(10, "deleted", () -> app.vm().history.stream().noneMatch(e -> e.id().equals(entry.id())));
        assertTrue(app.vm().heard.isEmpty());
        assertTrue(app.vm().historyStore().get(entry.id()).isEmpty());

        DesktopHarness.fx(() -> app.window.listen.setSelected(false));
        assertFalse(app.vm().listening.get());
    }

    @Test
    void openedFileShowsItsSpectrogramAndIsIdentified() throws Exception {
        Path cat = TestEnv.fixture("cat_meow_esc50_22050hz_mono.wav");
        app = DesktopHarness.start(tmp, cat.toString());
        DesktopHarness.waitUntil(20, "file opened", () -> app.vm().openedFile.get() != null);
        OpenedFile file = app.vm().openedFile.get();
        assertEquals(5.0, file.spectrogram().durationSeconds(), 0.1);
        assertTrue(app.window.fileView.isVisible());
        assertFalse(app.window.liveView.isVisible());

        robot.clickOn("#identify-file");
        DesktopHarness.waitUntil(30, "an answer or an error", () -> app.vm().phase.get() == MainViewModel.Phase.RESULT
                || app.vm().phase.get() == MainViewModel.Phase.ERROR);
        if (LocalModel.isPresent()) {
            Prediction p = app.vm().result.get().prediction();
            assertEquals(Verdict.CAT, p.verdict());
            assertEquals("cat", p.label());
            // A meow the model is only fairly sure of is shown as "Not sure" rather than as a confident cat.
            assertEquals(p.unsure() ? "Not sure" : "Cat", text("#verdict"));
        } else {
            assertTrue(app.vm().status.get().contains("No local model"), app.vm().status.get());
            assertEquals("Could not identify the sound", text("#verdict"));
        }
    }

    @Test
    void openingALongFileShowsProgressAndCanBeCancelled() throws Exception {
        // 20 minutes of quiet noise: long enough that analysis is still running when Cancel arrives.
        float[] samples = new float[22050 * 60 * 20];
        java.util.Random random = new java.util.Random(1);
        for (int i = 0; i < samples.length; i++) {
            samples[i] = (float) (random.nextGaussian() * 0.01);
        }
        Path longFile = tmp.resolve("long.wav");
        org.sonicsight.core.audio.WavWriter.write(new org.sonicsight.core.audio.AudioClip(samples, 22050, "noise"), longFile);
        app = DesktopHarness.start(tmp);
        java.util.List<Double> progress = new java.util.concurrent.CopyOnWriteArrayList<>();
        DesktopHarness.fx(() -> {
            app.vm().progress.addListener((o, a, b) -> progress.add(b.doubleValue()));
            app.window.open(longFile);
        });
        DesktopHarness.waitUntil(20, "some progress", () -> progress.stream().anyMatch(p -> p > 0.02 && p < 0.9));
        assertTrue(app.window.cancel.isVisible());
        robot.clickOn("#cancel");
        DesktopHarness.waitUntil(20, "cancelled", () -> app.vm().phase.get() == MainViewModel.Phase.IDLE);
        assertEquals("Opening cancelled.", app.vm().status.get());
        assertTrue(app.vm().openedFile.get() == null);
        assertFalse(app.window.cancel.isVisible());
    }

    @Test
    void badFileShowsAnErrorDialogAndTheAppStaysAlive() throws Exception {
        Path bad = tmp.resolve("not-audio.wav");
        Files.writeString(bad, "this is not a WAV file at all, just text pretending to be one");
        app = DesktopHarness.start(tmp);
        DesktopHarness.fx(() -> app.window.open(bad));
        DesktopHarness.waitUntil(10, "error dialog", () -> robot.lookup("#error-dialog").tryQuery().isPresent());
        DialogPane dialog = robot.lookup("#error-dialog").queryAs(DialogPane.class);
        assertTrue(dialog.getHeaderText().contains("not-audio.wav"), dialog.getHeaderText());
        assertFalse(dialog.getContentText().isBlank());
        assertFalse(dialog.getContentText().contains("Exception"), dialog.getContentText());
        robot.clickOn("OK");
        assertTrue(app.stage.isShowing());
        assertFalse(app.window.record.isDisabled());
        // Still usable: a good file opens afterwards.
        DesktopHarness.fx(() -> app.window.open(TestEnv.fixture("rain_esc50_22050hz_mono.wav")));
        DesktopHarness.waitUntil(20, "good file opened", () -> app.vm().openedFile.get() != null);
    }

    @Test
    void switchingToASpaceThatIsDownFallsBackToTheLocalModelWithAMessage() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        String url = "http://127.0.0.1:" + closedPort;
        app = DesktopHarness.start(tmp, TestEnv.fixture("dog_bark_esc50_22050hz_mono.wav").toString());
        DesktopHarness.waitUntil(20, "file opened", () -> app.vm().openedFile.get() != null);

        // Through the settings dialog, as a user would.
        robot.clickOn("#settings");
        robot.clickOn("#backend-space");
        DesktopHarness.fx(() -> robot.lookup("#space-field").queryAs(javafx.scene.control.TextField.class).setText(url));
        robot.clickOn("#test-connection");
        DesktopHarness.waitUntil(30, "connection result", () -> robot.lookup("#connection-result").queryAs(Label.class)
                .getStyleClass().contains("bad"));
        assertFalse(text("#connection-result").isBlank());
        robot.clickOn("Save");
        assertEquals(Settings.Backend.SPACE, app.vm().settings.get().backend());
        assertEquals(url, app.vm().settings.get().space());
        assertTrue(app.vm().settings.get().fallbackToLocal());

        robot.clickOn("#identify-file");
        DesktopHarness.waitUntil(40, "an answer or an error", () -> app.vm().phase.get() == MainViewModel.Phase.RESULT
                || app.vm().phase.get() == MainViewModel.Phase.ERROR);
        String said = app.vm().phase.get() == MainViewModel.Phase.RESULT ? text("#note") : app.vm().status.get();
        assertTrue(said.startsWith("The Space " + url), said);
        if (LocalModel.isPresent()) {
            assertEquals(Verdict.DOG, app.vm().result.get().prediction().verdict());
            assertTrue(said.contains("The local model answered instead"), said);
            assertTrue(app.vm().result.get().prediction().backend().startsWith("local model"));
        } else {
            assertTrue(said.contains("The local model could not answer either"), said);
        }
        // The choice survives a restart.
        app.close();
        app = null;
        try (SettingsStore reopened = new SettingsStore(AppPaths.under(tmp))) {
            assertEquals(url, reopened.load().space());
        }
    }

    @Test
    void historySurvivesARestartAndCanBeDeleted() throws Exception {
        HistoryStore store = new HistoryStore(AppPaths.under(tmp).historyDir());
        Prediction p = new Prediction("cat", 0.83, List.of(new ClassScore("cat", 0.83), new ClassScore("dog", 0.1)),
                Verdict.CAT, false, "local model test", Duration.ofMillis(12), Optional.empty(), Optional.empty());
        HistoryEntry kept = store.add(HistoryEntry.of(p, "File: cat.wav", "", Instant.now()), null, null);

        app = DesktopHarness.start(tmp);
        DesktopHarness.waitUntil(10, "history loaded", () -> app.vm().history.size() == 1);
        robot.clickOn("#history");
        TableView<?> table = robot.lookup("#history-table").queryAs(TableView.class);
        assertEquals(1, table.getItems().size());
        robot.clickOn((Node) robot.lookup(".table-row-cell").nth(0).query());
        robot.clickOn("#history-delete");
        DesktopHarness.waitUntil(10, "entry deleted", () -> app.vm().history.isEmpty());
        app.close();
        app = null;

        assertTrue(store.list().isEmpty(), "deleted on disk too");
        store.add(HistoryEntry.of(p, "File: again.wav", "", Instant.now()), null, null);
        app = DesktopHarness.start(tmp);
        DesktopHarness.waitUntil(10, "history reloaded", () -> app.vm().history.size() == 1);
        assertEquals("File: again.wav", app.vm().history.get(0).source());
        assertFalse(kept.id().equals(app.vm().history.get(0).id()));
    }
}
