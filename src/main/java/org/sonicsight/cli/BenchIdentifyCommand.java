package org.sonicsight.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.sonicsight.core.audio.AudioClip;
import org.sonicsight.core.audio.AudioDecoder;
import org.sonicsight.core.backend.LocalModel;
import org.sonicsight.core.classify.onnx.OnnxClassifier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "identify", mixinStandardHelpOptions = true,
        description = "Local-model latency for one clip (p50/p99 after warm-up) and the cold-start wall time of "
                + "'java -jar sonicsight.jar identify FILE' as a fresh process.")
public final class BenchIdentifyCommand implements Callable<Integer> {

    @Parameters(index = "0", arity = "0..1", paramLabel = "FILE",
            description = "Clip to classify (default: 5 s of synthetic sound).")
    Path file;

    @Option(names = "--runs", defaultValue = "200", description = "Timed classifications (default 200).")
    int runs;

    @Option(names = "--cold-runs", defaultValue = "5", description = "Fresh-process runs for cold start (default 5; 0 skips).")
    int coldRuns;

    @Option(names = "--threads", defaultValue = "0", description = "ONNX Runtime intra-op threads (0 = up to 2).")
    int threads;

    @Override
    public Integer call() throws Exception {
        AudioClip clip = file != null ? AudioDecoder.readAll(file, 0)
                : BenchSpectrogramCommand.syntheticClip(22050, 5.0);
        try (OnnxClassifier classifier = threads > 0
                ? OnnxClassifier.fromResources(LocalModel.MODEL_RESOURCE, LocalModel.LABELS_RESOURCE, threads)
                : LocalModel.open()) {
            for (int i = 0; i < 20; i++) {
                classifier.classify(clip);
            }
            double[] ms = new double[runs];
            for (int i = 0; i < runs; i++) {
                long t0 = System.nanoTime();
                classifier.classify(clip);
                ms[i] = (System.nanoTime() - t0) / 1e6;
            }
            Arrays.sort(ms);
            System.out.printf(Locale.ROOT, "%s, clip %.2f s at %d Hz (%s), %d runs after 20 warm-up%n",
                    classifier.name(), clip.durationSeconds(), clip.sampleRate(),
                    file != null ? file.getFileName() : "synthetic", runs);
            System.out.printf(Locale.ROOT, "identify latency: p50 %.2f ms, p99 %.2f ms, min %.2f ms (target p50 <= 25 ms)%n",
                    ms[runs / 2], ms[Math.min(runs - 1, (int) Math.ceil(runs * 0.99) - 1)], ms[0]);
        }
        if (coldRuns > 0) {
            coldStart();
        }
        return ExitCodes.OK;
    }

    private void coldStart() throws Exception {
        Path jar = Paths.get(BenchIdentifyCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        if (!jar.toString().endsWith(".jar")) {
            System.out.println("cold start: not measured (run from target/sonicsight.jar)");
            return;
        }
        Path sample = file;
        Path tmp = null;
        if (sample == null) {
            tmp = Files.createTempFile("bench-identify", ".wav");
            org.sonicsight.core.audio.WavWriter.write(BenchSpectrogramCommand.syntheticClip(22050, 5.0), tmp);
            sample = tmp;
        }
        try {
            String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
            List<Double> walls = new ArrayList<>();
            for (int i = 0; i < coldRuns; i++) {
                long t0 = System.nanoTime();
                PeerProcess.Result r = PeerProcess.run(new ProcessBuilder(java, "-jar", jar.toString(), "identify",
                        sample.toString()).redirectErrorStream(true), Duration.ofSeconds(60));
                if (!r.ok()) {
                    // On a timeout the child has been killed: a bench never leaves a JVM behind.
                    System.out.println("cold start: the identify process " + (r.timedOut() ? "took over 60 s"
                            : "failed: " + r.lastLine()));
                    return;
                }
                walls.add((System.nanoTime() - t0) / 1e9);
            }
            walls.sort(Double::compare);
            System.out.printf(Locale.ROOT, "cold start 'java -jar %s identify FILE': median %.2f s, min %.2f s over %d runs "
                    + "(target <= 1.5 s)%n", jar.getFileName(), walls.get(walls.size() / 2), walls.get(0), coldRuns);
        } finally {
            if (tmp != null) {
                Files.deleteIfExists(tmp);
            }
        }
    }
}
