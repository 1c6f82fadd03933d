package org.sonicsight.app;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import org.sonicsight.cli.DevicesCommand;
import org.sonicsight.cli.ExitCodes;
import org.sonicsight.cli.GradioCommand;
import org.sonicsight.cli.IdentifyCommand;
import org.sonicsight.cli.ListenCommand;
import org.sonicsight.cli.RecordCommand;
import org.sonicsight.cli.SpectrogramCommand;
import org.sonicsight.core.config.AppConfig;
import org.sonicsight.ui.DesktopLauncher;
import org.sonicsight.ui.DesktopOptions;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The one command tree: {@code sonicsight [OPTIONS] [FILE]} opens the desktop app (or the kiosk), and every
 * subcommand is a command-line tool. Options that the kiosk's service sets through its environment file take
 * their defaults from {@code SONICSIGHT_*} variables ({@code ${env:…}} below; {@code --help} shows them).
 */
@Command(name = "sonicsight", mixinStandardHelpOptions = true, versionProvider = SonicSightCommand.Version.class,
        sortOptions = false,
        description = {"Hear it, see it, name it: spectrograms and sound identification (dog, cat or other).",
                "Without a subcommand it opens the desktop app (--kiosk for kiosk mode, --demo FILE to use a "
                        + "file as the microphone, FILE to open a file)."},
        subcommands = {IdentifyCommand.class, ListenCommand.class, SpectrogramCommand.class, RecordCommand.class, DevicesCommand.class,
                ServeCommand.class, BenchCommand.class, GradioCommand.class, CommandLine.HelpCommand.class})
public final class SonicSightCommand implements Callable<Integer> {

    /** Opens the desktop app with these options; returns the process's exit code. */
    @FunctionalInterface
    public interface Desktop {
        int open(DesktopOptions options, AppConfig config);
    }

    /** The real desktop, with the web server the composition root wires in for {@code --serve}. */
    static final Desktop REAL_DESKTOP = (options, config) -> {
        DesktopLauncher.onFirstFrame(() -> {
            System.out.println(DesktopLauncher.FIRST_FRAME_LINE);
            System.out.flush();
        });
        return DesktopLauncher.launch(options, config, EmbeddedWeb.factory(config));
    };

    @Option(names = "--debug", description = "Show stack traces and debug logs.", scope = CommandLine.ScopeType.INHERIT)
    boolean debug;

    @Option(names = "--log-level", paramLabel = "LEVEL",
            description = "ERROR, WARN, INFO, DEBUG or TRACE (env SONICSIGHT_LOG_LEVEL; default WARN).",
            scope = CommandLine.ScopeType.INHERIT)
    String logLevel;

    @Option(names = "--kiosk", defaultValue = "${env:SONICSIGHT_KIOSK:-false}",
            description = "Kiosk mode: full screen, one big button, locked against visitors (env SONICSIGHT_KIOSK=1).")
    boolean kiosk;

    @Option(names = "--kiosk-size", paramLabel = "WxH", defaultValue = "${env:SONICSIGHT_KIOSK_SIZE:-}",
            description = "The kiosk in a window of this size (e.g. 800x480), to try a touchscreen's layout; "
                    + "implies --kiosk (env SONICSIGHT_KIOSK_SIZE).")
    String kioskSize;

    @Option(names = "--kiosk-return", paramLabel = "S", defaultValue = "${env:SONICSIGHT_KIOSK_RETURN:-12}",
            description = "Seconds a kiosk answer stays before the ready screen returns, 1 to 3600 "
                    + "(env SONICSIGHT_KIOSK_RETURN; now ${DEFAULT-VALUE}).")
    String kioskReturn;

    @Option(names = "--kiosk-attract", paramLabel = "S", defaultValue = "${env:SONICSIGHT_KIOSK_ATTRACT:-60}",
            description = "Seconds a kiosk left alone waits before its attract screen, 1 to 3600 "
                    + "(env SONICSIGHT_KIOSK_ATTRACT; now ${DEFAULT-VALUE}).")
    String kioskAttract;

    @Option(names = "--listen", defaultValue = "${env:SONICSIGHT_LISTEN:-false}",
            description = "Start listening at once: every dog and cat heard is marked and saved (env SONICSIGHT_LISTEN=1).")
    boolean listen;

    @Option(names = "--serve", paramLabel = "PORT", defaultValue = "${env:SONICSIGHT_SERVE:-}",
            description = "Also serve the web page and API from the app on this port (env SONICSIGHT_SERVE).")
    String serve;

    @Option(names = "--serve-host", paramLabel = "ADDR", defaultValue = "${env:SONICSIGHT_SERVE_HOST:-}",
            description = "Address --serve binds (default all interfaces; 127.0.0.1 behind a reverse proxy or "
                    + "tunnel) (env SONICSIGHT_SERVE_HOST).")
    String serveHost;

    @Option(names = "--space", paramLabel = "ID|URL", defaultValue = "${env:SONICSIGHT_SPACE:-}",
            description = "Ask this Gradio Space (owner/name or URL) for this run; the local model answers when it "
                    + "is down (env SONICSIGHT_SPACE).")
    String space;

    @Option(names = "--demo", paramLabel = "FILE", defaultValue = "${env:SONICSIGHT_DEMO:-}",
            description = "Play FILE as a virtual microphone (env SONICSIGHT_DEMO).")
    String demo;

    @Option(names = "--lang", paramLabel = "LANG", defaultValue = "${env:SONICSIGHT_LANG:-}",
            description = "The app's language: en, de, fr or es (env SONICSIGHT_LANG; default: the setting, "
                    + "else the system's).")
    String lang;

    @Parameters(arity = "0..1", paramLabel = "FILE", description = "An audio file to open.")
    Path file;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private final AppConfig config;
    private final Desktop desktop;

    SonicSightCommand(AppConfig config, Desktop desktop) {
        this.config = config;
        this.desktop = desktop;
    }

    @Override
    public Integer call() {
        return desktop.open(desktopOptions(), config);
    }

    /**
     * What the flags (over their environment defaults) ask of the desktop app.
     *
     * @throws CommandLine.ParameterException with a sentence naming the option (exit 2)
     */
    DesktopOptions desktopOptions() {
        Optional<DesktopOptions.Size> window = blank(kioskSize) ? Optional.empty() : Optional.of(size(kioskSize));
        OptionalInt port = blank(serve) ? OptionalInt.empty() : OptionalInt.of(port(serve));
        Optional<String> host = blank(serveHost) ? Optional.empty() : Optional.of(serveHost.strip());
        if (host.isPresent() && port.isEmpty()) {
            throw usage("--serve-host needs --serve PORT too.");
        }
        Optional<Path> demoFile = blank(demo) ? Optional.empty() : Optional.of(Path.of(demo.strip()));
        if (demoFile.isPresent() && !Files.isRegularFile(demoFile.get())) {
            throw usage("The demo file " + demoFile.get() + " does not exist.");
        }
        return new DesktopOptions(kiosk || window.isPresent(), seconds("--kiosk-return", kioskReturn),
                config.kioskPin(), window, port, host, blank(space) ? Optional.empty() : Optional.of(space.strip()),
                demoFile, Optional.ofNullable(file), listen, seconds("--kiosk-attract", kioskAttract), language());
    }

    /** --lang: one of the languages SonicSight speaks, or nothing (the setting, else the system's). */
    private Optional<java.util.Locale> language() {
        if (blank(lang)) {
            return Optional.empty();
        }
        try {
            return Optional.of(org.sonicsight.core.i18n.Languages.parse(lang));
        } catch (IllegalArgumentException e) {
            throw usage("--lang: " + e.getMessage());
        }
    }

    private CommandLine.ParameterException usage(String sentence) {
        return new CommandLine.ParameterException(spec.commandLine(), sentence);
    }

    private static boolean blank(String v) {
        return v == null || v.isBlank();
    }

    private DesktopOptions.Size size(String v) {
        String[] parts = v.strip().toLowerCase(Locale.ROOT).split("x");
        try {
            if (parts.length == 2) {
                int w = Integer.parseInt(parts[0]);
                int h = Integer.parseInt(parts[1]);
                if (w >= 320 && h >= 240 && w <= 7680 && h <= 4320) {
                    return new DesktopOptions.Size(w, h);
                }
            }
        } catch (NumberFormatException e) {
            // the sentence below
        }
        throw usage("--kiosk-size needs a size like 800x480 (got " + v + ").");
    }

    private double seconds(String option, String v) {
        try {
            double s = Double.parseDouble(v.strip());
            if (s >= 1 && s <= 3600) {
                return s;
            }
        } catch (NumberFormatException e) {
            // the sentence below
        }
        throw usage(option + " must be a number of seconds from 1 to 3600 (got " + v + ").");
    }

    private int port(String v) {
        try {
            int p = Integer.parseInt(v.strip());
            if (p >= 0 && p <= 65535) {
                return p;
            }
        } catch (NumberFormatException e) {
            // the sentence below
        }
        throw usage("--serve needs a port from 0 to 65535 (got " + v + ").");
    }

    /** Runs a command over the defaults and no environment, on the standard streams (tests); returns its exit code. */
    public static int run(String... args) {
        return commandLine(new PrintWriter(System.out, true), new PrintWriter(System.err, true)).execute(args);
    }

    /**
     * A command line over the defaults and no environment, writing to the given streams (tests); the desktop
     * is refused.
     */
    public static CommandLine commandLine(PrintWriter out, PrintWriter err) {
        return commandLine(out, err, AppConfig.defaults(), Map.of(), (options, config) -> {
            throw new IllegalStateException("no desktop in this command line");
        });
    }

    /**
     * The configured command tree.
     *
     * @param config  what every command is given
     * @param env     the environment the options' {@code ${env:…}} defaults are read from
     * @param desktop opens the desktop app when no subcommand is named
     */
    public static CommandLine commandLine(PrintWriter out, PrintWriter err, AppConfig config, Map<String, String> env,
                                          Desktop desktop) {
        CommandLine cl = new CommandLine(new SonicSightCommand(config, desktop), new ConfigFactory(config));
        cl.getCommandSpec().parser().stopAtPositional(true); // a file to open ends the options: FILE record is two files
        cl.setAllowSubcommandsAsOptionParameters(true); // --demo serve plays a file called serve
        cl.setDefaultValueProvider(new EnvDefaults(env));
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
