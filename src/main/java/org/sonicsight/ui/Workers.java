package org.sonicsight.ui;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.LoggerFactory;
import org.sonicsight.core.classify.ModelThreads;

/** Named executors for everything slow: decoding and DSP, classification, disk. Owned by the app. */
final class Workers implements AutoCloseable {

    /** Device scans and opening inputs can stall for seconds (Java Sound, ALSA); they never delay file work. */
    final ExecutorService devices = Executors.newSingleThreadExecutor(named("audio-devices"));
    // Both may run the model (ONNX Runtime, native code on the calling thread): a stack known to be enough.
    final ExecutorService analysis = Executors.newSingleThreadExecutor(ModelThreads.factory("analysis", true));
    final ExecutorService classify = Executors.newSingleThreadExecutor(ModelThreads.factory("classify", true));
    final ExecutorService storage = Executors.newSingleThreadExecutor(named("storage"));

    private static ThreadFactory named(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /** Longest wait on exit for history and settings writes still queued. */
    static final long STORAGE_DRAIN_SECONDS = 10;

    /**
     * Stops the workers. Analysis and device work is abandoned (interrupted),
     * but storage is drained: queued history saves are the user's data, and
     * an interrupted write could leave a file half written.
     */
    @Override
    public void close() {
        for (ExecutorService e : new ExecutorService[]{devices, analysis, classify}) {
            e.shutdownNow();
        }
        storage.shutdown();
        try {
            if (!storage.awaitTermination(STORAGE_DRAIN_SECONDS, TimeUnit.SECONDS)) {
                LoggerFactory.getLogger(Workers.class).warn("Saving to disk did not finish within {} s on exit",
                        STORAGE_DRAIN_SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
