package org.sonicsight.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.Callable;
import org.sonicsight.core.audio.AudioClip;
import org.sonicsight.core.audio.WavWriter;
import org.sonicsight.core.dsp.SpectrogramAnalyzer;
import org.sonicsight.core.dsp.SpectrogramConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "spectrogram", mixinStandardHelpOptions = true,
        description = "Mel-spectrogram throughput (real-time factor) on a synthetic clip, single-threaded, "
                + "and librosa's on the same clip in the same run when a Python with librosa is available.")
public final class BenchSpectrogramCommand implements Callable<Integer> {

    /** Longest a Python peer may take before it is killed. */
    static final java.time.Duration PEER_LIMIT = java.time.Duration.ofMinutes(10);

    @Option(names = "--seconds", defaultValue = "60", description = "Clip length in seconds (default 60).")
    double seconds;

    @Option(names = "--iterations", defaultValue = "30", description = "Timed runs (default 30) after warm-up.")
    int iterations;

    @Option(names = "--python", paramLabel = "PY", defaultValue = "${env:SONICSIGHT_PYTHON:-python3}",
            description = "Python with librosa for the peer figure (env SONICSIGHT_PYTHON; default ${DEFAULT-VALUE}).")
    String python;

    @Option(names = "--max-warmup", defaultValue = "60",
            description = "Seconds the warm-up may wait for the JIT to go quiet (default 60; 0: just iterations/3 runs).")
    double maxWarmup;

    @Option(names = "--no-peer", description = "Skip librosa.")
    boolean noPeer;

    @Override
    public Integer call() throws Exception {
        if (!(seconds > 0) || iterations < 1) {
            throw new UserException("--seconds and --iterations must be positive.", ExitCodes.USAGE);
        }
        SpectrogramConfig config = SpectrogramConfig.DEFAULT;
        AudioClip clip = syntheticClip(config.sampleRate(), seconds);
        SpectrogramAnalyzer analyzer = new SpectrogramAnalyzer(config);
        // Warm-up until the JIT has gone quiet (its compile time unchanged for 2 s and 10 runs: a C2 compile in
        // progress does not show until it ends, and on a busy machine C2 can take seconds over the FFT's loops),
        // at least iterations/3 runs, at most 60 s; runs timed before that measure the interpreter and C1.
        int warmup = 0;
        var jit = java.lang.management.ManagementFactory.getCompilationMXBean();
        boolean jitTimed = jit != null && jit.isCompilationTimeMonitoringSupported();
        long lastJit = -1;
        int quietRuns = 0;
        long quietSince = System.nanoTime();
        long warmDeadline = System.nanoTime() + (long) (Math.max(0, maxWarmup) * 1e9);
        while (warmup < Math.max(5, iterations / 3) || (jitTimed && (quietRuns < 10
                || System.nanoTime() - quietSince < 2_000_000_000L) && System.nanoTime() < warmDeadline)) {
            analyzer.analyze(clip);
            warmup++;
            long now = jitTimed ? jit.getTotalCompilationTime() : 0;
            if (now != lastJit) {
                quietRuns = 0;
                quietSince = System.nanoTime();
            } else {
                quietRuns++;
            }
            lastJit = now;
        }
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        double[] ms = new double[iterations];
        double[] cpu = new double[iterations];
        for (int i = 0; i < iterations; i++) {
            long c0 = threads.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            analyzer.analyze(clip);
            ms[i] = (System.nanoTime() - t0) / 1e6;
            cpu[i] = (threads.getCurrentThreadCpuTime() - c0) / 1e6;
        }
        Arrays.sort(ms);
        Arrays.sort(cpu);
        double javaMedian = ms[ms.length / 2];
        double javaCpu = cpu[cpu.length / 2];
        System.out.printf(Locale.ROOT, "clip: %.1f s at %d Hz (n_fft %d, hop %d, %d mels), %d runs after %d warm-up%n",
                seconds, config.sampleRate(), config.nFft(), config.hopLength(), config.nMels(), iterations, warmup);
        System.out.printf(Locale.ROOT, "load average: %.2f (%d cores)%n",
                java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
                Runtime.getRuntime().availableProcessors());
        System.out.printf(Locale.ROOT, "sonicsight (Java, 1 thread): median %.2f ms CPU (%.2f ms wall, min %.2f), "
                + "real-time factor %.0fx%n", javaCpu, javaMedian, ms[0], seconds * 1000 / javaCpu);
        if (noPeer) {
            return ExitCodes.OK;
        }
        double[] peer = librosaMedianMs(clip);
        if (peer == null) {
            return ExitCodes.OK;
        }
        System.out.printf(Locale.ROOT, "librosa (Python, 1 thread):  median %.2f ms CPU (%.2f ms wall), "
                + "real-time factor %.0fx%n", peer[1], peer[0], seconds * 1000 / peer[1]);
        // CPU time of the one working thread on each side: on a shared machine the wall clock also counts the
        // time either side spent waiting for a core; both are printed, the ratio is taken on CPU time.
        System.out.printf(Locale.ROOT, "speed ratio sonicsight/librosa: %.2fx (target >= 2x; wall clock %.2fx)%n",
                peer[1] / javaCpu, peer[0] / javaMedian);
        return ExitCodes.OK;
    }

    public static AudioClip syntheticClip(int rate, double seconds) {
        int n = (int) Math.round(rate * seconds);
        float[] s = new float[n];
        Random random = new Random(42);
        double phase = 0;
        for (int i = 0; i < n; i++) {
            double t = i / (double) rate;
            double f = 200 + 4000 * (0.5 + 0.5 * Math.sin(2 * Math.PI * t / 7));
            phase += 2 * Math.PI * f / rate;
            s[i] = (float) (0.3 * Math.sin(phase) + 0.05 * random.nextGaussian());
        }
        return new AudioClip(s, rate, "synthetic");
    }

    /** {wall, cpu} medians in ms, or null when not measured. */
    private double[] librosaMedianMs(AudioClip clip) throws IOException, InterruptedException {
        String py = python;
        Path dir = Files.createTempDirectory("sonicsight-bench");
        try {
            Path wav = dir.resolve("clip.wav");
            WavWriter.write(clip, wav);
            Path script = dir.resolve("librosa_bench.py");
            try (InputStream in = BenchSpectrogramCommand.class.getResourceAsStream("librosa_bench.py")) {
                Files.copy(in, script);
            }
            List<String> cmd = new ArrayList<>(List.of(py, script.toString(), wav.toString(),
                    String.valueOf(iterations)));
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
            for (String v : new String[] {"OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS",
                    "NUMBA_NUM_THREADS"}) {
                pb.environment().put(v, "1");
            }
            PeerProcess.Result r;
            try {
                r = PeerProcess.run(pb, PEER_LIMIT);
            } catch (IOException e) {
                System.out.println("librosa: not measured (" + py + " not found; pass --python)");
                return null;
            }
            String out = r.output();
            if (!r.ok()) {
                System.out.println("librosa: not measured (" + py + (r.timedOut()
                        ? " took longer than " + PEER_LIMIT.toMinutes() + " min" : " failed: " + r.lastLine()) + ")");
                return null;
            }
            Double wall = null;
            Double cpuMs = null;
            for (String line : out.split("\n")) {
                if (line.startsWith("median_ms=")) {
                    wall = Double.parseDouble(line.substring("median_ms=".length()).strip());
                } else if (line.startsWith("median_cpu_ms=")) {
                    cpuMs = Double.parseDouble(line.substring("median_cpu_ms=".length()).strip());
                }
            }
            if (wall != null && cpuMs != null) {
                return new double[] {wall, cpuMs};
            }
            System.out.println("librosa: not measured (unexpected output)");
            return null;
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }
}
