package org.sonicsight.app;

import org.sonicsight.cli.ExitCodes;
import org.sonicsight.cli.DevicesCommand;
import org.sonicsight.cli.GradioCommand;
import org.sonicsight.cli.IdentifyCommand;
import org.sonicsight.cli.ListenCommand;
import org.sonicsight.cli.RecordCommand;
import org.sonicsight.cli.SpectrogramCommand;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The {@code sonicsight} command and its subcommands. */
@Command(name = "sonicsight", mixinStandardHelpOptions = true, versionProvider = SonicSightCommand.Version.class,
        description = {"Hear it, see it, name it: spectrograms and sound identification (dog, cat or other).",
                "Run without a subcommand to open the desktop app (--kiosk for kiosk mode, --demo FILE to use a "
                        + "file as the microphone)."},
        subcommands = {IdentifyCommand.class, ListenCommand.class, SpectrogramCommand.class, RecordCommand.class, DevicesCommand.class,
                ServeCommand.class, BenchCommand.class, GradioCommand.class, CommandLine.HelpCommand.class})
public final class SonicSightCommand implements Runnable {

    @Option(names = "--debug", description = "Show stack traces and debug logs.", scope = CommandLine.ScopeType.INHERIT)
    boolean debug;

    @Option(names = "--log-level", paramLabel = "LEVEL", description = "ERROR, WARN, INFO, DEBUG or TRACE (default WARN).",
            scope = CommandLine.ScopeType.INHERIT)
    String logLevel;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Runs the CLI and returns the exit code; never throws. */
    public static int run(String... args) {
        return commandLine(new PrintWriter(System.out, true), new PrintWriter(System.err, true)).execute(args);
    }

    /** A configured command line writing to the given streams (tests use their own). */
    public static CommandLine commandLine(PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new SonicSightCommand());
        cl.setOut(out);
        cl.setErr(err);
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            commandLine.getErr().println("sonicsight: " + ExitCodes.oneLine(ex));
            if (LogSetup.debug()) {
                ex.printStackTrace(commandLine.getErr());
            }
            commandLine.getErr().flush();
            return ExitCodes.of(ex);
        });
        cl.setParameterExceptionHandler((ex, args) -> {
            CommandLine c = ex.getCommandLine();
            c.getErr().println("sonicsight: " + ex.getMessage());
            c.getErr().println("Try 'sonicsight " + (c.getCommandName().equals("sonicsight") ? "" : c.getCommandName() + " ")
                    + "--help' for usage.");
            c.getErr().flush();
            return ExitCodes.USAGE;
        });
        return cl;
    }


    /** Version from the jar manifest, or "dev" when run from classes. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = SonicSightCommand.class.getPackage().getImplementationVersion();
            return new String[] {"SonicSight " + (v == null ? "dev" : v),
                    "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")"};
        }
    }
}
