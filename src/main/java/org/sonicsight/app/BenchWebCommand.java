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
                + "127.0.0.1, posts a WAV to /api/identify from C clients (in a second JVM) for N seconds (or "
                + "--max-requests), and prints req/s, p50/p99 latency, responses by status and memory; for "
                + "/api/identify also the bare model's clips/s on the same clip and cores, before and after, and "
                + "the web's throughput as a fraction of it.")
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

    @Option(names = "--max-warmup", defaultValue = "40",
            description = "Seconds of warm-up at most (default 40; it ends sooner once the JIT has little left to compile).")
    double maxWarmup;

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
        Path dir = Files.createTempDirectory("sonicsight-bench-web");
        try (WebServer server = new WebServer(classifier, config).start(0)) {
            Path body = dir.resolve("body.wav");
            Files.write(body, wav);
            boolean model = path.equals("/api/identify");
            AudioClip clip = model ? AudioDecoder.readAll(body, classifier.windows().orElseThrow().sampleRate()) : null;
            // The bare model: the same clip, classified on as many threads as the server has workers, in this
            // JVM, in slices between the web run's slices, so a machine whose load drifts weighs on both alike.
            int rounds = model ? 5 : 1;
            long serverCpu = 0;
            long jitDuring;
            List<Bare> bares = new ArrayList<>();
            List<Client> webs = new ArrayList<>();
            try (LoadClient load = new LoadClient(URI.create("http://127.0.0.1:" + server.port() + path), body)) {
                // Warm-up: the web path is a lot of code for the JIT (Jetty, Javalin, Gson, the decoders), much of
                // it run once per request, so C2 reaches it only after thousands of requests; until then its
                // compilers' CPU is counted against the web. Slices of 2 s until one adds under 0.2 s of compile
                // time twice in a row (a server's steady state), --max-warmup s at most.
                // Two quiet slices in a row: one alone was often a lull while C2 still had a queue to work on.
                long warmCount = 0;
                long warmStart = System.nanoTime();
                int quiet = 0;
                while (true) {
                    long before = jitMillis();
                    double left = maxWarmup - (System.nanoTime() - warmStart) / 1e9;
                    warmCount += load.run(Math.max(0.1, Math.min(2, left)), maxRequests).count();
                    quiet = jitMillis() - before < 200 ? quiet + 1 : 0;
                    if (quiet >= 2 || left <= 2) {
                        break;
                    }
                }
                Client warm = new Client(warmCount, warmCount, 0, List.of(), Map.of(), 0, 0, 0);
                long jit0 = jitMillis();
                for (int i = 0; i < rounds; i++) {
                    if (model) {
                        bares.add(bare(classifier, clip, config.workers(), seconds / (2.0 * (rounds + 1)), i == 0));
                    }
                    long sent = webs.stream().mapToLong(Client::count).sum();
                    if (sent < maxRequests) {
                        long cpu0 = processCpuNanos();
                        webs.add(load.run(seconds / rounds, maxRequests - sent));
                        serverCpu += processCpuNanos() - cpu0;
                    }
                }
                if (model) {
                    bares.add(bare(classifier, clip, config.workers(), seconds / (2.0 * (rounds + 1)), false));
                }
                webs.add(0, new Client(warm.count(), 0, 0, List.of(), Map.of(), 0, 0, 0));
                jitDuring = jitMillis() - jit0;
            }
            Client r = Client.merge(webs);
            System.out.printf(Locale.ROOT, "web endpoint POST %s on 127.0.0.1, %s, %s%n", path, what, classifier.name());
            System.out.printf(Locale.ROOT, "server: %d analysis workers, queue %d; clients: %d in a second JVM, "
                    + "%d cores, load average %.2f%n", config.workers(), config.queueLength(), concurrency,
                    Runtime.getRuntime().availableProcessors(),
                    ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
            System.out.printf(Locale.ROOT, "warm-up: %d requests; timed: %d requests in %.2f s "
                    + "(the client JVM used %.1f s of CPU meanwhile)%n", r.warmup(), r.count(), r.wallSeconds(), r.cpuSeconds());
            double rate = r.count() / r.wallSeconds();
            System.out.printf(Locale.ROOT, "throughput: %.1f req/s (target >= 100 req/s on 2 cores)%n", rate);
            System.out.printf(Locale.ROOT, "latency (200s): p50 %.1f ms, p99 %.1f ms, max %.1f ms (target p99 <= 200 ms)%n",
                    r.percentile(0.50), r.percentile(0.99), r.percentile(1.0));
            System.out.println("responses by status: " + r.byStatus() + (r.failures() > 0
                    ? ", transport failures: " + r.failures() : ""));
            if (model) {
                double bareRate = bares.stream().mapToLong(Bare::clips).sum()
                        / bares.stream().mapToDouble(Bare::seconds).sum();
                System.out.printf(Locale.ROOT, "bare model: %.1f clips/s on %d threads (the same clip, no HTTP, no "
                        + "decoding; %d slices of %.1f s between the web run's, from %.1f to %.1f clips/s)%n",
                        bareRate, config.workers(), bares.size(), bares.get(0).seconds(),
                        bares.stream().mapToDouble(Bare::rate).min().orElse(0),
                        bares.stream().mapToDouble(Bare::rate).max().orElse(0));
                System.out.printf(Locale.ROOT, "web throughput: %.1f req/s = %.2f of the bare model (target >= 0.9)%n",
                        rate, rate / bareRate);
                // The same comparison in CPU time, which a busy machine does not blur: what one request cost the
                // server and the client together, against what one clip costs the bare model.
                double bareCpu = bares.stream().mapToDouble(Bare::cpuSeconds).sum() * 1000
                        / bares.stream().mapToLong(Bare::clips).sum();
                double webCpu = (serverCpu / 1e9 + r.cpuSeconds()) * 1000 / r.count();
                System.out.printf(Locale.ROOT, "CPU per request: %.1f ms (server %.1f, client %.1f) against %.1f ms "
                        + "per clip for the bare model = %.2f (JIT compiling meanwhile: %.1f s)%n", webCpu,
                        serverCpu / 1e6 / r.count(), r.cpuSeconds() * 1000 / r.count(), bareCpu, bareCpu / webCpu,
                        jitDuring / 1000.0);
            }
            Runtime rt = Runtime.getRuntime();
            System.out.printf(Locale.ROOT, "memory: peak RSS %d MB, heap used %d MB of max %d MB%n", r.peakRssMb(),
                    (rt.totalMemory() - rt.freeMemory()) >> 20, rt.maxMemory() >> 20);
            long bad = r.byStatus().entrySet().stream().filter(e -> e.getKey() != 200 && e.getKey() != 429)
                    .mapToLong(Map.Entry::getValue).sum() + r.failures();
            return bad == 0 ? ExitCodes.OK : ExitCodes.FAILURE;
        } finally {
            classifier.close();
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    record Bare(long clips, double seconds, double cpuSeconds) {
        double rate() {
            return clips / seconds;
        }
    }

    /** Clips per second of {@code threads} threads calling the classifier back to back (after a short warm-up). */
    private static Bare bare(Classifier classifier, AudioClip clip, int threads, double forSeconds, boolean warmUp)
            throws InterruptedException {
        LongAdder clips = new LongAdder();
        List<Throwable> errors = new java.util.concurrent.CopyOnWriteArrayList<>();
        for (int i = 0; i < (warmUp ? 3 : 0); i++) {
            try {
                classifier.classify(clip);
            } catch (ClassifierException e) {
                throw new UserException("The model failed on the bench clip: " + e.getMessage(), ExitCodes.CLASSIFIER, e);
            }
        }
        long cpu0 = processCpuNanos();
        long t0 = System.nanoTime();
        long deadline = t0 + (long) (forSeconds * 1e9);
        List<Thread> running = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            Thread t = org.sonicsight.core.classify.ModelThreads.factory("bench-bare", true).newThread(() -> {
                try {
                    while (System.nanoTime() < deadline) {
                        classifier.classify(clip);
                        clips.increment();
                    }
                } catch (Throwable e) {
                    errors.add(e);
                }
            });
            running.add(t);
            t.start();
        }
        for (Thread t : running) {
            t.join();
        }
        if (!errors.isEmpty()) {
            throw new UserException("The model failed on the bench clip: " + errors.get(0), ExitCodes.CLASSIFIER);
        }
        return new Bare(clips.sum(), (System.nanoTime() - t0) / 1e9, (processCpuNanos() - cpu0) / 1e9);
    }

    record Client(long warmup, long count, double wallSeconds, List<Double> okMillis, Map<Integer, Long> byStatus,
                  long failures, long peakRssMb, double cpuSeconds) {
        /** The timed slices as one run; the first is the warm-up, counted only as such. */
        static Client merge(List<Client> parts) {
            List<Double> ok = new ArrayList<>();
            Map<Integer, Long> byStatus = new TreeMap<>();
            long count = 0;
            long failures = 0;
            long rss = 0;
            double wall = 0;
            double cpu = 0;
            for (Client c : parts.subList(1, parts.size())) {
                ok.addAll(c.okMillis());
                c.byStatus().forEach((k, v) -> byStatus.merge(k, v, Long::sum));
                count += c.count();
                failures += c.failures();
                rss = Math.max(rss, c.peakRssMb());
                wall += c.wallSeconds();
                cpu += c.cpuSeconds();
            }
            ok.sort(Double::compare);
            return new Client(parts.get(0).warmup(), count, wall, ok, byStatus, failures, rss, cpu);
        }

        double percentile(double p) {
            if (okMillis.isEmpty()) {
                return Double.NaN;
            }
            int i = (int) Math.min(okMillis.size() - 1, Math.max(0, Math.ceil(p * okMillis.size()) - 1));
            return okMillis.get(i);
        }
    }

    /** {@link BenchWebClient} in a second JVM (same Java, same class path), driven one timed slice at a time. */
    private final class LoadClient implements AutoCloseable {
        private final Process process;
        private final java.io.BufferedReader out;
        private final java.io.Writer in;

        LoadClient(URI uri, Path body) throws java.io.IOException {
            String javaBin = ProcessHandle.current().info().command().orElse("java");
            List<String> cmd = List.of(javaBin, "-Xmx128m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                    "-cp", System.getProperty("java.class.path"), BenchWebClient.class.getName(), uri.toString(),
                    body.toString(), "audio/wav", String.valueOf(concurrency));
            process = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            out = new java.io.BufferedReader(new java.io.InputStreamReader(process.getInputStream(),
                    java.nio.charset.StandardCharsets.UTF_8));
            in = new java.io.OutputStreamWriter(process.getOutputStream(), java.nio.charset.StandardCharsets.UTF_8);
            String line = out.readLine();
            if (!"ready".equals(line)) {
                close();
                throw new UserException("The load generator did not start (" + line + ").", ExitCodes.FAILURE);
            }
        }

        Client run(double forSeconds, long max) throws java.io.IOException, InterruptedException {
            in.write(String.format(Locale.ROOT, "run %.3f %d%n", forSeconds, max));
            in.flush();
            Map<String, String> kv = new TreeMap<>();
            long[] peakRss = {rssMb()};
            Thread sampler = new Thread(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    peakRss[0] = Math.max(peakRss[0], rssMb());
                    try {
                        Thread.sleep(200);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "bench-rss");
            sampler.setDaemon(true);
            sampler.start();
            String line;
            try {
                while ((line = out.readLine()) != null && !line.equals("done")) {
                    int eq = line.indexOf('=');
                    kv.put(eq < 0 ? line : line.substring(0, eq), eq < 0 ? "" : line.substring(eq + 1));
                }
            } finally {
                sampler.interrupt();
                sampler.join();
            }
            if (line == null) {
                throw new UserException("The load generator stopped (exit " + process.waitFor() + ").",
                        ExitCodes.FAILURE);
            }
            List<Double> ok = new ArrayList<>();
            for (String v : kv.getOrDefault("ok_ms", "").split(",")) {
                if (!v.isBlank()) {
                    ok.add(Double.parseDouble(v));
                }
            }
            Map<Integer, Long> byStatus = new TreeMap<>();
            kv.forEach((k, v) -> {
                if (k.startsWith("status.")) {
                    byStatus.put(Integer.parseInt(k.substring(7)), Long.parseLong(v));
                }
            });
            long count = Long.parseLong(kv.get("count"));
            return new Client(count, count, Double.parseDouble(kv.get("wall")), ok, byStatus,
                    Long.parseLong(kv.get("failures")), peakRss[0], Double.parseDouble(kv.get("cpu")));
        }

        @Override
        public void close() {
            try {
                in.close();
                if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (java.io.IOException e) {
                process.destroyForcibly();
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
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

    private static long jitMillis() {
        var jit = ManagementFactory.getCompilationMXBean();
        return jit != null && jit.isCompilationTimeMonitoringSupported() ? jit.getTotalCompilationTime() : 0;
    }

    /** CPU time of this whole JVM (all threads, the model's native code included); 0 where the JDK does not tell. */
    private static long processCpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return Math.max(0, os.getProcessCpuTime());
        }
        return 0;
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
