package org.sonicsight.ui;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * Something served from inside the app beside its window ({@code --serve PORT}: the web page and API). The
 * desktop only starts, reports and closes it; what it is comes from the composition root ({@code app}), so
 * this package never depends on the web face.
 */
public interface EmbeddedServer extends AutoCloseable {

    /** Completes with the port it listens on, or with why it could not start. */
    CompletableFuture<Integer> started();

    @Override
    void close();

    /** Starts one; the slow part (loading a model, binding the port) runs on {@code executor}. */
    @FunctionalInterface
    interface Factory {

        /** No server: {@code --serve} is refused. */
        Factory NONE = (port, host, space, executor) -> {
            throw new IllegalStateException("This build cannot serve the web page from the app.");
        };

        EmbeddedServer start(int port, Optional<String> host, Optional<String> space, Executor executor);
    }
}
