package org.sonicsight.app;

import org.sonicsight.cli.ExitCodes;
import org.sonicsight.cli.UserException;
import org.sonicsight.cli.BenchSpectrogramCommand;

import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.sonicsight.core.audio.AudioClip;
import org.sonicsight.core.audio.AudioDecoder;
import org.sonicsight.core.audio.WavWriter;
import org.sonicsight.core.classify.Classifier;
import org.sonicsight.core.classify.ClassifierException;
import org.sonicsight.core.backend.LocalModel;
import org.sonicsight.web.UnavailableClassifier;
import org.sonicsight.web.WebConfig;
import org.sonicsight.web.WebServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "web", mixinStandardHelpOptions = true,
        description = "Load test of the web endpoint on loopback only: starts the server in this process on "
                + "127.0.0.1, posts a WAV to /api/identify from C clients for N seconds (or --max-requests), and "
                + "prints req/s, p50/p99 latency, responses by status and memory.")
final class BenchWebCommand implements Callable<Integer> {

    @Parameters(index = "0", arity = "0..1", paramLabel = "FILE", description = "WAV to send (default: 5 s synthetic).")
    Path file;

    @Option(names = "--seconds", defaultValue = "10", description = "Duration of the timed run (default 10, max 300).")
    double seconds;

    @Option(names = "--concurrency", defaultValue = "8", description = "Concurrent clients (default 8).")
    int concurrency;

    @Option(names = "--max-requests", defaultValue = "100000", description = "Stop after this many requests (default 100000).")
    long maxRequests;

    @Option(names = "--endpoint", defaultValue = "identify",
            description = "identify (default; needs the local model) or spectrogram (PNG rendering, no model).")
    String endpoint;

    @Option(names = "--workers", description = "Server analysis workers (default: one per core).")
    Integer workers;

    @Override
    public Integer call() throws Exception {
        if (!(seconds > 0 && seconds <= 300) || concurrency < 1 || concurrency > 256 || maxRequests < 1) {
            throw new UserException("--seconds must be in (0, 300], --concurrency in 1..256, --max-requests >= 1.",
                    ExitCodes.USAGE);
        }
        String path = switch (endpoint) {
            case "identify" -> "/api/identify";
            case "spectrogram" -> "/api/spectrogram";
            default -> throw new UserException("--endpoint must be identify or spectrogram.", ExitCodes.USAGE);
        };
        byte[] wav;
        String what;
        if (file != null) {
            AudioClip clip = AudioDecoder.readAll(file, 0);
            wav = Files.readAllBytes(file);
            what = String.format(Locale.ROOT, "%s (%.1f s, %d KB)", file.getFileName(), clip.durationSeconds(),
                    wav.length / 1024);
        } else {
            wav = WavWriter.toBytes(BenchSpectrogramCommand.syntheticClip(22050, 5.0));
            what = String.format(Locale.ROOT, "synthetic 5.0 s WAV at 22050 Hz (%d KB)", wav.length / 1024);
        }
        Classifier classifier = openClassifier(path);
        WebConfig d = WebConfig.defaults();
        WebConfig config = d.withHost("127.0.0.1").withConcurrency(workers != null ? workers : d.workers(),
                d.queueLength());
        try (WebServer server = new WebServer(classifier, config).start(0)) {
            URI uri = URI.create("http://127.0.0.1:" + server.port() + path);
            HttpClient client = HttpClient.newBuilder().proxy(HttpClient.Builder.NO_PROXY)
                    .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
            HttpRequest request = HttpRequest.newBuilder(uri).header("Content-Type", "audio/wav")
                    .timeout(Duration.ofSeconds(60)).POST(HttpRequest.BodyPublishers.ofByteArray(wav)).build();
            // Warm-up: JIT, model session, connection pool.
            Run warm = run(client, request, Math.min(3, seconds), Math.min(500, maxRequests));
            Run r = run(client, request, seconds, maxRequests);
            System.out.printf(Locale.ROOT, "web endpoint POST %s on 127.0.0.1, %s, %s%n", path, what, classifier.name());
            System.out.printf(Locale.ROOT, "server: %d analysis workers, queue %d; clients: %d, %d cores%n",
                    config.workers(), config.queueLength(), concurrency, Runtime.getRuntime().availableProcessors());
            System.out.printf(Locale.ROOT, "warm-up: %d requests; timed: %d requests in %.2f s%n", warm.count(),
                    r.count(), r.wallSeconds());
            System.out.printf(Locale.ROOT, "throughput: %.1f req/s (target >= 100 req/s on 2 cores)%n",
                    r.count() / r.wallSeconds());
            System.out.printf(Locale.ROOT, "latency (200s): p50 %.1f ms, p99 %.1f ms, max %.1f ms (target p99 <= 200 ms)%n",
                    r.percentile(0.50), r.percentile(0.99), r.percentile(1.0));
            System.out.println("responses by status: " + r.byStatus() + (r.failures() > 0
                    ? ", transport failures: " + r.failures() : ""));
            Runtime rt = Runtime.getRuntime();
            System.out.printf(Locale.ROOT, "memory: peak RSS %d MB, heap used %d MB of max %d MB%n", r.peakRssMb(),
                    (rt.totalMemory() - rt.freeMemory()) >> 20, rt.maxMemory() >> 20);
            long bad = r.byStatus().entrySet().stream().filter(e -> e.getKey() != 200 && e.getKey() != 429)
                    .mapToLong(Map.Entry::getValue).sum() + r.failures();
            return bad == 0 ? ExitCodes.OK : ExitCodes.FAILURE;
        } finally {
            classifier.close();
        }
    }

    private Classifier openClassifier(String path) throws ClassifierException {
        if (path.equals("/api/spectrogram")) {
            return new UnavailableClassifier("not needed for spectrograms");
        }
        try {
            return LocalModel.open(1); // as `serve` opens it
        } catch (ClassifierException e) {
            throw new UserException("bench web needs the local model for /api/identify (" + e.getMessage()
                    + "); --endpoint spectrogram runs without it.", ExitCodes.CLASSIFIER, e);
        }
    }

    record Run(long count, double wallSeconds, List<Double> okMillis, Map<Integer, Long> byStatus, long failures,
               long peakRssMb) {
        double percentile(double p) {
            if (okMillis.isEmpty()) {
                return Double.NaN;
            }
            int i = (int) Math.min(okMillis.size() - 1, Math.max(0, Math.ceil(p * okMillis.size()) - 1));
            return okMillis.get(i);
        }
    }

    private Run run(HttpClient client, HttpRequest request, double forSeconds, long limit) throws InterruptedException {
        long deadline = System.nanoTime() + (long) (forSeconds * 1e9);
        AtomicLong issued = new AtomicLong();
        LongAdder failures = new LongAdder();
        Map<Integer, LongAdder> statuses = new ConcurrentHashMap<>();
        List<List<Double>> perThread = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        long t0 = System.nanoTime();
        for (int i = 0; i < concurrency; i++) {
            List<Double> mine = new ArrayList<>();
            perThread.add(mine);
            Thread t = new Thread(() -> {
                while (System.nanoTime() < deadline && issued.incrementAndGet() <= limit) {
                    long s = System.nanoTime();
                    try {
                        HttpResponse<byte[]> resp = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
                        statuses.computeIfAbsent(resp.statusCode(), k -> new LongAdder()).increment();
                        if (resp.statusCode() == 200) {
                            mine.add((System.nanoTime() - s) / 1e6);
                        }
                    } catch (Exception e) {
                        failures.increment();
                        if (e instanceof InterruptedException) {
                            return;
                        }
                    }
                }
            }, "bench-client-" + i);
            threads.add(t);
            t.start();
        }
        long peakRss = rssMb();
        for (Thread t : threads) {
            while (t.isAlive()) {
                t.join(200);
                peakRss = Math.max(peakRss, rssMb());
            }
        }
        double wall = (System.nanoTime() - t0) / 1e9;
        List<Double> all = new ArrayList<>();
        perThread.forEach(all::addAll);
        all.sort(Double::compare);
        Map<Integer, Long> byStatus = new TreeMap<>();
        statuses.forEach((k, v) -> byStatus.put(k, v.sum()));
        long count = byStatus.values().stream().mapToLong(Long::longValue).sum() + failures.sum();
        return new Run(count, wall, all, byStatus, failures.sum(), peakRss);
    }

    /** Resident set size from /proc (Linux); falls back to the JVM's committed memory. */
    private static long rssMb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D+", "")) >> 10;
                }
            }
        } catch (Exception e) {
            // not Linux
        }
        var mem = ManagementFactory.getMemoryMXBean();
        return (mem.getHeapMemoryUsage().getCommitted() + mem.getNonHeapMemoryUsage().getCommitted()) >> 20;
    }
}
