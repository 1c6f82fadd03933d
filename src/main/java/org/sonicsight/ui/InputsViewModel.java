package org.sonicsight.ui;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sonicsight.core.audio.AudioDevices;
import org.sonicsight.core.audio.AudioInputException;
import org.sonicsight.core.live.LiveAnalyzer;
import org.sonicsight.core.settings.Settings;
import org.sonicsight.core.i18n.Messages;

/**
 * The live input: which inputs there are (a demo file first, then microphones), which one the live view
 * listens to, and reopening it when it fails or is unplugged (every few seconds, by name). Device work runs
 * on the devices thread; properties change on the FX thread.
 */
final class InputsViewModel implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(InputsViewModel.class);

    /** How often a lost input is retried, and how often an absent one is looked for. */
    static final long RETRY_LOST_NANOS = java.time.Duration.ofSeconds(3).toNanos();
    static final long RETRY_ABSENT_NANOS = java.time.Duration.ofSeconds(10).toNanos();

    /** What the inputs need from the rest of the window's model. */
    interface Host {
        /** The settings (the preferred input is read and saved there). */
        ObjectProperty<Settings> settings();

        void status(String text);

        void fail(MainViewModel.Problem.Kind kind, String title, String message);

        /** Recording or identifying: no "no microphone" status then. */
        boolean busy();

        /** The window's messages in its current language. */
        Messages words();
    }

    private final ObservableList<String> inputs = FXCollections.observableArrayList();
    private final ObservableList<String> inputsView = FXCollections.unmodifiableObservableList(inputs);
    private final ReadOnlyStringWrapper input = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper inputProblem = new ReadOnlyStringWrapper();
    private final Executor devices;
    private final LiveAnalyzer live;
    private final MainViewModel.SourceOpener sources;
    private final Optional<Path> demoFile;
    private final Host host;
    private final AtomicBoolean switching = new AtomicBoolean();
    private javafx.animation.Timeline inputWatch;
    /** When the input was last looked for or reopened (long ago at first, so the first check may retry). */
    private long lastRetryNanos = System.nanoTime() - 3_600_000_000_000L;

    InputsViewModel(Executor devices, LiveAnalyzer live, MainViewModel.SourceOpener sources, Optional<Path> demoFile,
                    Host host) {
        this.devices = devices;
        this.live = live;
        this.sources = sources;
        this.demoFile = demoFile;
        this.host = host;
    }

    /** The inputs there are, by name (read-only: changed here). */
    ObservableList<String> inputs() {
        return inputsView;
    }

    /** The input the live view listens to (or is trying to); {@link #selectInput} changes it. */
    ReadOnlyStringProperty input() {
        return input.getReadOnlyProperty();
    }

    /** Why the live input is down (it is retried); null while it works. */
    ReadOnlyStringProperty inputProblem() {
        return inputProblem.getReadOnlyProperty();
    }

    /** Lists inputs (demo file first, then microphones) and starts the preferred one. */
    CompletableFuture<Void> startLive() {
        watchInput();
        Optional<String> demo = demoFile.or(this::configuredDemo).map(p -> MainViewModel.DEMO_PREFIX + p);
        // The demo input needs no device scan (which can take seconds), so it starts at once.
        CompletableFuture<Void> demoStarted = demo.map(this::selectInput).orElse(CompletableFuture.completedFuture(null));
        CompletableFuture<List<String>> listed = demoStarted.thenApplyAsync(v -> {
            List<String> names = new java.util.ArrayList<>();
            demo.ifPresent(names::add);
            AudioDevices.inputs().forEach(d -> names.add(d.name()));
            return names;
        }, devices);
        CompletableFuture<Void> done = new CompletableFuture<>();
        FxThread.whenDone(listed, (names, error) -> {
            if (error != null) {
                host.fail(MainViewModel.Problem.Kind.INPUT, host.words().get("desk.input.problem.none"),
                        host.words().get("desk.input.listFailed", error.getMessage()));
                done.complete(null);
                return;
            }
            inputs.setAll(names);
            if (demo.isPresent()) {
                done.complete(null);
                return;
            }
            String preferred = host.settings().get().inputDevice();
            String choice = names.isEmpty() ? "" : names.contains(preferred) ? preferred : names.get(0);
            if (choice.isEmpty()) {
                if (!host.busy()) {
                    host.status(host.words().get("desk.input.noMicrophone"));
                }
                done.complete(null);
                return;
            }
            selectInput(choice).whenComplete((v, e) -> done.complete(null));
        });
        return done;
    }

    private Optional<Path> configuredDemo() {
        String f = host.settings().get().demoFile();
        return f.isBlank() ? Optional.empty() : Optional.of(Path.of(f));
    }

    /** Switches the live view to an input by its listed name. */
    CompletableFuture<Void> selectInput(String name) {
        input.set(name);
        switching.set(true);
        CompletableFuture<Void> started = CompletableFuture.runAsync(() -> {
            try {
                live.start(sources.open(name));
            } catch (AudioInputException e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        }, devices);
        FxThread.whenDone(started, (v, error) -> {
            switching.set(false);
            if (error != null) {
                host.status(error.getMessage());
                inputProblem.set(MainViewModel.message(error));
                host.fail(MainViewModel.Problem.Kind.INPUT, host.words().get("desk.input.problem.unavailable"),
                        MainViewModel.message(error));
            } else {
                inputProblem.set(null);
                host.status(host.words().get("desk.input.listeningTo", live.sourceName()));
                if (!name.startsWith(MainViewModel.DEMO_PREFIX)) {
                    host.settings().set(host.settings().get().withInputDevice(name));
                }
            }
        });
        return started.exceptionally(e -> null);
    }

    /**
     * Checks the live input once a second: an input that failed (unplugged,
     * device gone) is reported in {@link #inputProblem} and reopened every few
     * seconds, by name, or else the first input there is; with no input at all,
     * the inputs are looked for now and then. Runs on the FX thread.
     */
    private void watchInput() {
        if (inputWatch != null) {
            return;
        }
        inputWatch = new javafx.animation.Timeline(new javafx.animation.KeyFrame(javafx.util.Duration.seconds(1),
                e -> checkInput()));
        inputWatch.setCycleCount(javafx.animation.Animation.INDEFINITE);
        inputWatch.play();
    }

    private void checkInput() {
        if (switching.get()) {
            return;
        }
        String wanted = input.get();
        if (live.isRunning()) {
            if (inputProblem.get() != null) {
                inputProblem.set(null);
                host.status(host.words().get("desk.input.listeningAgain", live.sourceName()));
            }
            return;
        }
        long now = System.nanoTime();
        if (wanted == null || wanted.isEmpty()) {
            if (inputs.isEmpty() && now - lastRetryNanos >= RETRY_ABSENT_NANOS) {
                lastRetryNanos = now;
                reopenInput(null);
            }
            return;
        }
        if (inputProblem.get() == null) {
            String why = live.failure() != null ? live.failure() : host.words().get("desk.input.stopped", wanted);
            LOG.warn("Live input down: {}", why);
            inputProblem.set(why);
            host.status(host.words().get("desk.input.tryingAgain", why));
        }
        if (now - lastRetryNanos >= RETRY_LOST_NANOS) {
            lastRetryNanos = now;
            reopenInput(wanted);
        }
    }

    /** Rescans the inputs and reopens {@code wanted} if it is back, else the first one; quietly. */
    private void reopenInput(String wanted) {
        switching.set(true);
        CompletableFuture<String> reopened = CompletableFuture.supplyAsync(() -> {
            List<String> names = new java.util.ArrayList<>();
            if (wanted != null && wanted.startsWith(MainViewModel.DEMO_PREFIX)) {
                names.add(wanted); // a demo file needs no device scan
            } else {
                AudioDevices.inputs().forEach(d -> names.add(d.name()));
            }
            if (names.isEmpty()) {
                return null;
            }
            String choice = wanted != null && names.contains(wanted) ? wanted : names.get(0);
            try {
                live.start(sources.open(choice));
            } catch (AudioInputException e) {
                throw new java.util.concurrent.CompletionException(e);
            }
            return choice;
        }, devices);
        FxThread.whenDone(reopened, (name, error) -> {
            switching.set(false);
            if (error != null) {
                LOG.info("Input still unavailable: {}", MainViewModel.message(error));
                inputProblem.set(MainViewModel.message(error));
            } else if (name != null) {
                LOG.info("Live input back: {}", name);
                if (!inputs.contains(name)) {
                    inputs.add(name);
                }
                input.set(name);
                inputProblem.set(null);
                host.status(host.words().get(wanted == null ? "desk.input.listeningTo" : "desk.input.listeningAgain",
                        live.sourceName()));
            }
        });
    }

    @Override
    public void close() {
        if (inputWatch != null) {
            inputWatch.stop();
        }
    }
}
