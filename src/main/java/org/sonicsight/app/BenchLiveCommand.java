package org.sonicsight.app;

import org.sonicsight.cli.ExitCodes;
import org.sonicsight.cli.UserException;
import org.sonicsight.cli.BenchSpectrogramCommand;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.sonicsight.core.audio.WavWriter;
import org.sonicsight.ui.LiveBench;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import org.sonicsight.core.config.AppConfig;

@Command(name = "live", mixinStandardHelpOptions = true,
        description = "The desktop live view in a real window, fed by a file as a virtual microphone: frames per "
                + "second, audio-to-pixel latency (p50/p99) and CPU share; --fast feeds faster than real time and "
                + "prints heap after GC over the run (soak). Needs a display (e.g. xvfb-run).")
final class BenchLiveCommand implements Callable<Integer> {

    private final AppConfig config;

    BenchLiveCommand(AppConfig config) {
        this.config = config;
    }

    @Parameters(index = "0", arity = "0..1", paramLabel = "FILE",
            description = "Audio to loop as the microphone (default: 60 s of synthetic sound).")
    Path file;

    @Option(names = "--seconds", defaultValue = "60", description = "Measured run length (default 60).")
    double seconds;

    @Option(names = "--fast", description = "Feed as fast as possible (soak test for heap stability).")
    boolean fast;

    @Option(names = "--size", defaultValue = "1280x560", description = "Window size WxH (default 1280x560).")
    String size;

    @Option(names = "--listen", description = "Also listen continuously (event detector with the local model); "
            + "target then <= 35% of a core.")
    boolean listen;

    @Option(names = "--heap-every", defaultValue = "0",
            description = "Print heap after GC every N seconds (default: 10 with --fast, else off).")
    double heapEvery;

    @Override
    public Integer call() throws Exception {
        if (!config.display()
                && !"Monocle".equals(System.getProperty("glass.platform"))) {
            throw new UserException("bench live needs a display: run it under xvfb-run or on a desktop.",
                    ExitCodes.USAGE);
        }
        Path input = file;
        Path temp = null;
        if (input == null) {
            temp = Files.createTempFile("sonicsight-bench-live", ".wav");
            WavWriter.write(BenchSpectrogramCommand.syntheticClip(22050, 60.0), temp);
            input = temp;
        } else if (!Files.isRegularFile(input)) {
            throw new UserException("No such file: " + input, ExitCodes.BAD_INPUT);
        }
        double every = heapEvery > 0 ? heapEvery : fast ? 10 : 0;
        try {
            System.out.printf(Locale.ROOT, "bench live: %s, %.0f s, %s%n", file == null ? "synthetic 60 s" : file,
                    seconds, fast ? "fast (soak)" : "real time");
            String[] wh = size.toLowerCase(Locale.ROOT).split("x");
            if (wh.length != 2 || !wh[0].matches("\\d+") || !wh[1].matches("\\d+")) {
                throw new UserException("--size takes WIDTHxHEIGHT, e.g. 1280x560.", ExitCodes.USAGE);
            }
            LiveBench.Result r = LiveBench.run(input, seconds, fast, every, Integer.parseInt(wh[0]),
                    Integer.parseInt(wh[1]), listen, System.out::println);
            System.out.printf(Locale.ROOT, "pipeline: %s%n", r.pipeline());
            System.out.printf(Locale.ROOT, "frames: %d pulses in %.1f s = %.1f fps (target >= 55)%n",
                    r.pulses(), r.seconds(), r.fps());
            System.out.printf(Locale.ROOT, "columns: %d drawn, %d dropped by the ring%n", r.columns(), r.dropped());
            if (!fast) {
                System.out.printf(Locale.ROOT, "audio-to-pixel latency: p50 %.1f ms, p99 %.1f ms (target p99 <= 50 ms)%n",
                        r.latencyP50Ms(), r.latencyP99Ms());
            }
            System.out.printf(Locale.ROOT, "CPU: %.1f%% of one core (whole process; target <= %d%%)%n",
                    r.cpuShare() * 100, listen ? 35 : 20);
            System.out.printf(Locale.ROOT, "busiest threads: %s%n", r.busiestThreads());
            if (!r.heapAfterGcMb().isEmpty()) {
                double min = r.heapAfterGcMb().stream().mapToDouble(Double::doubleValue).min().orElse(0);
                double max = r.heapAfterGcMb().stream().mapToDouble(Double::doubleValue).max().orElse(0);
                System.out.printf(Locale.ROOT, "heap after GC: first %.1f MB, last %.1f MB, min %.1f MB, max %.1f MB%n",
                        r.heapAfterGcMb().get(0), r.heapAfterGcMb().get(r.heapAfterGcMb().size() - 1), min, max);
            }
            return 0;
        } finally {
            if (temp != null) {
                Files.deleteIfExists(temp);
            }
        }
    }
}
