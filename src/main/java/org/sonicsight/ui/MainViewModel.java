package org.sonicsight.ui;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sonicsight.core.audio.AudioClip;
import org.sonicsight.core.audio.AudioDecoder;
import org.sonicsight.core.audio.AudioDevices;
import org.sonicsight.core.audio.AudioInputException;
import org.sonicsight.core.audio.AudioSource;
import org.sonicsight.core.audio.Levels;
import org.sonicsight.core.audio.SampleHistory;
import org.sonicsight.core.audio.FileAudioSource;
import org.sonicsight.core.audio.MicrophoneSource;
import org.sonicsight.core.audio.SampleStream;
import org.sonicsight.core.classify.ClassifierException;
import org.sonicsight.core.classify.Prediction;
import org.sonicsight.core.dsp.Spectrogram;
import org.sonicsight.core.dsp.SpectrogramAnalyzer;
import org.sonicsight.core.dsp.SpectrogramConfig;
import org.sonicsight.core.history.HistoryEntry;
import org.sonicsight.core.i18n.Languages;
import org.sonicsight.core.i18n.Messages;
import org.sonicsight.core.history.HistoryStore;
import org.sonicsight.core.settings.Settings;
import org.sonicsight.core.settings.SettingsStore;
import org.sonicsight.core.live.LiveAnalyzer;
import org.sonicsight.core.config.AnalysisLimits;

/**
 * What the main window shows and the intents it forwards, as observable
 * properties; testable without a stage. All work runs on {@link Workers};
 * results come back through {@link FxThread}.
 */
final class MainViewModel implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MainViewModel.class);

    /** Longest stretch of a file decoded for identification (memory stays bounded for hour-long files). */
    static final double MAX_FILE_SECONDS = AnalysisLimits.DEFAULTS.desktopSeconds();
    /** Columns of a whole-file spectrogram (long files are max-pooled to this). */
    static final int FILE_COLUMNS = 2400;
    static final String DEMO_PREFIX = "Demo file: ";
    /** The "settings are not being saved" notice is up (cleared when a save works again). */
    private boolean settingsNotSaved;

    enum Phase { IDLE, RECORDING, ANALYSING, IDENTIFYING, RESULT, ERROR }

    /** A problem to show the user. Faces decide how to show it by its kind, never by its (translated) title. */
    record Problem(Kind kind, String title, String message, long serial) {

        /** What went wrong, for the face's choice of dialog, notice or card. */
        enum Kind {
            /** A file could not be opened: the desktop shows a dialog naming it. */
            OPEN_FILE,
            /** No input, or the input failed (reopened every few seconds). */
            INPUT,
            /** Continuous listening could not start or stopped. */
            LISTENING,
            /** Recording or identifying failed. */
            IDENTIFY,
            /** The history could not be read, changed or exported. */
            HISTORY,
            /** A picture or a table could not be written. */
            EXPORT,
            /** Settings or the token could not be saved. */
            SETTINGS,
            /** A clip could not be played. */
            PLAYBACK,
            /** The embedded web page could not start. */
            WEB
        }
    }

    final ObjectProperty<Phase> phase = new SimpleObjectProperty<>(Phase.IDLE);
    final DoubleProperty progress = new SimpleDoubleProperty(0);
    final StringProperty status = new SimpleStringProperty("");
    final ObjectProperty<Identification> result = new SimpleObjectProperty<>();
    private final javafx.beans.property.ReadOnlyObjectWrapper<Problem> problemValue =
            new javafx.beans.property.ReadOnlyObjectWrapper<>();
    /** The last problem to show (read-only: {@link #fail} sets it). */
    final javafx.beans.property.ReadOnlyObjectProperty<Problem> problem = problemValue.getReadOnlyProperty();
    final ObjectProperty<Settings> settings = new SimpleObjectProperty<>();
    final ObjectProperty<OpenedFile> openedFile = new SimpleObjectProperty<>();
    /** The live input: what there is, what is open, and reopening it (see {@link InputsViewModel}). */
    final InputsViewModel inputsModel;
    final ObservableList<String> inputs;
    final javafx.beans.property.ReadOnlyStringProperty input;
    /** The identification history (newest first); read-only here, changed by {@link #historyModel}. */
    final ObservableList<HistoryEntry> history;
    /** Loading, saving, deleting and exporting the history. */
    final HistoryViewModel historyModel;
    /** Why the live input is down (it is retried); null while it works. */
    final javafx.beans.property.ReadOnlyStringProperty inputProblem;
    /** What the last Record &amp; Identify analysed, drawn as a labelled box on the live spectrogram; null for none. */
    private final javafx.beans.property.ReadOnlyObjectWrapper<LiveSpectrogramView.Marker> analysedSpanValue =
            new javafx.beans.property.ReadOnlyObjectWrapper<>();
    final javafx.beans.property.ReadOnlyObjectProperty<LiveSpectrogramView.Marker> analysedSpan =
            analysedSpanValue.getReadOnlyProperty();
    /** Continuous listening: on while the detector runs over the live input. */
    final javafx.beans.property.BooleanProperty listening = new javafx.beans.property.SimpleBooleanProperty(false);
    /** What listening heard, newest first (markers on the live view, the side panel). */
    final ObservableList<HeardEvent> heard = FXCollections.observableArrayList();
    /** Events kept in the side panel (and as markers); older ones stay in the history. */
    static final int MAX_HEARD = 50;
    /** Audio saved with a heard event before its start and after its end. */
    static final double HEARD_MARGIN_SECONDS = 1.0;
    /** A lasting problem that does not stop the app (history cannot be saved); null when none. */
    private final javafx.beans.property.ReadOnlyStringWrapper noticeValue = new javafx.beans.property.ReadOnlyStringWrapper();
    final javafx.beans.property.ReadOnlyStringProperty notice = noticeValue.getReadOnlyProperty();
    /**
     * The language the window speaks: {@code --lang} for this run, else the setting, else the system's. Views
     * bind their texts to it, so a change (Settings, the kiosk's switch) relabels everything at once.
     */
    final ObjectProperty<Messages> messages = new SimpleObjectProperty<>(Messages.english());

    /** Opens a live input by its listed name; tests swap in a source that fails. */
    interface SourceOpener {
        AudioSource open(String name) throws AudioInputException;
    }

    /** The real inputs: a demo file looped in real time, or a microphone by name. */
    static final SourceOpener REAL_SOURCES = name -> name.startsWith(DEMO_PREFIX)
            ? new FileAudioSource(Path.of(name.substring(DEMO_PREFIX.length())), 0, true, true)
            : new MicrophoneSource(AudioDevices.find(name));


    private final SpectrogramConfig config = SpectrogramConfig.DEFAULT;
    private final Workers workers;
    private final LiveAnalyzer live;
    private final Identifier identifier;
    private final SettingsStore settingsStore;
    private final HistoryStore historyStore;
    private final Optional<Path> demoFile;
    private final SourceOpener sources;
    private Optional<String> spaceForThisRun = Optional.empty();
    private final AtomicBoolean cancelled = new AtomicBoolean();
    private final AtomicReference<Double> pendingProgress = new AtomicReference<>();
    private final AtomicReference<String> pendingStatus = new AtomicReference<>();
    private long problemSerial;

    MainViewModel(Workers workers, LiveAnalyzer live, Identifier identifier, SettingsStore settingsStore,
                  HistoryStore historyStore, Optional<Path> demoFile) {
        this(workers, live, identifier, settingsStore, historyStore, demoFile, REAL_SOURCES);
    }

    MainViewModel(Workers workers, LiveAnalyzer live, Identifier identifier, SettingsStore settingsStore,
                  HistoryStore historyStore, Optional<Path> demoFile, SourceOpener sources) {
        this.sources = sources;
        this.workers = workers;
        this.live = live;
        this.identifier = identifier;
        this.settingsStore = settingsStore;
        this.historyStore = historyStore;
        this.inputsModel = new InputsViewModel(workers.devices, live, sources, demoFile, new InputsViewModel.Host() {
            @Override
            public Messages words() {
                return m();
            }

            @Override
            public ObjectProperty<Settings> settings() {
                return settings;
            }

            @Override
            public void status(String text) {
                status.set(text);
            }

            @Override
            public void fail(Problem.Kind kind, String title, String message) {
                MainViewModel.this.fail(kind, title, message);
            }

            @Override
            public boolean busy() {
                return MainViewModel.this.busy();
            }
        });
        this.inputs = inputsModel.inputs();
        this.input = inputsModel.input();
        this.inputProblem = inputsModel.inputProblem();
        this.historyModel = new HistoryViewModel(historyStore, workers.storage, config, new HistoryViewModel.Reports() {
            @Override
            public Messages words() {
                return m();
            }

            @Override
            public void fail(Problem.Kind kind, String title, String message) {
                MainViewModel.this.fail(kind, title, message);
            }

            @Override
            public void status(String text) {
                status.set(text);
            }

            @Override
            public void notice(String text) {
                noticeValue.set(text);
            }
        });
        this.history = historyModel.entries();
        this.demoFile = demoFile;
        settings.set(settingsStore.load());
        messages.set(Messages.of(Languages.choose(settings.get().language())));
        settings.addListener((obs, old, now) -> settingsStore.save(now));
        settings.addListener((obs, old, now) -> {
            if (old == null || !old.language().equals(now.language())) {
                messages.set(Messages.of(Languages.choose(now.language())));
            }
        });
        // A full disk or a read-only config folder: say so once, and clear it when a save works again.
        settingsStore.onSaveResult(why -> FxThread.run(() -> {
            if (why != null) {
                noticeValue.set(m().get("desk.notice.settingsNotSaved", why));
                settingsNotSaved = true;
            } else if (settingsNotSaved) {
                settingsNotSaved = false;
                noticeValue.set(null);
            }
        }));
    }

    LiveAnalyzer live() {
        return live;
    }

    /** The window's messages in its current language. */
    Messages m() {
        return messages.get();
    }

    /**
     * Speaks {@code language} for this run without saving it ({@code --lang}, a visitor's choice at the kiosk);
     * choosing a language in Settings later still wins.
     */
    void useLanguage(java.util.Locale language) {
        messages.set(Messages.of(language));
    }

    boolean busy() {
        Phase p = phase.get();
        return p == Phase.RECORDING || p == Phase.ANALYSING || p == Phase.IDENTIFYING;
    }

    // ---- inputs --------------------------------------------------------------------------------------------

    /** Lists inputs (demo file first, then microphones) and starts the preferred one. */
    CompletableFuture<Void> startLive() {
        return inputsModel.startLive();
    }

    /** Switches the live view to an input by its listed name. */
    CompletableFuture<Void> selectInput(String name) {
        return inputsModel.selectInput(name);
    }

    /** Asks this Gradio Space for this run only (kiosk/launcher {@code --space}); not saved in the settings. */
    void useSpaceForThisRun(String space) {
        spaceForThisRun = Optional.of(space);
    }

    /** Back to the ready state after a result or an error (the kiosk does this on its own after a while). */
    void returnToReady() {
        if (phase.get() == Phase.RESULT || phase.get() == Phase.ERROR) {
            phase.set(Phase.IDLE);
        }
    }

    // ---- continuous listening ------------------------------------------------------------------------------

    private org.sonicsight.core.detect.LiveDetector detector;

    /** Starts or stops continuous listening (FX thread). Opening the model happens on a worker. */
    void setListening(boolean on) {
        if (on == (detector != null) && on == listening.get()) {
            return;
        }
        listening.set(on);
        if (!on) {
            stopListening();
            return;
        }
        CompletableFuture<org.sonicsight.core.classify.WindowClassifier> model = CompletableFuture.supplyAsync(() -> {
            try {
                return identifier.localWindows();
            } catch (ClassifierException e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        }, workers.classify);
        FxThread.whenDone(model, (m, error) -> {
            if (!listening.get() || detector != null) {
                return;
            }
            if (error != null) {
                listening.set(false);
                fail(Problem.Kind.LISTENING, m().get("desk.problem.cannotListen"), message(error));
                return;
            }
            startListening(m);
        });
    }

    private void startListening(org.sonicsight.core.classify.WindowClassifier model) {
        int rate = config.sampleRate();
        java.util.function.LongSupplier[] origin = new java.util.function.LongSupplier[1];
        String backend = model.name();
        org.sonicsight.core.detect.LiveDetector d = new org.sonicsight.core.detect.LiveDetector(model,
                org.sonicsight.core.detect.DetectorSettings.DEFAULTS, false,
                new org.sonicsight.core.detect.LiveDetector.Events() {
                    @Override
                    public void onEvent(org.sonicsight.core.detect.DetectedEvent e) {
                        heard(e, origin[0].getAsLong(), rate, backend);
                    }

                    @Override
                    public void onFinished(Exception error) {
                        if (error != null && !(error instanceof InterruptedException)) {
                            FxThread.run(() -> {
                                listening.set(false);
                                fail(Problem.Kind.LISTENING, m().get("desk.problem.listeningStopped"), message(error));
                            });
                        }
                    }
                });
        d.begin(rate);
        detector = d;
        origin[0] = live.setTap(d::feed);
        status.set(m().get("desk.status.listening"));
    }

    private void stopListening() {
        live.setTap(null);
        if (detector != null) {
            detector.onEnd(); // reports what is still open, then the worker ends
            detector = null;
        }
        status.set(m().get("desk.status.stoppedListening"));
    }

    /** On the detector's thread: cut the event's audio from the pre-roll, save it, show it. */
    private void heard(org.sonicsight.core.detect.DetectedEvent e, long origin, int rate, String backend) {
        long start = origin + Math.round(e.start() * rate);
        long end = origin + Math.round(e.end() * rate);
        long margin = Math.round(HEARD_MARGIN_SECONDS * rate);
        SampleHistory.Span audio = live.recentSpan(start - margin, end + margin);
        AudioClip clip = new AudioClip(audio.samples(), rate, live.sourceName());
        double offset = (start - audio.start()) / (double) rate;
        Prediction p = new Prediction(e.label(), e.confidence(),
                List.of(new org.sonicsight.core.classify.ClassScore(e.label(), e.confidence())), e.verdict(), false,
                backend, java.time.Duration.ZERO,
                Optional.of(new Prediction.TimeSpan(offset, offset + e.duration())), Optional.empty());
        Identification id = new Identification(p, clip, m().get("ui.source.listening", live.sourceName()), "");
        CompletableFuture<HistoryEntry> saved = audio.samples().length == 0
                ? CompletableFuture.failedFuture(new IOException("the audio had already left the pre-roll"))
                : store(id);
        HeardEvent h = new HeardEvent(e, start, end, Instant.now(), clip, saved);
        FxThread.run(() -> {
            heard.add(0, h);
            if (heard.size() > MAX_HEARD) {
                heard.remove(MAX_HEARD, heard.size());
            }
        });
    }

    /** Removes a heard event from the panel and from the history. */
    void deleteHeard(HeardEvent h) {
        heard.remove(h);
        h.saved().thenAccept(entry -> FxThread.run(() -> deleteHistory(entry)));
    }

    // ---- record & identify ---------------------------------------------------------------------------------

    /** An identification of live audio and where that audio lies on the analyzer's clock. */
    private record LiveAnswer(Identification id, long startSample, long endSample) {
    }

    /** Below this, the last moments before a press are the room, not a sound still going on. */
    static final double SOUND_FLOOR_DBFS = -50;
    /** ... and the last half second must be this much louder than the quietest half second before it. */
    static final double SOUND_ABOVE_BACKGROUND_DB = 6;

    /**
     * Record &amp; Identify. With the default policy (past then next) it answers "what was that?": it identifies
     * the seconds just before the press at once; if that is no confident dog or cat and sound is still going on
     * (see {@link #soundGoingOn}), it records as many seconds more and answers from those if they are a dog or
     * cat. Past only never waits; next only is the old "record, then identify".
     */
    void recordAndIdentify() {
        if (busy()) {
            return;
        }
        Settings s = settings.get();
        cancelled.set(false);
        analysedSpanValue.set(null);
        double seconds = s.snapshotSeconds();
        SampleHistory.Span past = live.recent(seconds);
        // A press right after the input started has little past: then it listens to what comes next.
        boolean usePast = s.snapshotMode() != Settings.SnapshotMode.NEXT && live.isRunning()
                && past.samples().length >= config.sampleRate();
        CompletableFuture<LiveAnswer> answer;
        if (!usePast) {
            answer = recordNext(s, "");
        } else {
            phase.set(Phase.IDENTIFYING);
            progress.set(-1);
            status.set(m().get("desk.status.identifyingLast", Math.round(seconds)));
            AudioClip clip = new AudioClip(past.samples(), config.sampleRate(), live.sourceName());
            String source = m().get("ui.source.livePast", clip.source(), m().number(clip.durationSeconds(), 0));
            CompletableFuture<LiveAnswer> before = CompletableFuture.supplyAsync(
                    () -> new LiveAnswer(identify(clip, source, s, false), past.start(), past.end()), workers.classify);
            if (s.snapshotMode() == Settings.SnapshotMode.PAST) {
                answer = before;
            } else {
                answer = before.thenCompose(first -> {
                    if (isConfidentAnimal(first.id()) || !soundGoingOn(past.samples(), config.sampleRate())) {
                        return CompletableFuture.completedFuture(first);
                    }
                    FxThread.run(() -> {
                        phase.set(Phase.RECORDING);
                        progress.set(0);
                    });
                    // The answer from after the press is kept when it names a dog or cat; else the one from before.
                    return recordNext(s, m().get("ui.source.afterPress")).thenApply(next ->
                            next.id().prediction().verdict() != org.sonicsight.core.classify.Verdict.OTHER
                                    ? next : first);
                });
            }
        }
        CompletableFuture<LiveAnswer> saved = answer.thenApply(a -> {
            store(a.id());
            return a;
        });
        FxThread.whenDone(saved, (a, error) -> {
            if (error == null) {
                analysedSpanValue.set(new LiveSpectrogramView.Marker(a.startSample(), a.endSample(),
                        markerLabel(m(), a.id())));
            }
        });
        finish(saved.thenApply(LiveAnswer::id));
    }

    /** Records the next snapshot and identifies it (not saved: the caller saves the answer it keeps). */
    private CompletableFuture<LiveAnswer> recordNext(Settings s, String note) {
        // Not reportStatus: that one moves a recording on to "identifying".
        FxThread.run(() -> {
            phase.set(Phase.RECORDING);
            progress.set(0);
            status.set(m().get("desk.status.recordingFor", Math.round(s.snapshotSeconds())));
        });
        CompletableFuture<AudioClip> clip = live.captureNext(s.snapshotSeconds(), this::reportProgress);
        return clip.thenApplyAsync(c -> {
            reportStatus(m().get("desk.status.identifying"));
            long start = live.lastCaptureStart();
            return new LiveAnswer(identify(c, m().get("ui.source.live", c.source()) + note, s, false), start,
                    start + c.samples().length);
        }, workers.classify);
    }

    private static boolean isConfidentAnimal(Identification id) {
        Prediction p = id.prediction();
        return p.verdict() != org.sonicsight.core.classify.Verdict.OTHER && !p.unsure();
    }

    /**
     * True when the last half second is above the room: louder than {@link #SOUND_FLOOR_DBFS} and
     * {@link #SOUND_ABOVE_BACKGROUND_DB} above the quietest half second of the clip.
     */
    static boolean soundGoingOn(float[] samples, int rate) {
        int half = rate / 2;
        if (samples.length < 2 * half) {
            return true;
        }
        double last = Levels.of(samples, samples.length - half, half).rmsDbfs();
        double quietest = 0;
        for (int at = 0; at + half <= samples.length - half; at += half) {
            quietest = Math.min(quietest, Levels.of(samples, at, half).rmsDbfs());
        }
        return last >= SOUND_FLOOR_DBFS && last >= quietest + SOUND_ABOVE_BACKGROUND_DB;
    }

    /** "Dog 93%", "Cat 71% (not sure)", "Rooster 88%". */
    static String markerLabel(Messages m, Identification id) {
        Prediction p = id.prediction();
        String name = m.label(p.verdict() == org.sonicsight.core.classify.Verdict.OTHER ? p.label() : p.verdict().id());
        name = name.isEmpty() ? name : name.substring(0, 1).toUpperCase(m.locale()) + name.substring(1);
        return m.get(p.unsure() ? "ui.marker.unsure" : "ui.marker", name, m.percent(p.confidence(), 0));
    }

    /** Identifies the opened file, or the selected part of it. */
    void identifyOpenedFile(Optional<Prediction.TimeSpan> selection) {
        OpenedFile file = openedFile.get();
        if (file == null || busy()) {
            return;
        }
        Settings s = settings.get();
        cancelled.set(false);
        phase.set(Phase.IDENTIFYING);
        progress.set(-1);
        status.set(m().get("desk.status.identifyingFile", file.name()));
        CompletableFuture<Identification> identified = CompletableFuture.supplyAsync(() -> {
            AudioClip clip = file.clip();
            Messages m = m();
            String source = m.get("ui.source.file", file.name());
            if (selection.isPresent()) {
                OpenedFile.Part part;
                try {
                    part = file.audioFor(selection.get());
                } catch (AudioInputException e) {
                    // The file changed or vanished since it was opened: an identification problem, not a recording one.
                    throw new java.util.concurrent.CompletionException(new ClassifierException(
                            ClassifierException.Reason.BAD_INPUT, e.getMessage(), e));
                }
                clip = part.clip();
                // The span really analysed, which differs from the selection when it runs past the file's end.
                Prediction.TimeSpan span = part.span();
                source = m.get("ui.source.span", source, m.fixed(span.startSeconds(), 1), m.fixed(span.endSeconds(), 1));
            }
            return identify(clip, source, s);
        }, workers.classify);
        finish(identified);
    }

    private Identification identify(AudioClip clip, String source, Settings s) {
        return identify(clip, source, s, true);
    }

    private Identification identify(AudioClip clip, String source, Settings s, boolean save) {
        if (cancelled.get()) {
            throw new CancellationException();
        }
        try {
            String token = settingsStore.loadToken().orElse(null);
            Settings effective = spaceForThisRun.map(space -> s.withBackend(Settings.Backend.SPACE, space, "", true))
                    .orElse(s);
            Identification id = identifier.identify(clip, source, effective, token, this::reportStatus);
            if (save) {
                store(id);
            }
            return id;
        } catch (ClassifierException e) {
            throw new java.util.concurrent.CompletionException(e);
        }
    }

    /** Saves to history on the storage thread; failures are reported as a notice, not fatal. */
    private CompletableFuture<HistoryEntry> store(Identification id) {
        return historyModel.save(id);
    }

    private void finish(CompletableFuture<Identification> identified) {
        FxThread.whenDone(identified, (id, error) -> {
            progress.set(1);
            if (error == null) {
                result.set(id);
                phase.set(Phase.RESULT);
                status.set(id.fellBack() ? id.note() : m().get("desk.status.answered", id.prediction().backend(),
                        id.prediction().elapsed().toMillis()));
            } else if (error instanceof CancellationException) {
                phase.set(Phase.IDLE);
                status.set(m().get("desk.status.cancelled"));
            } else {
                phase.set(Phase.ERROR);
                fail(Problem.Kind.IDENTIFY, m().get(error instanceof ClassifierException
                        ? "desk.problem.couldNotIdentify" : "desk.problem.recordingFailed"), message(error));
            }
        });
    }

    /** The local model for whole-file scans (the timeline, batches); loads it on first use (call off the FX thread). */
    org.sonicsight.core.classify.WindowClassifier localWindows() throws ClassifierException {
        return identifier.localWindows();
    }

    /** Stops a recording, file analysis or identification in progress. */
    void cancel() {
        cancelled.set(true);
        live.cancelCapture();
        identifier.cancel(); // a Space call in progress is cancelled at the Space, not only ignored here
    }

    // ---- files ---------------------------------------------------------------------------------------------

    /** Decodes and analyses a file off the FX thread; long files report progress and can be cancelled. */
    CompletableFuture<OpenedFile> openFile(Path path) {
        if (busy()) {
            return CompletableFuture.failedFuture(new IllegalStateException("busy"));
        }
        cancelled.set(false);
        phase.set(Phase.ANALYSING);
        progress.set(0);
        status.set(m().get("desk.status.opening", String.valueOf(path.getFileName())));
        CompletableFuture<OpenedFile> opened = CompletableFuture.supplyAsync(() -> {
            try (SampleStream stream = AudioDecoder.open(path, config.sampleRate())) {
                Spectrogram sg = new SpectrogramAnalyzer(config).analyze(stream, FILE_COLUMNS,
                        p -> reportProgress(p * 0.9), cancelled::get);
                AudioClip clip = org.sonicsight.core.audio.Excerpt.read(path, config.sampleRate(), MAX_FILE_SECONDS)
                        .clip();
                reportProgress(1);
                return new OpenedFile(path, sg, clip, sg.durationSeconds() > MAX_FILE_SECONDS + 0.5);
            } catch (AudioInputException e) {
                throw new java.util.concurrent.CompletionException(e);
            } catch (IOException e) {
                throw new java.util.concurrent.CompletionException(new AudioInputException(
                        AudioInputException.Kind.CORRUPT, "Could not read " + path.getFileName() + ": " + e.getMessage(), e));
            }
        }, workers.analysis);
        FxThread.whenDone(opened, (file, error) -> {
            if (error == null) {
                openedFile.set(file);
                phase.set(Phase.IDLE);
                status.set(m().get(file.truncated() ? "desk.status.openedLong" : "desk.status.opened", file.name(),
                        file.spectrogram().durationSeconds()));
            } else if (error instanceof CancellationException) {
                phase.set(Phase.IDLE);
                status.set(m().get("desk.status.openingCancelled"));
            } else {
                phase.set(Phase.ERROR);
                fail(Problem.Kind.OPEN_FILE, m().get("desk.problem.couldNotOpen", String.valueOf(path.getFileName())), message(error));
            }
        });
        return opened;
    }

    void closeFile() {
        openedFile.set(null);
    }

    // ---- history -------------------------------------------------------------------------------------------

    CompletableFuture<List<HistoryEntry>> loadHistory() {
        return historyModel.load();
    }

    HistoryStore historyStore() {
        return historyModel.store();
    }

    CompletableFuture<Void> deleteHistory(HistoryEntry entry) {
        return historyModel.delete(entry);
    }

    CompletableFuture<Void> exportHistory(Path target, boolean csv) {
        return historyModel.export(target, csv);
    }

    // ---- settings ------------------------------------------------------------------------------------------

    void updateSettings(Settings s) {
        settings.set(s);
    }

    Optional<String> token() {
        return settingsStore.loadToken();
    }

    void saveToken(String token) {
        try {
            settingsStore.saveToken(token);
        } catch (IOException e) {
            fail(Problem.Kind.SETTINGS, m().get("desk.problem.settings"), m().get("desk.problem.tokenNotSaved", e.getMessage()));
        }
    }

    // ---- plumbing ------------------------------------------------------------------------------------------

    void fail(Problem.Kind kind, String title, String message) {
        LOG.warn("{}: {}", title, message);
        status.set(message);
        problemValue.set(new Problem(kind, title, message, ++problemSerial));
    }

    static String message(Throwable error) {
        String m = error.getMessage();
        return m == null || m.isBlank() ? error.getClass().getSimpleName() : m;
    }

    /** Coalesces progress from worker/audio threads: at most one pending hop to the FX thread. */
    private void reportProgress(double p) {
        if (pendingProgress.getAndSet(p) == null) {
            FxThread.run(() -> {
                Double v = pendingProgress.getAndSet(null);
                if (v != null && busy()) {
                    progress.set(v);
                    if (phase.get() == Phase.RECORDING) {
                        double left = settings.get().snapshotSeconds() * (1 - v);
                        status.set(m().get("desk.status.recordingLeft", Math.max(0, left)));
                    }
                }
            });
        }
    }

    private void reportStatus(String text) {
        if (pendingStatus.getAndSet(text) == null) {
            FxThread.run(() -> {
                String v = pendingStatus.getAndSet(null);
                if (v != null) {
                    status.set(v);
                    if (phase.get() == Phase.RECORDING) {
                        phase.set(Phase.IDENTIFYING);
                        progress.set(-1);
                    }
                }
            });
        }
    }

    @Override
    public void close() {
        inputsModel.close();
        if (detector != null) {
            live.setTap(null);
            detector.close();
            detector = null;
        }
        live.close();
        settingsStore.flush();
    }
}
