package org.sonicsight.app;

import org.sonicsight.cli.ExitCodes;
import org.sonicsight.cli.UserException;
import org.sonicsight.cli.BenchSpectrogramCommand;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Stream;
import org.sonicsight.core.audio.AudioInputException;
import org.sonicsight.core.audio.FileAudioSource;
import org.sonicsight.core.audio.WavWriter;
import org.sonicsight.core.backend.LocalModel;
import org.sonicsight.core.classify.onnx.OnnxClassifier;
import org.sonicsight.core.detect.DetectedEvent;
import org.sonicsight.core.detect.DetectorSettings;
import org.sonicsight.core.detect.LiveDetector;
import org.sonicsight.ui.LiveBench;
import org.sonicsight.web.WebConfig;
import org.sonicsight.web.WebServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import org.sonicsight.core.config.AppConfig;

@Command(name = "soak", mixinStandardHelpOptions = true,
        description = {"Runs everything at once for a while and checks nothing grows: the desktop live view (with a "
                + "display), continuous listening (the event detector on a looping virtual microphone) and the web "
                + "endpoint (uploads in a row, and clients that disconnect mid-upload).",
                "Prints heap after GC, RSS, threads and open file descriptors after the warm-up and at the end; "
                        + "exits 1 when one grew by more than --tolerance."})
final class BenchSoakCommand implements Callable<Integer> {

    private final AppConfig config;

    BenchSoakCommand(AppConfig config) {
        this.config = config;
    }

    @Parameters(index = "0", arity = "0..1", paramLabel = "FILE",
            description = "Audio for all three (default: synthetic sound).")
    Path file;

    @Option(names = "--seconds", defaultValue = "120", description = "Run length (default 120; 3600 for an hour).")
    double seconds;

    @Option(names = "--no-view", description = "Leave out the live view (it needs a display).")
    boolean noView;

    @Option(names = "--tolerance", defaultValue = "0.10", description = "Allowed growth, as a fraction (default 0.10).")
    double tolerance;

    /** What is measured at the start and at the end. */
    record Sample(double heapAfterGcMb, double rssMb, int threads, int openFiles, int uploadsOnDisk) {
        static Sample now(Path uploads) throws InterruptedException {
            // The least of three full GCs a moment apart: an upload or a queue of audio in flight at one of
            // them counts as live, and a single reading moved by a few MB either way (27-31 MB in one run).
            double heap = Double.MAX_VALUE;
            for (int i = 0; i < 3; i++) {
                System.gc();
                heap = Math.min(heap, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / 1048576.0);
                Thread.sleep(300);
            }
            // Qualified: inside the record these names are its own accessors.
            return new Sample(heap, BenchSoakCommand.rssMb(), ManagementFactory.getThreadMXBean().getThreadCount(),
                    BenchSoakCommand.openFiles(), BenchSoakCommand.filesIn(uploads));
        }
    }

    @Override
    public Integer call() throws Exception {
        if (!(seconds >= 20)) {
            throw new UserException("--seconds must be at least 20.", ExitCodes.USAGE);
        }
        boolean display = config.display();
        boolean view = !noView && display;
        Path temp = Files.createTempDirectory("sonicsight-soak-");
        Path audio = file;
        if (audio == null) {
            audio = temp.resolve("soak.wav");
            WavWriter.write(BenchSpectrogramCommand.syntheticClip(22050, 20.0), audio);
        }
        Path upload = temp.resolve("upload.wav");
        WavWriter.write(org.sonicsight.core.audio.AudioDecoder.readAll(audio, 22050, 22050L * 5), upload);
        byte[] body = Files.readAllBytes(upload);
        // The ring, queues and JIT fill during the first half minute: measured from there (a 40 s run with a
        // 10 s warm-up showed +17% heap that a 150 s run with 30 s did not: +3%).
        double warm = Math.min(seconds / 2, Math.max(30, Math.min(60, seconds * 0.2)));
        System.out.printf(Locale.ROOT, "bench soak: %.0f s (warm-up %.0f s); live view %s; listening; web uploads%n",
                seconds, warm, view ? "on" : noView ? "off (--no-view)" : "off (no display)");

        AtomicBoolean stop = new AtomicBoolean();
        List<Thread> threads = new ArrayList<>();
        LongAdder events = new LongAdder();
        Map<Integer, LongAdder> statuses = new ConcurrentHashMap<>();
        LongAdder aborted = new LongAdder();
        AtomicLong viewFps = new AtomicLong(-1);
        try (OnnxClassifier model = LocalModel.open(1);
             WebServer server = new WebServer(model, WebConfig.defaults().withHost("127.0.0.1")).start(0)) {
            if (view) {
                Path viewFile = audio;
                Thread t = new Thread(() -> {
                    try {
                        LiveBench.Result r = LiveBench.run(viewFile, seconds, false, 0, 800, 400, line -> { });
                        viewFps.set(Math.round(r.fps() * 10));
                    } catch (Exception e) {
                        System.out.println("live view failed: " + e);
                    }
                }, "soak-view");
                t.setDaemon(true);
                t.start();
                threads.add(t);
            }
            FileAudioSource mic = new FileAudioSource(audio, model.sampleRate(), true, true, 20);
            LiveDetector detector = new LiveDetector(model, DetectorSettings.DEFAULTS, true, new LiveDetector.Events() {
                @Override
                public void onEvent(DetectedEvent event) {
                    events.increment();
                }

                @Override
                public void onFinished(Exception error) {
                    if (error != null && !stop.get()) {
                        System.out.println("listening stopped: " + error.getMessage());
                    }
                }
            });
            detector.start(mic);
            threads.add(webClient(server.port(), body, stop, statuses, aborted));

            long t0 = System.nanoTime();
            sleepUntil(t0, warm);
            Sample start = Sample.now(server.workDir());
            print("start", start);
            double every = seconds >= 600 ? 300 : 0; // long runs show the curve, not only its ends
            for (double at = warm + every; every > 0 && at < seconds - 3 - every / 2; at += every) {
                sleepUntil(t0, at);
                print(String.format(Locale.ROOT, "%.0fs", at), Sample.now(server.workDir()));
            }
            sleepUntil(t0, seconds - 3);
            Sample end = Sample.now(server.workDir());
            stop.set(true);
            mic.stop();
            detector.awaitFinished(5, java.util.concurrent.TimeUnit.SECONDS);
            for (Thread t : threads) {
                t.join(15_000);
            }
            // Counted once the clients have stopped: a request in flight has its upload on disk, rightly.
            Thread.sleep(1000);
            end = new Sample(end.heapAfterGcMb(), end.rssMb(), end.threads(), end.openFiles(),
                    filesIn(server.workDir()));
            print("end", end);
            System.out.printf(Locale.ROOT, "listening: %d events; web: %s, %d uploads cut off by the client%s%n",
                    events.sum(), statuses, aborted.sum(),
                    viewFps.get() >= 0 ? String.format(Locale.ROOT, "; live view %.1f fps", viewFps.get() / 10.0) : "");
            return verdict(start, end);
        } catch (AudioInputException e) {
            throw new UserException(e.getMessage(), ExitCodes.BAD_INPUT);
        } finally {
            try (Stream<Path> files = Files.walk(temp)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private int verdict(Sample start, Sample end) {
        List<String> grown = new ArrayList<>();
        check(grown, "heap after GC", start.heapAfterGcMb(), end.heapAfterGcMb());
        check(grown, "RSS", start.rssMb(), end.rssMb());
        check(grown, "threads", start.threads(), end.threads());
        check(grown, "open files", start.openFiles(), end.openFiles());
        if (end.uploadsOnDisk() > 0) {
            grown.add(end.uploadsOnDisk() + " uploads left on disk");
        }
        if (grown.isEmpty()) {
            System.out.printf(Locale.ROOT, "flat: nothing grew by more than %.0f%%%n", tolerance * 100);
            return 0;
        }
        System.out.println("GREW: " + String.join("; ", grown));
        return 1;
    }

    private void check(List<String> grown, String what, double start, double end) {
        if (end > start * (1 + tolerance) && end - start > 1) {
            grown.add(String.format(Locale.ROOT, "%s %.1f -> %.1f (+%.0f%%)", what, start, end,
                    (end / start - 1) * 100));
        }
    }

    private static void print(String when, Sample s) {
        System.out.printf(Locale.ROOT, "%-5s heap after GC %.1f MB, RSS %.1f MB, %d threads, %d open files, "
                + "%d uploads on disk%n", when, s.heapAfterGcMb(), s.rssMb(), s.threads(), s.openFiles(),
                s.uploadsOnDisk());
    }

    /** Uploads one after another (a short pause between), and every tenth client hangs up halfway through. */
    private static Thread webClient(int port, byte[] body, AtomicBoolean stop, Map<Integer, LongAdder> statuses,
                                    LongAdder aborted) {
        HttpClient client = HttpClient.newBuilder().proxy(HttpClient.Builder.NO_PROXY)
                .connectTimeout(Duration.ofSeconds(5)).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/identify"))
                .header("Content-Type", "audio/wav").timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        Thread t = new Thread(() -> {
            long n = 0;
            while (!stop.get()) {
                try {
                    if (++n % 10 == 0) {
                        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
                            OutputStream out = s.getOutputStream();
                            out.write(("POST /api/identify HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: audio/wav\r\n"
                                    + "Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                            out.write(body, 0, body.length / 2);
                            out.flush();
                        }
                        aborted.increment();
                    } else {
                        int code = client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
                        statuses.computeIfAbsent(code, k -> new LongAdder()).increment();
                    }
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                } catch (IOException e) {
                    statuses.computeIfAbsent(-1, k -> new LongAdder()).increment();
                }
            }
        }, "soak-web-client");
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static void sleepUntil(long t0, double secondsFromStart) throws InterruptedException {
        long wait = t0 + (long) (secondsFromStart * 1e9) - System.nanoTime();
        if (wait > 0) {
            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        }
    }

    static double rssMb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) / 1024.0;
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux
        }
        return Double.NaN;
    }

    static int openFiles() {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return (int) fds.count();
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** Files in this run's web upload folder (other servers on the machine are not counted). */
    static int filesIn(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return (int) files.count();
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }
}
