package org.sonicsight.ui;

import java.nio.file.Path;
import java.util.function.Consumer;
import java.util.function.DoubleConsumer;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import org.sonicsight.core.audio.FilePlayback;

/**
 * Plays files through Java Sound ({@link FilePlayback}): every format the app
 * opens plays (FLAC, Ogg, Opus, M4A, WebM, not only what JavaFX Media plays),
 * one at a time, with pause, resume and seek. Position and state reach the FX
 * thread.
 */
final class Player {

    /** What the player is doing, for buttons. */
    enum State { STOPPED, PLAYING, PAUSED }

    private final Consumer<String> problems;
    private final ReadOnlyObjectWrapper<State> state = new ReadOnlyObjectWrapper<>(State.STOPPED);
    private FilePlayback current;
    private DoubleConsumer position = s -> { };

    Player(Consumer<String> problems) {
        this.problems = problems;
    }

    /** Receives the playback position in seconds, or -1 when stopped (on the FX thread). */
    void onPosition(DoubleConsumer listener) {
        this.position = listener;
    }

    ReadOnlyObjectProperty<State> stateProperty() {
        return state.getReadOnlyProperty();
    }

    void play(Path file) {
        play(file, -1, -1);
    }

    /** Plays seconds {@code from} to {@code to} of the file (a timeline event); negative: from the start / to the end. */
    void play(Path file, double from, double to) {
        stop();
        FilePlayback[] self = new FilePlayback[1];
        self[0] = FilePlayback.start(file, from, to, new FilePlayback.Listener() {
            @Override
            public void position(double seconds) {
                FxThread.run(() -> {
                    if (current == self[0]) {
                        position.accept(seconds);
                    }
                });
            }

            @Override
            public void ended() {
                FxThread.run(() -> {
                    if (current == self[0]) {
                        stop();
                    }
                });
            }

            @Override
            public void failed(String message) {
                FxThread.run(() -> {
                    if (current == self[0]) {
                        stop();
                        problems.accept(message);
                    }
                });
            }
        });
        current = self[0];
        state.set(State.PLAYING);
    }

    /** Pauses a playing file, or resumes a paused one. */
    void togglePause() {
        if (current == null) {
            return;
        }
        if (current.isPaused()) {
            current.resume();
            state.set(State.PLAYING);
        } else {
            current.pause();
            state.set(State.PAUSED);
        }
    }

    /** Jumps to {@code seconds} of the file being played (or paused). */
    void seek(double seconds) {
        if (current != null) {
            current.seek(seconds);
            position.accept(seconds);
        }
    }

    void stop() {
        if (current != null) {
            current.stop();
            current = null;
        }
        state.set(State.STOPPED);
        position.accept(-1);
    }

    boolean isPlaying() {
        return current != null;
    }
}
