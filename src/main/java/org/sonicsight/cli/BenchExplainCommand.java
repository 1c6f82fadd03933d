package org.sonicsight.cli;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.sonicsight.core.audio.AudioClip;
import org.sonicsight.core.audio.AudioDecoder;
import org.sonicsight.core.backend.LocalModel;
import org.sonicsight.core.classify.Prediction;
import org.sonicsight.core.classify.onnx.OnnxClassifier;
import org.sonicsight.core.explain.Explanation;
import org.sonicsight.core.explain.OcclusionExplainer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "explain", mixinStandardHelpOptions = true,
        description = "Time the 'why' explanation (occlusion over the deciding window) of one clip: p50 and worst "
                + "after warm-up, per grid (target: within about a second for a 5 s clip).")
public final class BenchExplainCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "FILE", description = "Clip to explain (e.g. a 5 s bark).")
    Path file;

    @Option(names = "--runs", defaultValue = "10", description = "Timed explanations (default ${DEFAULT-VALUE}).")
    int runs;

    @Option(names = "--grid", defaultValue = "10x6", paramLabel = "TxF",
            description = "Time slices x frequency bands (default ${DEFAULT-VALUE}, the app's).")
    String grid;

    @Override
    public Integer call() throws Exception {
        String[] tf = grid.toLowerCase(Locale.ROOT).split("x");
        OcclusionExplainer.Grid g;
        try {
            g = new OcclusionExplainer.Grid(Integer.parseInt(tf[0].strip()), Integer.parseInt(tf[1].strip()));
        } catch (RuntimeException e) {
            throw new UserException("--grid is TIMExBANDS, e.g. 10x6.", ExitCodes.USAGE);
        }
        try (OnnxClassifier model = LocalModel.open()) {
            AudioClip clip = AudioDecoder.readAll(file, model.sampleRate());
            Prediction p = model.classify(clip);
            double start = p.window().map(Prediction.TimeSpan::startSeconds).orElse(0.0);
            OcclusionExplainer explainer = new OcclusionExplainer(model, g);
            for (int i = 0; i < 2; i++) {
                explainer.explain(clip.samples(), start, p.label());
            }
            double[] ms = new double[runs];
            Explanation last = null;
            for (int i = 0; i < runs; i++) {
                last = explainer.explain(clip.samples(), start, p.label());
                ms[i] = last.elapsed().toNanos() / 1e6;
            }
            Arrays.sort(ms);
            System.out.printf(Locale.ROOT, "%s: %s %.2f, window %.1f-%.1f s; grid %dx%d = %d model windows + 1%n",
                    file.getFileName(), p.label(), p.confidence(), last.windowStart(), last.windowEnd(),
                    g.timePatches(), g.bands(), g.timePatches() * g.bands());
            System.out.printf(Locale.ROOT, "explain: p50 %.0f ms, worst %.0f ms over %d runs after 2 warm-up "
                    + "(largest drop %.2f log-odds); %d cores, load average %.2f%n", ms[runs / 2], ms[runs - 1], runs,
                    last.maxDrop(), Runtime.getRuntime().availableProcessors(),
                    java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        }
        return ExitCodes.OK;
    }
}
