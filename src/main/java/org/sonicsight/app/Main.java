package org.sonicsight.app;

import java.util.Set;
import org.sonicsight.ui.DesktopLauncher;
import org.sonicsight.core.classify.ModelThreads;

/**
 * Entry point of {@code sonicsight.jar}. A known subcommand runs the CLI;
 * anything else (no argument, {@code --kiosk}, {@code --demo FILE}, a file to
 * open) starts the desktop app. Not a JavaFX {@code Application} on purpose:
 * that lets the JavaFX jars sit on the plain classpath.
 */
public final class Main {

    static final Set<String> SUBCOMMANDS = Set.of("identify", "listen", "spectrogram", "record", "devices", "serve", "bench",
            "gradio", "help", "--help", "-h", "--version", "-V");

    private Main() {
    }

    public static void main(String[] args) {
        LogSetup.configure(args);
        if (isCliInvocation(args)) {
            System.exit(runCli(args));
        }
        System.exit(launchDesktop(args));
    }

    /**
     * Runs the CLI on a thread with an explicit stack: commands run the model
     * (native code) on their own thread, and the JVM's main thread has only
     * the default 1 MiB, which native code overflowed (see ModelThreads).
     */
    private static int runCli(String[] args) {
        try {
            return ModelThreads.call("main-cli", ModelThreads.STACK_BYTES, () -> SonicSightCommand.run(args));
        } catch (Exception e) {
            // SonicSightCommand.run never throws; this is only here for the compiler.
            System.err.println("sonicsight: " + e.getMessage());
            return 1;
        }
    }

    /**
     * The CLI runs when the first argument that is not a global option names
     * a subcommand. Only the first: a later one is a value or a file
     * ({@code --demo serve}, a recording called {@code record}).
     */
    static boolean isCliInvocation(String[] args) {
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--debug") || a.startsWith("--log-level=")) {
                continue;
            }
            if (a.equals("--log-level")) {
                i++; // its value
                continue;
            }
            return SUBCOMMANDS.contains(a);
        }
        return false;
    }

    private static int launchDesktop(String[] args) {
        try {
            return DesktopLauncher.launch(args, EmbeddedWeb::start);
        } catch (LinkageError e) {
            System.err.println("sonicsight: the desktop app could not start: " + e.getMessage());
            if (LogSetup.debug()) {
                e.printStackTrace();
            }
            return 1;
        }
    }
}
