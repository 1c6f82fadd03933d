package org.sonicsight.ui;

import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * How the desktop app starts, as the command tree ({@code app.SonicSightCommand}: flags over
 * {@code SONICSIGHT_*} environment defaults) decided it. The kiosk service sets the same things through its
 * environment file; the PIN comes only from the environment ({@code SONICSIGHT_KIOSK_PIN}: flags show up in
 * {@code ps}).
 *
 * @param kiosk              full-screen kiosk layout instead of the desktop window
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
 * @param language           the language for this run ({@code --lang}); empty: the setting, else the system's
 */
public record DesktopOptions(boolean kiosk, double kioskReturnSeconds, Optional<String> kioskPin,
                             Optional<Size> kioskWindow, OptionalInt servePort, Optional<String> serveHost,
                             Optional<String> space, Optional<Path> demoFile, Optional<Path> openFile,
                             boolean listen, double kioskAttractSeconds, Optional<java.util.Locale> language) {

    public static final double DEFAULT_KIOSK_ATTRACT_SECONDS = 60;

    public static final double DEFAULT_KIOSK_RETURN_SECONDS = 12;

    /** A window size in pixels. */
    public record Size(int width, int height) {
    }

    /** The plain desktop: no kiosk, no server, nothing opened. */
    public static DesktopOptions desktop() {
        return new DesktopOptions(false, DEFAULT_KIOSK_RETURN_SECONDS, Optional.empty(), Optional.empty(),
                OptionalInt.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), false,
                DEFAULT_KIOSK_ATTRACT_SECONDS, Optional.empty());
    }

    /** The kiosk's settings when this is a kiosk launch. */
    Optional<KioskMode.Config> kioskConfig(Runnable ownerExit) {
        return kiosk ? Optional.of(new KioskMode.Config(kioskReturnSeconds, kioskPin,
                kioskWindow.map(s -> new KioskMode.WindowSize(s.width(), s.height())), ownerExit,
                kioskAttractSeconds))
                : Optional.empty();
    }
}
