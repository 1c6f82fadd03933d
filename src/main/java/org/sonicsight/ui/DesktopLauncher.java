package org.sonicsight.ui;

import org.sonicsight.core.config.AppConfig;
import javafx.application.Application;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the desktop app from {@code app.Main} (by reflection, so the CLI
 * works without JavaFX). Not an {@code Application} itself: that keeps the
 * JavaFX jars on the plain classpath.
 */
public final class DesktopLauncher {

    private static final Logger LOG = LoggerFactory.getLogger(DesktopLauncher.class);

    /**
     * System property for {@code bench startup}: when true, the app prints {@link #FIRST_FRAME_LINE} once its
     * first frame has been rendered and exits.
     */
    public static final String FIRST_FRAME_EXIT = "sonicsight.bench.firstFrameExit";
    /** The line printed on standard output after the first rendered frame (with the property above). */
    public static final String FIRST_FRAME_LINE = "sonicsight: first frame rendered";

    /** What to do once the first frame is on screen (set by the composition root for {@code bench startup}). */
    private static volatile Runnable firstFrameReport;

    private DesktopLauncher() {
    }

    /**
     * With {@link #FIRST_FRAME_EXIT} set, {@code report} runs once the first frame has been rendered and the app
     * then exits; the composition root prints {@link #FIRST_FRAME_LINE} in it (faces do not write to stdout).
     */
    public static void onFirstFrame(Runnable report) {
        firstFrameReport = report;
    }

    static Runnable firstFrameReport() {
        Runnable r = firstFrameReport;
        return r != null ? r : () -> LOG.info(FIRST_FRAME_LINE);
    }

    /**
     * Runs the app until its window closes; returns the process exit code.
     *
     * @param servers what {@code --serve} starts beside the window (the composition root passes the web server)
     */
    public static int launch(DesktopOptions options, AppConfig config, EmbeddedServer.Factory servers) {
        SonicSightApp.use(options, config, servers);
        try {
            Application.launch(SonicSightApp.class);
            int status = SonicSightApp.exitStatus();
            if (status != 0) {
                LOG.warn("The kiosk closed without the owner's exit; exit status {} so that it is started again", status);
            }
            return status;
        } catch (RuntimeException | UnsatisfiedLinkError e) {
            // Typically "no display": say so in words.
            LOG.error("The desktop app could not start: {}. Is a display available (DISPLAY / Wayland)?",
                    e.getMessage());
            LOG.debug("start failure", e);
            return 1;
        }
    }
}
