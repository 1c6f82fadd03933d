package org.sonicsight.ui;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The desktop app's command line: {@code [--kiosk] [--kiosk-return S] [--kiosk-attract S] [--listen]
 * [--kiosk-size WxH] [--serve PORT] [--serve-host ADDR] [--space ID|URL] [--demo FILE] [--debug] [--log-level L]
 * [FILE]}. The kiosk service sets the same things through its environment
 * file: {@code SONICSIGHT_KIOSK=1}, {@code SONICSIGHT_LISTEN=1}, {@code SONICSIGHT_KIOSK_ATTRACT},
 * {@code SONICSIGHT_KIOSK_RETURN},
 * {@code SONICSIGHT_KIOSK_PIN} (never a flag: flags show up in {@code ps}).
 *
 * @param kioskReturnSeconds how long a kiosk result stays before the ready screen comes back
 * @param kioskPin           the owner-exit PIN; empty: the exit asks only for a confirmation
 * @param kioskWindow        try the kiosk in a window of this size instead of full screen (to see a
 *                           touchscreen's layout on a desktop)
 * @param servePort          also serve the web page and API from this process on this port
 * @param serveHost          address it binds: all interfaces unless given ("127.0.0.1" behind a reverse proxy or
 *                           tunnel on the same machine)
 * @param space              ask this Gradio Space for this run (falls back to the local model)
 * @param demoFile           file played as a virtual microphone
 * @param openFile           file to open at start
 * @param listen             start listening continuously (events marked and saved) at once
 * @param kioskAttractSeconds a kiosk left alone this long shows its attract screen
 */
record LaunchOptions(boolean kiosk, double kioskReturnSeconds, Optional<String> kioskPin,
                     Optional<KioskMode.WindowSize> kioskWindow, OptionalInt servePort, Optional<String> serveHost,
                     Optional<String> space, boolean debug, Optional<Path> demoFile, Optional<Path> openFile,
                     boolean listen, double kioskAttractSeconds) {

    static final double DEFAULT_KIOSK_ATTRACT_SECONDS = 60;

    static final double DEFAULT_KIOSK_RETURN_SECONDS = 12;

    static LaunchOptions parse(List<String> args) {
        return parse(args, System.getenv());
    }

    /** @throws IllegalArgumentException with a sentence for people */
    static LaunchOptions parse(List<String> args, Map<String, String> env) {
        boolean kiosk = isOn(env.get("SONICSIGHT_KIOSK"));
        double kioskReturn = env.containsKey("SONICSIGHT_KIOSK_RETURN") && !env.get("SONICSIGHT_KIOSK_RETURN").isBlank()
                ? seconds("SONICSIGHT_KIOSK_RETURN", env.get("SONICSIGHT_KIOSK_RETURN"))
                : DEFAULT_KIOSK_RETURN_SECONDS;
        String pin = env.getOrDefault("SONICSIGHT_KIOSK_PIN", "").strip();
        KioskMode.WindowSize window = null;
        Integer port = null;
        String serveHost = null;
        String space = null;
        boolean debug = false;
        boolean listen = isOn(env.get("SONICSIGHT_LISTEN"));
        double attract = env.containsKey("SONICSIGHT_KIOSK_ATTRACT") && !env.get("SONICSIGHT_KIOSK_ATTRACT").isBlank()
                ? seconds("SONICSIGHT_KIOSK_ATTRACT", env.get("SONICSIGHT_KIOSK_ATTRACT"))
                : DEFAULT_KIOSK_ATTRACT_SECONDS;
        Path demo = null;
        Path open = null;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            String inline = null;
            int eq = a.indexOf('=');
            if (a.startsWith("--") && eq > 0) {
                inline = a.substring(eq + 1);
                a = a.substring(0, eq);
            }
            switch (a) {
                case "--kiosk" -> kiosk = true;
                case "--debug" -> debug = true;
                case "--listen" -> listen = true;
                case "--log-level" -> {
                    if (inline == null) {
                        i++;
                    }
                }
                case "--demo" -> demo = Path.of(inline != null ? inline : value(args, ++i, "--demo",
                        "a file to play as a virtual microphone"));
                case "--kiosk-return" -> kioskReturn = seconds("--kiosk-return",
                        inline != null ? inline : value(args, ++i, "--kiosk-return", "a number of seconds"));
                case "--kiosk-attract" -> attract = seconds("--kiosk-attract",
                        inline != null ? inline : value(args, ++i, "--kiosk-attract", "a number of seconds"));
                case "--kiosk-size" -> {
                    kiosk = true;
                    window = size(inline != null ? inline : value(args, ++i, "--kiosk-size", "a size like 800x480"));
                }
                case "--serve" -> port = port(inline != null ? inline : value(args, ++i, "--serve", "a port number"));
                case "--serve-host" -> serveHost = inline != null ? inline : value(args, ++i, "--serve-host",
                        "an address such as 127.0.0.1");
                case "--space" -> space = inline != null ? inline : value(args, ++i, "--space",
                        "a Space id (user/name) or a URL");
                default -> {
                    if (a.startsWith("-")) {
                        throw new IllegalArgumentException("Unknown option " + a + " (the desktop app takes --kiosk,"
                                + " --kiosk-return S, --kiosk-attract S, --kiosk-size WxH, --serve PORT, --serve-host ADDR, --space ID|URL, --demo FILE, --listen, --debug and a file to open).");
                    } else if (open != null) {
                        throw new IllegalArgumentException("Open one file at a time (got " + open + " and " + a + ").");
                    } else {
                        open = Path.of(a);
                    }
                }
            }
        }
        if (demo != null && !Files.isRegularFile(demo)) {
            throw new IllegalArgumentException("The demo file " + demo + " does not exist.");
        }
        if (serveHost != null && port == null) {
            throw new IllegalArgumentException("--serve-host needs --serve PORT too.");
        }
        if (space != null && space.isBlank()) {
            space = null;
        }
        return new LaunchOptions(kiosk, kioskReturn, pin.isEmpty() ? Optional.empty() : Optional.of(pin),
                Optional.ofNullable(window), port == null ? OptionalInt.empty() : OptionalInt.of(port),
                Optional.ofNullable(serveHost).map(String::strip).filter(h -> !h.isEmpty()), Optional.ofNullable(space), debug,
                Optional.ofNullable(demo), Optional.ofNullable(open), listen, attract);
    }

    /** The kiosk's settings when this is a kiosk launch. */
    Optional<KioskMode.Config> kioskConfig(Runnable ownerExit) {
        return kiosk ? Optional.of(new KioskMode.Config(kioskReturnSeconds, kioskPin, kioskWindow, ownerExit,
                kioskAttractSeconds))
                : Optional.empty();
    }

    private static KioskMode.WindowSize size(String v) {
        String[] parts = v.strip().toLowerCase(java.util.Locale.ROOT).split("x");
        try {
            if (parts.length == 2) {
                int w = Integer.parseInt(parts[0]);
                int h = Integer.parseInt(parts[1]);
                if (w >= 320 && h >= 240 && w <= 7680 && h <= 4320) {
                    return new KioskMode.WindowSize(w, h);
                }
            }
        } catch (NumberFormatException e) {
            // fall through to the sentence below
        }
        throw new IllegalArgumentException("--kiosk-size needs a size like 800x480 (got " + v + ").");
    }

    private static String value(List<String> args, int i, String option, String what) {
        if (i >= args.size()) {
            throw new IllegalArgumentException(option + " needs " + what + ".");
        }
        return args.get(i);
    }

    private static boolean isOn(String v) {
        return v != null && (v.equals("1") || v.equalsIgnoreCase("true") || v.equalsIgnoreCase("yes"));
    }

    private static double seconds(String option, String v) {
        try {
            double s = Double.parseDouble(v.strip());
            if (s >= 1 && s <= 3600) {
                return s;
            }
        } catch (NumberFormatException e) {
            // fall through to the sentence below
        }
        throw new IllegalArgumentException(option + " must be a number of seconds from 1 to 3600 (got " + v + ").");
    }

    private static int port(String v) {
        try {
            int p = Integer.parseInt(v.strip());
            if (p >= 0 && p <= 65535) {
                return p;
            }
        } catch (NumberFormatException e) {
            // fall through to the sentence below
        }
        throw new IllegalArgumentException("--serve needs a port from 0 to 65535 (got " + v + ").");
    }
}
