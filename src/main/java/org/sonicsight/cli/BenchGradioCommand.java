package org.sonicsight.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.sonicsight.core.audio.AudioClip;
import org.sonicsight.core.audio.WavWriter;
import org.sonicsight.core.classify.gradio.GradioClient;
import org.sonicsight.core.classify.gradio.GradioEndpoint;
import org.sonicsight.core.classify.gradio.GradioException;
import org.sonicsight.core.classify.gradio.GradioOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import org.sonicsight.core.config.AppConfig;

@Command(name = "gradio", mixinStandardHelpOptions = true,
        description = "Round trip of one Gradio call (upload + queue + result) with this Java client and with the "
                + "official Python gradio_client against the same server, same file, same endpoint: medians side by side.")
public final class BenchGradioCommand implements Callable<Integer> {

    private final AppConfig config;

    public BenchGradioCommand(AppConfig config) {
        this.config = config;
    }

    /** Longest a Python peer may take before it is killed. */
    static final java.time.Duration PEER_LIMIT = java.time.Duration.ofMinutes(10);

    @Option(names = "--url", required = true, paramLabel = "URL|ID", description = "The Gradio app (URL or Space id).")
    String url;

    @Option(names = "--api", defaultValue = "/classify", paramLabel = "NAME",
            description = "Endpoint taking one audio file (default /classify).")
    String api;

    @Option(names = "--file", paramLabel = "FILE", description = "Audio file to send (default: 1 s synthetic WAV).")
    Path file;

    @Option(names = "--calls", defaultValue = "100", description = "Timed calls per client (default 100).")
    int calls;

    @Option(names = "--warmup", defaultValue = "10", description = "Untimed calls first (default 10).")
    int warmup;

    @Option(names = "--python", paramLabel = "PY", defaultValue = "${env:SONICSIGHT_PYTHON:-python3}",
            description = "Python with gradio_client for the peer figure (env SONICSIGHT_PYTHON; default ${DEFAULT-VALUE}).")
    String python;

    @Override
    public Integer call() throws Exception {
        if (calls < 1) {
            throw new UserException("--calls must be at least 1.", ExitCodes.USAGE);
        }
        Path dir = Files.createTempDirectory("sonicsight-bench-gradio");
        try {
            Path wav = file;
            if (wav == null) {
                wav = dir.resolve("clip.wav");
                AudioClip clip = BenchSpectrogramCommand.syntheticClip(22050, 1.0);
                WavWriter.write(clip, wav);
            }
            double javaMs;
            String version;
            try (GradioClient c = GradioClient.connect(url, config.gradio(null), null)) {
                GradioEndpoint e = c.endpoint(api);
                version = c.version();
                List<Object> args = List.of(wav);
                for (int i = 0; i < warmup; i++) {
                    c.predict(e.apiName(), args, null);
                }
                double[] ms = new double[calls];
                for (int i = 0; i < calls; i++) {
                    long t0 = System.nanoTime();
                    c.predict(e.apiName(), args, null);
                    ms[i] = (System.nanoTime() - t0) / 1e6;
                }
                Arrays.sort(ms);
                javaMs = ms[calls / 2];
                System.out.printf(Locale.ROOT, "server: Gradio %s at %s, endpoint %s, file %s (%d bytes), %d calls "
                        + "after %d warm-up, one at a time%n", version, c.root(), e.apiName(), wav.getFileName(),
                        Files.size(wav), calls, warmup);
                System.out.printf(Locale.ROOT, "Java client:            median %.2f ms, p90 %.2f ms, min %.2f ms%n",
                        javaMs, ms[(int) (calls * 0.9)], ms[0]);
            } catch (GradioException e) {
                throw e.toClassifierException();
            }
            Double py = pythonMedianMs(dir, wav);
            if (py != null) {
                System.out.printf(Locale.ROOT, "Python gradio_client:   median %.2f ms%n", py);
                System.out.printf(Locale.ROOT, "Java / Python: %.2f (target <= 1.00)%n", javaMs / py);
            }
            return ExitCodes.OK;
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    private Double pythonMedianMs(Path dir, Path wav) throws IOException, InterruptedException {
        String py = python;
        Path script = dir.resolve("gradio_bench.py");
        try (InputStream in = BenchGradioCommand.class.getResourceAsStream("gradio_bench.py")) {
            Files.copy(in, script);
        }
        List<String> cmd = new ArrayList<>(List.of(py, script.toString(), url, api, wav.toString(),
                String.valueOf(calls), String.valueOf(warmup)));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("GRADIO_ANALYTICS_ENABLED", "False");
        PeerProcess.Result r;
        try {
            r = PeerProcess.run(pb, PEER_LIMIT);
        } catch (IOException e) {
            System.out.println("Python gradio_client: not measured (" + py + " not found; pass --python)");
            return null;
        }
        String out = r.output();
        if (!r.ok()) {
            System.out.println("Python gradio_client: not measured (" + py + (r.timedOut()
                    ? " took longer than " + PEER_LIMIT.toMinutes() + " min" : " failed: " + r.lastLine()) + ")");
            return null;
        }
        for (String line : out.split("\n")) {
            if (line.startsWith("gradio_client=")) {
                System.out.println("peer: " + line.strip());
            }
            if (line.startsWith("median_ms=")) {
                return Double.parseDouble(line.substring("median_ms=".length()).strip());
            }
        }
        System.out.println("Python gradio_client: not measured (unexpected output)");
        return null;
    }
}
