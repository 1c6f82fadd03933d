package org.sonicsight.app;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.sonicsight.cli.ExitCodes;
import org.sonicsight.cli.UserException;
import org.sonicsight.core.backend.Backends;
import org.sonicsight.core.classify.Classifier;
import org.sonicsight.core.config.AppConfig;
import org.sonicsight.web.WebClassifiers;
import org.sonicsight.web.WebConfig;
import org.sonicsight.web.WebServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Serve the SonicSight web page and JSON API until interrupted (Ctrl+C).",
                "The port defaults to $PORT, else 3000. Uses the embedded model unless --space is given."})
final class ServeCommand implements Callable<Integer> {

    private final AppConfig appConfig;

    ServeCommand(AppConfig appConfig) {
        this.appConfig = appConfig;
    }

    @Option(names = {"-p", "--port"}, paramLabel = "N", defaultValue = "${env:PORT:-3000}",
            description = "TCP port (env PORT, as the original site honoured; default ${DEFAULT-VALUE}; 0 picks one).")
    int port;

    @Option(names = "--host", defaultValue = "0.0.0.0", paramLabel = "ADDR",
            description = "Address to listen on (default 0.0.0.0; 127.0.0.1 behind a reverse proxy).")
    String host;

    @Option(names = "--space", paramLabel = "ID|URL", description = "Ask a Gradio app instead of the local model.")
    String space;

    @Option(names = "--api", paramLabel = "NAME", description = "Gradio endpoint to call (e.g. /predict_audio).")
    String apiName;

    @Option(names = "--token", paramLabel = "TOKEN", description = "Hugging Face token (default: $HF_TOKEN).")
    String token;

    @Option(names = "--max-upload-mb", defaultValue = "10", paramLabel = "MB", description = "Largest upload (default 10).")
    double maxUploadMb;

    @Option(names = "--max-seconds", paramLabel = "S",
            description = "Only the first S seconds of a recording are analysed (default: the web's analysis limit, 60).")
    Double maxSeconds;

    @Option(names = "--timeout", defaultValue = "30", paramLabel = "S", description = "Request timeout in seconds (default 30).")
    double timeoutSeconds;

    @Option(names = "--workers", paramLabel = "N", description = "Analyses at the same time (default: one per core).")
    Integer workers;

    @Option(names = "--queue", defaultValue = "32", paramLabel = "N",
            description = "Analyses that may wait; more are refused with 429 (default 32).")
    int queue;

    @Option(names = "--fallback-after", defaultValue = "15", paramLabel = "S",
            description = "With --space: the local model answers when the Space has not within S seconds, or fails "
                    + "(default 15); the answer's backend and fallback fields say so.")
    double fallbackSeconds;

    @Option(names = "--no-fallback", description = "With --space: answer 502 when the Space fails.")
    boolean noFallback;

    @Option(names = "--max-uploads", defaultValue = "32", paramLabel = "N",
            description = "Uploads received at the same time; more are refused with 503 (default 32).")
    int maxUploads;

    @Option(names = "--min-upload-rate", defaultValue = "4096", paramLabel = "BYTES/S",
            description = "Slowest accepted upload, averaged; slower ones are cut off with 408 (default 4096, 0: off).")
    long minUploadRate;

    @Option(names = "--idle-timeout", defaultValue = "15", paramLabel = "S",
            description = "Close connections silent for this long (default 15).")
    double idleSeconds;

    @Override
    public Integer call() throws Exception {
        int p = port;
        if (p < 0 || p > 65535) {
            throw new UserException("--port must be between 0 and 65535.", ExitCodes.USAGE);
        }
        WebConfig config;
        try {
            WebConfig d = WebConfig.defaults();
            config = d.withHost(host)
                    .withMaxUploadBytes((long) (maxUploadMb * WebConfig.MB))
                    .withMaxAnalysisSeconds(maxSeconds != null ? maxSeconds : appConfig.limits().webSeconds())
                    .withRequestTimeout(Duration.ofMillis((long) (timeoutSeconds * 1000)))
                    .withConcurrency(workers != null ? workers : d.workers(), queue)
                    .withUploadGuards(maxUploads, minUploadRate, Duration.ofMillis((long) (idleSeconds * 1000)));
        } catch (IllegalArgumentException e) {
            throw new UserException("Invalid limit: " + e.getMessage() + ".", ExitCodes.USAGE);
        }
        Classifier classifier = openClassifier();
        CountDownLatch stopped = new CountDownLatch(1);
        try (WebServer server = new WebServer(classifier, config)) {
            try {
                server.start(p);
            } catch (IllegalStateException e) {
                throw new UserException(e.getMessage(), ExitCodes.FAILURE);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                server.stop();
                stopped.countDown();
            }, "web-shutdown"));
            String shown = host.equals("0.0.0.0") ? "localhost" : host;
            System.out.println("SonicSight web: http://" + shown + ":" + server.port() + "/  (" + classifier.name()
                    + "; Ctrl+C stops)");
            System.out.flush();
            stopped.await();
        } finally {
            classifier.close();
        }
        return ExitCodes.OK;
    }

    private Classifier openClassifier() {
        if (!(fallbackSeconds > 0)) {
            throw new UserException("--fallback-after must be a positive number of seconds.", ExitCodes.USAGE);
        }
        return WebClassifiers.open(new Backends(appConfig), space, apiName, token,
                noFallback ? null : Duration.ofMillis((long) (fallbackSeconds * 1000)),
                why -> System.err.println("sonicsight: warning: identification is off: " + why));
    }
}
