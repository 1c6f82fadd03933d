package org.sonicsight.app;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.sonicsight.cli.BenchSpectrogramCommand;
import org.sonicsight.cli.ExitCodes;
import org.sonicsight.cli.UserException;
import org.sonicsight.core.audio.WavWriter;
import org.sonicsight.core.config.AppConfig;
import org.sonicsight.ui.DesktopLauncher;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "startup", mixinStandardHelpOptions = true,
        description = "Start-up as a user meets it, in fresh processes: the desktop's time to its first rendered "
                + "frame ('--demo FILE') and the CLI's 'identify FILE' cold start, medians over --runs. "
                + "The desktop part needs a display (e.g. xvfb-run).")
final class BenchStartupCommand implements Callable<Integer> {

    private final AppConfig config;

    BenchStartupCommand(AppConfig config) {
        this.config = config;
    }

    @Parameters(index = "0", arity = "0..1", paramLabel = "FILE",
            description = "Audio for --demo and identify (default: 5 s of synthetic sound).")
    Path file;

    @Option(names = "--runs", defaultValue = "5", description = "Fresh processes per measurement (default 5).")
    int runs;

    @Override
    public Integer call() throws Exception {
        if (runs < 1) {
            throw new UserException("--runs must be at least 1.", ExitCodes.USAGE);
        }
        if (!config.display()) {
            throw new UserException("bench startup needs a display: run it under xvfb-run or on a desktop.",
                    ExitCodes.USAGE);
        }
        Path jar = Paths.get(BenchStartupCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        if (!jar.toString().endsWith(".jar")) {
            throw new UserException("bench startup runs from the built jar (java -jar target/sonicsight.jar).",
                    ExitCodes.USAGE);
        }
        Path sample = file;
        Path tmp = null;
        if (sample == null) {
            tmp = Files.createTempFile("sonicsight-bench-startup", ".wav");
            WavWriter.write(BenchSpectrogramCommand.syntheticClip(22050, 5.0), tmp);
            sample = tmp;
        } else if (!Files.isRegularFile(sample)) {
            throw new UserException("No such file: " + sample, ExitCodes.BAD_INPUT);
        }
        try {
            String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
            List<Double> frames = new ArrayList<>();
            List<Double> colds = new ArrayList<>();
            for (int i = 0; i < runs; i++) {
                frames.add(timed(new ProcessBuilder(java, "-D" + DesktopLauncher.FIRST_FRAME_EXIT + "=true", "-jar",
                        jar.toString(), "--demo", sample.toString()), DesktopLauncher.FIRST_FRAME_LINE));
                colds.add(timed(new ProcessBuilder(java, "-jar", jar.toString(), "identify", sample.toString()), null));
            }
            print("first frame 'java -jar " + jar.getFileName() + " --demo FILE'", frames, 1.5);
            print("cold start 'java -jar " + jar.getFileName() + " identify FILE'", colds, 1.0);
            System.out.printf(Locale.ROOT, "load average: %.2f (%d cores)%n",
                    ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
                    Runtime.getRuntime().availableProcessors());
            return ExitCodes.OK;
        } finally {
            if (tmp != null) {
                Files.deleteIfExists(tmp);
            }
        }
    }

    private static void print(String what, List<Double> seconds, double target) {
        List<Double> sorted = new ArrayList<>(seconds);
        sorted.sort(Double::compare);
        System.out.printf(Locale.ROOT, "%s: median %.2f s, min %.2f s, max %.2f s over %d runs (target <= %.1f s)%n",
                what, sorted.get(sorted.size() / 2), sorted.get(0), sorted.get(sorted.size() - 1), sorted.size(),
                target);
    }

    /**
     * Seconds from starting the process to the line {@code marker} on its output (or, with no marker, to its
     * exit). A process that fails, or runs past 60 s, is killed and ends the bench with one line.
     */
    private static double timed(ProcessBuilder pb, String marker) throws Exception {
        pb.redirectErrorStream(true);
        long t0 = System.nanoTime();
        Process p = pb.start();
        long at = -1;
        String last = "";
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(),
                StandardCharsets.UTF_8))) {
            long deadline = t0 + TimeUnit.SECONDS.toNanos(60);
            String line;
            while ((line = out.readLine()) != null) {
                if (marker != null && at < 0 && line.startsWith(marker)) {
                    at = System.nanoTime();
                }
                if (!line.isBlank()) {
                    last = line;
                }
                if (System.nanoTime() > deadline) {
                    break;
                }
            }
            if (!p.waitFor(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                p.destroyForcibly().waitFor();
                throw new UserException("bench startup: '" + String.join(" ", pb.command().subList(3,
                        pb.command().size())) + "' took over 60 s.", ExitCodes.FAILURE);
            }
        } finally {
            if (p.isAlive()) {
                p.destroyForcibly();
            }
        }
        long end = System.nanoTime();
        if (p.exitValue() != 0 || (marker != null && at < 0)) {
            throw new UserException("bench startup: '" + String.join(" ", pb.command()) + "' failed: " + last,
                    ExitCodes.FAILURE);
        }
        return ((marker != null ? at : end) - t0) / 1e9;
    }
}
