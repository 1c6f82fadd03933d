package org.sonicsight.ui;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.sonicsight.core.classify.ClassifierException;
import org.sonicsight.core.classify.ModelThreads;
import org.sonicsight.core.classify.WindowClassifier;

/**
 * The local model and the worker threads that run it over whole files: one for the opened file's timeline, one
 * for batches (so opening a file from a running batch does not wait for the batch).
 */
final class ScanModel implements AutoCloseable {

    /** Where the model comes from (the app's {@link Identifier}, loaded on first use). */
    @FunctionalInterface
    interface Source {
        WindowClassifier get() throws ClassifierException;
    }

    final ExecutorService worker = Executors.newSingleThreadExecutor(ModelThreads.factory("timeline", true));
    final ExecutorService batchWorker = Executors.newSingleThreadExecutor(ModelThreads.factory("batch", true));
    /** "Why" explanations: short, and never queued behind an hour-long scan. */
    final ExecutorService explainWorker = Executors.newSingleThreadExecutor(ModelThreads.factory("explain", true));
    private final Source source;

    ScanModel(Source source) {
        this.source = source;
    }

    /** The model (call on {@link #worker}). */
    WindowClassifier model() throws ClassifierException {
        return source.get();
    }

    /**
     * Stops the scans and waits for the model call in progress to return: the model is closed after this, and
     * closing an ONNX session under a running call crashes the process.
     */
    @Override
    public void close() {
        worker.shutdownNow();
        batchWorker.shutdownNow();
        explainWorker.shutdownNow();
        try {
            explainWorker.awaitTermination(10, java.util.concurrent.TimeUnit.SECONDS);
            worker.awaitTermination(10, java.util.concurrent.TimeUnit.SECONDS);
            batchWorker.awaitTermination(10, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
