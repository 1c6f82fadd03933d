package org.sonicsight.cli;

import java.util.concurrent.Callable;
import org.sonicsight.core.classify.gradio.GradioClient;
import org.sonicsight.core.classify.gradio.GradioEndpoint;
import org.sonicsight.core.classify.gradio.GradioException;
import org.sonicsight.core.classify.gradio.GradioOptions;
import org.sonicsight.core.classify.gradio.GradioParameter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import org.sonicsight.core.config.AppConfig;

/** {@code sonicsight gradio ...}: look at Gradio apps. */
@Command(name = "gradio", mixinStandardHelpOptions = true, description = "Inspect Gradio apps and Spaces.",
        subcommands = {GradioCommand.Info.class})
public final class GradioCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "info", mixinStandardHelpOptions = true,
            description = "List the endpoints of a Gradio app with their parameters and component types.")
    public static final class Info implements Callable<Integer> {

        private final AppConfig config;

        public Info(AppConfig config) {
            this.config = config;
        }

        @Option(names = "--space", required = true, paramLabel = "ID|URL",
                description = "Hugging Face Space id (owner/name) or app URL.")
        String space;

        @Option(names = "--token", paramLabel = "TOKEN", description = "Hugging Face token (default: $HF_TOKEN).")
        String token;

        @Option(names = "--all", description = "Also list endpoints the app hides from its API page.")
        boolean all;

        @Override
        public Integer call() throws Exception {
            GradioOptions options = config.gradio(token);
            try (GradioClient c = GradioClient.connect(space, options, null)) {
                System.out.printf("%s: Gradio %s at %s (%s)%n", c.source(), c.version(), c.root(), c.protocol());
                for (GradioEndpoint e : c.endpoints()) {
                    if (!e.documented() && !all) {
                        continue;
                    }
                    System.out.println();
                    System.out.println(e.apiName() + (e.documented() ? "" : "  (undocumented)"));
                    if (e.description() != null && !e.description().isBlank()) {
                        System.out.println("  " + e.description().strip().lines().findFirst().orElse(""));
                    }
                    System.out.println("  parameters:");
                    if (e.parameters().isEmpty()) {
                        System.out.println("    (none)");
                    }
                    for (GradioParameter p : e.parameters()) {
                        System.out.println("    " + p.describe() + (p.isFile() ? "  [file]" : ""));
                    }
                    System.out.println("  returns:");
                    for (GradioParameter r : e.returns()) {
                        System.out.println("    " + r.describe());
                    }
                }
                return ExitCodes.OK;
            } catch (GradioException e) {
                throw e.toClassifierException();
            }
        }
    }
}
