package org.sonicsight.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.sonicsight.core.config.AppConfig;
import org.sonicsight.testsupport.TestEnv;
import org.sonicsight.ui.DesktopOptions;
import picocli.CommandLine;

/**
 * The one command tree: which face a command line starts, and what the desktop is asked for by flags over
 * the kiosk service's environment. Nothing here reads the real environment.
 */
class MainTest {

    private static boolean opensDesktop(String... args) {
        return Main.opensDesktop(SonicSightCommand.commandLine(new PrintWriter(new StringWriter()),
                new PrintWriter(new StringWriter())), args);
    }

    /** What {@code sonicsight ARGS} would open with this environment; the command line's error when refused. */
    static DesktopOptions desktop(Map<String, String> env, String... args) {
        DesktopOptions[] opened = new DesktopOptions[1];
        StringWriter err = new StringWriter();
        int code = SonicSightCommand.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(err, true),
                AppConfig.fromEnvironment(env), env, (o, c) -> {
                    opened[0] = o;
                    return 0;
                }).execute(args);
        if (code != 0) {
            assertEquals(2, code, "a refused desktop command line is a usage error");
            throw new IllegalArgumentException(err.toString().strip());
        }
        return opened[0];
    }

    @Test
    void aSubcommandFirstRunsTheCli() {
        assertFalse(opensDesktop("identify", "clip.wav"));
        assertFalse(opensDesktop("--debug", "serve"));
        assertFalse(opensDesktop("--log-level", "DEBUG", "record", "-d", "1"));
        assertFalse(opensDesktop("--log-level=INFO", "devices"));
        assertFalse(opensDesktop("--help"));
        assertFalse(opensDesktop("--version"));
    }

    @Test
    void aSubcommandNameInAnyOtherPlaceIsAValueOrAFile() {
        assertTrue(opensDesktop());
        assertTrue(opensDesktop("--demo", "serve"));
        assertTrue(opensDesktop("--kiosk", "--space", "identify"));
        assertTrue(opensDesktop("--log-level", "serve"));
        assertTrue(opensDesktop("clip.wav"));
        // A file to open ends the options: what follows is another file, and only one opens.
        assertFalse(opensDesktop("clip.wav", "record"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> desktop(Map.of(), "a.wav", "b.wav"));
        assertTrue(e.getMessage().contains("b.wav"), e.getMessage());
    }

    @Test
    void desktopFlags() {
        DesktopOptions o = desktop(Map.of(), "--kiosk", "--debug", "--log-level", "INFO", "x.wav");
        assertTrue(o.kiosk());
        assertEquals(Path.of("x.wav"), o.openFile().orElseThrow());
        assertTrue(o.demoFile().isEmpty());
        Path demo = TestEnv.fixture("rain_esc50_22050hz_mono.wav");
        assertEquals(demo, desktop(Map.of(), "--demo", demo.toString()).demoFile().orElseThrow());
        for (List<String> bad : List.of(List.of("--demo"), List.of("--demo", "/no/such.wav"), List.of("--bogus"))) {
            assertThrows(IllegalArgumentException.class, () -> desktop(Map.of(), bad.toArray(String[]::new)),
                    bad.toString());
        }
    }

    @Test
    void kioskOptionsComeFromFlagsAndTheServiceEnvironment() {
        DesktopOptions env = desktop(Map.of("SONICSIGHT_KIOSK", "1", "SONICSIGHT_KIOSK_RETURN", "20",
                "SONICSIGHT_KIOSK_PIN", " 4321 ", "SONICSIGHT_LISTEN", "1", "SONICSIGHT_KIOSK_ATTRACT", "90"));
        assertTrue(env.kiosk());
        assertTrue(env.listen());
        assertEquals(90, env.kioskAttractSeconds());
        assertEquals(20, env.kioskReturnSeconds());
        assertEquals("4321", env.kioskPin().orElseThrow());
        assertTrue(env.kioskWindow().isEmpty());

        // What kiosk/run-app.sh passes.
        DesktopOptions flags = desktop(Map.of(), "--kiosk", "--serve", "3000", "--space", "user/space",
                "--kiosk-return=5", "--listen", "--kiosk-attract", "30");
        assertTrue(flags.kiosk());
        assertTrue(flags.listen());
        assertEquals(30, flags.kioskAttractSeconds());
        assertEquals(3000, flags.servePort().getAsInt());
        assertEquals("user/space", flags.space().orElseThrow());
        assertEquals(5, flags.kioskReturnSeconds());
        assertTrue(flags.kioskPin().isEmpty());

        // Flags win over the environment.
        DesktopOptions both = desktop(Map.of("SONICSIGHT_KIOSK_RETURN", "20", "SONICSIGHT_SPACE", "env/space"),
                "--kiosk-return", "7", "--space", "flag/space");
        assertEquals(7, both.kioskReturnSeconds());
        assertEquals("flag/space", both.space().orElseThrow());
        assertEquals("env/space", desktop(Map.of("SONICSIGHT_SPACE", "env/space")).space().orElseThrow());

        assertFalse(desktop(Map.of("SONICSIGHT_KIOSK", "0")).kiosk());
        assertFalse(desktop(Map.of()).kiosk());
        DesktopOptions sized = desktop(Map.of(), "--kiosk-size", "800x480");
        assertTrue(sized.kiosk(), "--kiosk-size implies --kiosk");
        assertEquals(new DesktopOptions.Size(800, 480), sized.kioskWindow().orElseThrow());

        DesktopOptions host = desktop(Map.of(), "--kiosk", "--serve", "0", "--serve-host", "127.0.0.1");
        assertEquals(Optional.of("127.0.0.1"), host.serveHost());
        for (List<String> bad : List.of(List.of("--serve"), List.of("--serve", "http"), List.of("--serve", "70000"),
                List.of("--kiosk-return", "0"), List.of("--kiosk-size", "big"), List.of("--space"),
                List.of("--serve-host", "::1"))) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> desktop(Map.of(), bad.toArray(String[]::new)), bad.toString());
            assertTrue(e.getMessage().contains(bad.get(0)), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> desktop(Map.of("SONICSIGHT_KIOSK_RETURN", "soon")));
    }

    @Test
    void langChoosesTheDesktopsLanguage() {
        assertEquals(Optional.of(java.util.Locale.GERMAN), desktop(Map.of(), "--lang", "de").language());
        assertEquals("es", desktop(Map.of(), "--kiosk", "--lang=es-MX").language().orElseThrow().getLanguage());
        assertEquals(Optional.of(java.util.Locale.FRENCH), desktop(Map.of("SONICSIGHT_LANG", "fr")).language());
        assertEquals(Optional.of(java.util.Locale.ENGLISH), desktop(Map.of("SONICSIGHT_LANG", "fr"), "--lang", "en")
                .language(), "the flag wins");
        assertTrue(desktop(Map.of()).language().isEmpty(), "no flag: the setting, else the system's");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> desktop(Map.of(), "--lang", "klingon"));
        assertTrue(e.getMessage().contains("--lang") && e.getMessage().contains("en, de, fr, es"), e.getMessage());
    }

    @Test
    void helpShowsTheDesktopOptionsAndTheirEnvironment() {
        StringWriter out = new StringWriter();
        CommandLine cl = SonicSightCommand.commandLine(new PrintWriter(out, true), new PrintWriter(new StringWriter()),
                AppConfig.defaults(), Map.of("SONICSIGHT_KIOSK_RETURN", "25"), (o, c) -> 0);
        assertEquals(0, cl.execute("--help"));
        String help = out.toString();
        for (String option : List.of("--kiosk", "--demo", "--kiosk-size", "--kiosk-return", "--kiosk-attract",
                "--serve", "--serve-host", "--space", "--listen", "identify", "serve")) {
            assertTrue(help.contains(option), option + " in\n" + help);
        }
        assertTrue(help.contains("SONICSIGHT_KIOSK_RETURN"), help);
        assertTrue(help.replaceAll("\\s+", " ").contains("now 25"), "the value in force:\n" + help);
    }
}
