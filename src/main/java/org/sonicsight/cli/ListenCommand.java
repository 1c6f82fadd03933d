package org.sonicsight.cli;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.Callable;
import org.sonicsight.core.audio.AudioDevices;
import org.sonicsight.core.audio.AudioInputException;
import org.sonicsight.core.audio.AudioSource;
import org.sonicsight.core.audio.FileAudioSource;
import org.sonicsight.core.audio.MicrophoneSource;
import org.sonicsight.core.classify.ClassifierException;
import org.sonicsight.core.backend.LocalModel;
import org.sonicsight.core.classify.onnx.OnnxClassifier;
import org.sonicsight.core.detect.DetectedEvent;
import org.sonicsight.core.detect.DetectorSettings;
import org.sonicsight.core.detect.LiveDetector;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "listen", mixinStandardHelpOptions = true,
        description = {"Listen continuously and print each dog or cat as it is heard (start and end in seconds "
                + "since listening began). Runs until Ctrl-C, or with --demo until the file ends.",
                "With --json, one object per event and line, flushed: start, end, verdict, label, confidence, "
                        + "backend, and file or device."})
public final class ListenCommand implements Callable<Integer> {

    @Option(names = {"-D", "--device"}, paramLabel = "NAME", description = "Input device (name or part of it; see 'devices').")
    String device;

    @Option(names = "--demo", paramLabel = "FILE", description = "Listen to FILE played as a microphone; stop at its end.")
    Path demo;

    @Option(names = "--speed", paramLabel = "X", defaultValue = "1",
            description = "With --demo, play the file X times faster than real time (default 1).")
    double speed;

    @Option(names = "--json", description = "One JSON object per event and line.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        if (device != null && demo != null) {
            throw new UserException("Give --device or --demo, not both.", ExitCodes.USAGE);
        }
        if (!(speed > 0) || speed > 1000) {
            throw new UserException("--speed must be more than 0 and at most 1000.", ExitCodes.USAGE);
        }
        if (speed != 1 && demo == null) {
            throw new UserException("--speed only applies to --demo FILE.", ExitCodes.USAGE);
        }
        if (demo != null) {
            org.sonicsight.core.audio.AudioDecoder.open(demo, 0).close(); // a bad file is a bad file, not a model error
        }
        AudioDevices.InputDevice input = demo == null ? AudioDevices.find(device) : null;
        try (OnnxClassifier model = LocalModel.open()) {
            AudioSource source = demo != null
                    ? new FileAudioSource(demo, model.sampleRate(), true, false, 20, speed)
                    : new MicrophoneSource(input);
            String key = demo != null ? "file" : "device";
            String name = demo != null ? demo.toString() : input.name();
            String backend = model.name();
            CountDownLatch finished = new CountDownLatch(1);
            AtomicReference<Exception> failure = new AtomicReference<>();
            LiveDetector detector = new LiveDetector(model, DetectorSettings.DEFAULTS, demo != null,
                    new LiveDetector.Events() {
                        @Override
                        public void onEvent(DetectedEvent e) {
                            synchronized (System.out) {
                                System.out.println(json ? EventLines.json(key, name, e, backend)
                                        : EventLines.text(name, e));
                                System.out.flush();
                            }
                        }

                        @Override
                        public void onFinished(Exception error) {
                            failure.set(error);
                            finished.countDown();
                        }
                    });
            if (!json) {
                System.err.println("Listening to " + source.name() + (demo == null ? " (Ctrl-C to stop)" : "") + "...");
            }
            // Ctrl-C: stop the source so the events still open are reported before the JVM exits.
            Thread hook = new Thread(() -> {
                source.stop();
                try {
                    finished.await(3, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "listen-shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
            try {
                detector.start(source);
                finished.await();
            } finally {
                source.stop();
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException alreadyShuttingDown) {
                    // the hook is running: it stops the source itself
                }
            }
            Exception error = failure.get();
            if (error instanceof AudioInputException || error instanceof ClassifierException) {
                System.err.println("sonicsight: " + ExitCodes.oneLine(error));
                return ExitCodes.of(error);
            }
            if (error != null) {
                System.err.println("sonicsight: listening stopped: " + ExitCodes.oneLine(error));
                return ExitCodes.FAILURE;
            }
        }
        return ExitCodes.OK;
    }
}
