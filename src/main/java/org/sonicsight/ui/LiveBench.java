package org.sonicsight.ui;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.stage.Stage;
import org.sonicsight.core.audio.FileAudioSource;
import org.sonicsight.core.dsp.SpectrogramConfig;
import org.sonicsight.core.live.LiveAnalyzer;

/**
 * Runs the live pipeline (virtual microphone → resampler → mel frames →
 * column ring → PixelBuffer) in a real window and measures it: frames per
 * second, audio-to-pixel latency and the process's CPU share; in soak mode,
 * heap after GC over time. Used by {@code sonicsight bench live}.
 */
public final class LiveBench {

    /**
     * @param fps           pulses per second that drew new columns or ran (JavaFX caps pulses at 60)
     * @param latencyP50Ms  from the audio block's delivery to the pixels' update, median
     * @param cpuShare      process CPU time / wall time (1.0 = one core busy)
     * @param heapAfterGcMb heap used after a full GC, sampled through the run
     */
    public record Result(double seconds, long pulses, double fps, long columns, long dropped, double latencyP50Ms,
                         double latencyP99Ms, double cpuShare, List<Double> heapAfterGcMb, String pipeline,
                         String busiestThreads) {
    }

    private LiveBench() {
    }

    /**
     * @param fast feed the file as fast as it decodes (soak: heap stability), not in real time
     * @param log  receives progress lines (heap samples) as they happen
     */
    public static Result run(Path file, double seconds, boolean fast, double heapEverySeconds, Consumer<String> log)
            throws Exception {
        return run(file, seconds, fast, heapEverySeconds, 1280, 560, log);
    }

    /** As above in a window of the given size (to see how the cost scales with pixels). */
    public static Result run(Path file, double seconds, boolean fast, double heapEverySeconds, int width, int height,
                             Consumer<String> log) throws Exception {
        return run(file, seconds, fast, heapEverySeconds, width, height, false, log);
    }

    /** @param listen also run continuous listening (the event detector with the local model) on the stream */
    public static Result run(Path file, double seconds, boolean fast, double heapEverySeconds, int width, int height,
                             boolean listen, Consumer<String> log) throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        Platform.setImplicitExit(false);
        Platform.startup(started::countDown);
        started.await();
        Probe probe = new Probe();
        LiveAnalyzer analyzer = new LiveAnalyzer(SpectrogramConfig.DEFAULT, 1024);
        LiveSpectrogramView[] view = new LiveSpectrogramView[1];
        Stage[] stage = new Stage[1];
        CountDownLatch shown = new CountDownLatch(1);
        FxThread.run(() -> {
            view[0] = new LiveSpectrogramView(analyzer);
            view[0].setProbe(probe);
            stage[0] = new Stage();
            javafx.scene.layout.StackPane root = new javafx.scene.layout.StackPane(view[0]);
            root.getStyleClass().addAll("main", "dark", "spectrogram-area");
            Scene scene = new Scene(root, width, height);
            scene.getStylesheets().add(MainWindow.STYLESHEET);
            stage[0].setScene(scene);
            stage[0].setTitle("SonicSight bench live");
            stage[0].show();
            view[0].start();
            shown.countDown();
        });
        shown.await();
        org.sonicsight.core.classify.Classifier model = null;
        org.sonicsight.core.detect.LiveDetector detector = null;
        java.util.concurrent.atomic.AtomicInteger events = new java.util.concurrent.atomic.AtomicInteger();
        if (listen) {
            model = org.sonicsight.core.backend.LocalModel.open();
            detector = new org.sonicsight.core.detect.LiveDetector(model.windows().orElseThrow(),
                    org.sonicsight.core.detect.DetectorSettings.DEFAULTS, false,
                    new org.sonicsight.core.detect.LiveDetector.Events() {
                        @Override
                        public void onEvent(org.sonicsight.core.detect.DetectedEvent e) {
                            events.incrementAndGet();
                            log.accept("  heard " + e.verdict().id() + String.format(java.util.Locale.ROOT,
                                    " %.2f", e.confidence()));
                        }

                        @Override
                        public void onFinished(Exception error) {
                        }
                    });
            detector.begin(SpectrogramConfig.DEFAULT.sampleRate());
            analyzer.setTap(detector::feed);
        }
        analyzer.start(new FileAudioSource(file, 0, !fast, true));
        Thread.sleep(2000); // warm-up: JIT, first layout
        probe.reset();
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long cpu0 = os.getProcessCpuTime();
        java.util.Map<String, Long> threads0 = threadCpu();
        long t0 = System.nanoTime();
        long dropped0 = analyzer.ring().dropped();
        List<Double> heap = new ArrayList<>();
        long nextHeap = heapEverySeconds > 0 ? t0 + (long) (heapEverySeconds * 1e9) : Long.MAX_VALUE;
        long end = t0 + (long) (seconds * 1e9);
        while (System.nanoTime() < end) {
            Thread.sleep(Math.max(1, Math.min(250, (Math.min(end, nextHeap) - System.nanoTime()) / 1_000_000)));
            if (System.nanoTime() >= nextHeap) {
                double mb = heapAfterGc();
                heap.add(mb);
                log.accept(String.format(java.util.Locale.ROOT, "  t=%6.0f s  heap after GC %.1f MB  columns %d",
                        (System.nanoTime() - t0) / 1e9, mb, probe.columns));
                nextHeap += (long) (heapEverySeconds * 1e9);
            }
        }
        long wall = System.nanoTime() - t0;
        long cpu = os.getProcessCpuTime() - cpu0;
        java.util.Map<String, Long> threads1 = threadCpu();
        StringBuilder perThread = new StringBuilder();
        threads1.entrySet().stream()
                .map(e -> java.util.Map.entry(e.getKey(), e.getValue() - threads0.getOrDefault(e.getKey(), 0L)))
                .sorted(java.util.Map.Entry.<String, Long>comparingByValue().reversed()).limit(5)
                .forEach(e -> perThread.append(String.format(java.util.Locale.ROOT, "%s %.1f%%, ", e.getKey(),
                        e.getValue() * 100.0 / wall)));
        analyzer.stop();
        if (detector != null) {
            analyzer.setTap(null);
            detector.close();
            model.close();
            log.accept("  events heard while measuring and after: " + events.get());
        }
        heap.add(heapAfterGc());
        CountDownLatch closed = new CountDownLatch(1);
        FxThread.run(() -> {
            view[0].stop();
            stage[0].close();
            closed.countDown();
        });
        closed.await(5, TimeUnit.SECONDS);
        Platform.exit();
        return new Result(wall / 1e9, probe.pulses, probe.pulses / (wall / 1e9), probe.columns,
                analyzer.ring().dropped() - dropped0, probe.percentileMs(0.5), probe.percentileMs(0.99), cpu / (double) wall,
                heap, pipelineName(), perThread.toString().replaceAll(", $", ""));
    }

    /** Which Prism pipeline renders (es2 on a GPU, sw under Xvfb); informative only. */
    static String pipelineName() {
        try {
            Class<?> c = Class.forName("com.sun.prism.GraphicsPipeline");
            java.lang.reflect.Method m = c.getMethod("getPipeline");
            m.setAccessible(true);
            Object p = m.invoke(null);
            return p == null ? "unknown" : p.getClass().getSimpleName();
        } catch (ReflectiveOperationException | RuntimeException e) {
            return "unknown (prism.order=" + System.getProperty("prism.order", "default") + ")";
        }
    }

    /** CPU nanoseconds per live thread name (names repeat rarely here; repeats are summed). */
    static java.util.Map<String, Long> threadCpu() {
        var mx = ManagementFactory.getThreadMXBean();
        java.util.Map<String, Long> m = new java.util.HashMap<>();
        for (var info : mx.getThreadInfo(mx.getAllThreadIds())) {
            if (info != null) {
                long t = mx.getThreadCpuTime(info.getThreadId());
                if (t > 0) {
                    m.merge(info.getThreadName(), t, Long::sum);
                }
            }
        }
        return m;
    }

    /**
     * Live heap: what the heap pools held right after a full collection
     * ({@code getCollectionUsage}), so allocations by the busy audio thread
     * just after the GC do not count.
     */
    static double heapAfterGc() {
        System.gc();
        long used = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            MemoryUsage u = pool.getType() == MemoryType.HEAP ? pool.getCollectionUsage() : null;
            if (u != null) {
                used += u.getUsed();
            }
        }
        return used / (1024.0 * 1024.0);
    }

    static double percentile(double[] sorted, double q) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)];
    }

    /** Counts pulses and columns; latencies go into a fixed histogram (0.1 ms buckets) so a soak run's heap stays flat. */
    private static final class Probe implements LiveSpectrogramView.PulseProbe {
        private static final double BUCKET_MS = 0.1;
        private final long[] histogram = new long[20_000]; // up to 2 s; slower columns land in the last bucket
        private long count;
        volatile long pulses;
        volatile long columns;

        @Override
        public void pulse(long nowNanos, int newColumns) {
            pulses++;
            columns += newColumns;
        }

        @Override
        public void latency(long nanos) {
            int bucket = (int) Math.min(histogram.length - 1, Math.max(0, nanos / 1e6 / BUCKET_MS));
            histogram[bucket]++;
            count++;
        }

        synchronized void reset() {
            CountDownLatch done = new CountDownLatch(1);
            FxThread.run(() -> {
                pulses = 0;
                columns = 0;
                count = 0;
                Arrays.fill(histogram, 0);
                done.countDown();
            });
            try {
                done.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        /** Latency at quantile {@code q} in ms (bucket upper edge), NaN when none was recorded. */
        double percentileMs(double q) {
            if (count == 0) {
                return Double.NaN;
            }
            long target = (long) Math.ceil(q * count);
            long seen = 0;
            for (int i = 0; i < histogram.length; i++) {
                seen += histogram[i];
                if (seen >= target) {
                    return (i + 1) * BUCKET_MS;
                }
            }
            return histogram.length * BUCKET_MS;
        }
    }
}
