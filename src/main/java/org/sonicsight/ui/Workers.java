package org.sonicsight.ui;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** Named executors for everything slow: decoding and DSP, classification, disk. Owned by the app. */
final class Workers implements AutoCloseable {

    /** Device scans and opening inputs can stall for seconds (Java Sound, ALSA); they never delay file work. */
    final ExecutorService devices = Executors.newSingleThreadExecutor(named("audio-devices"));
    final ExecutorService analysis = Executors.newSingleThreadExecutor(named("analysis"));
    final ExecutorService classify = Executors.newSingleThreadExecutor(named("classify"));
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
