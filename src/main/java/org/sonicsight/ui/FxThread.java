package org.sonicsight.ui;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.function.BiConsumer;
import javafx.application.Platform;

/**
 * The one place where work from other threads crosses into the JavaFX thread.
 * Workers finish a {@link CompletableFuture}; views attach their handlers
 * through {@link #whenDone}. High-rate data (spectrogram columns, levels)
 * never comes through here: the live view pulls it once per pulse.
 */
final class FxThread {

    private FxThread() {
    }

    static void run(Runnable action) {
        if (Platform.isFxApplicationThread()) {
            action.run();
        } else {
            Platform.runLater(action);
        }
    }

    /** Calls {@code handler} on the FX thread with the value or the unwrapped failure. */
    static <T> void whenDone(CompletableFuture<T> future, BiConsumer<T, Throwable> handler) {
        future.whenComplete((value, error) -> run(() -> handler.accept(value, unwrap(error))));
    }

    static Throwable unwrap(Throwable t) {
        Throwable e = t;
        while ((e instanceof CompletionException || e instanceof ExecutionException) && e.getCause() != null) {
            e = e.getCause();
        }
        return e;
    }
}
