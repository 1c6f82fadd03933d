package org.sonicsight.ui;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
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

    @Override
    public void close() {
        for (ExecutorService e : new ExecutorService[]{devices, analysis, classify, storage}) {
            e.shutdownNow();
        }
        try {
            storage.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
