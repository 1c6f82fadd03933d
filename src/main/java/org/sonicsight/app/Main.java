package org.sonicsight.app;

import java.io.PrintWriter;
import java.util.Map;
import org.sonicsight.core.classify.ModelThreads;
import org.sonicsight.core.config.AppConfig;
import picocli.CommandLine;

/**
 * Entry point of {@code sonicsight.jar} and the composition root: reads the environment once (here and nowhere
 * else), builds the {@link AppConfig}, and runs the one command tree ({@link SonicSightCommand}), whose root
 * opens the desktop app and whose subcommands are the CLI. Not a JavaFX {@code Application} on purpose.
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        Map<String, String> env = System.getenv();
        String cacheHome = env.get("XDG_CACHE_HOME");
        if (cacheHome != null && !cacheHome.isBlank()) {
            System.setProperty(org.sonicsight.core.classify.onnx.OrtNativeCache.CACHE_HOME_PROPERTY, cacheHome);
        }
        LogSetup.configure(args, env.get("SONICSIGHT_LOG_LEVEL"));
        AppConfig config = AppConfig.fromEnvironment(env);
        System.exit(run(args, config, env));
    }

    static int run(String[] args, AppConfig config, Map<String, String> env) {
        CommandLine cl = SonicSightCommand.commandLine(new PrintWriter(System.out, true),
                new PrintWriter(System.err, true), config, env, SonicSightCommand.REAL_DESKTOP);
        if (opensDesktop(cl, args)) {
            return cl.execute(args);
        }
        // The CLI runs on a thread with an explicit stack: commands run the model (native code) on their own
        // thread, and the JVM's main thread has only the default 1 MiB, which native code overflowed (ModelThreads).
        try {
            return ModelThreads.call("main-cli", ModelThreads.STACK_BYTES, () -> cl.execute(args));
        } catch (Exception e) {
            // execute never throws; this is only here for the compiler.
            System.err.println("sonicsight: " + e.getMessage());
            return 1;
        }
    }

    /**
     * True when these arguments open the desktop (or kiosk): no subcommand and no help or version request. A
     * subcommand counts only where an option or a file to open could stand: {@code --demo serve} plays a file
     * called serve, {@code clip.wav record} is two files.
     */
    static boolean opensDesktop(CommandLine cl, String[] args) {
        try {
            CommandLine.ParseResult r = cl.parseArgs(args);
            return !r.hasSubcommand() && !r.isUsageHelpRequested() && !r.isVersionHelpRequested();
        } catch (CommandLine.ParameterException e) {
            return false; // the CLI path reports it
        }
    }
}
