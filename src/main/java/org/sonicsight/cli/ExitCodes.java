package org.sonicsight.cli;

import org.sonicsight.core.audio.AudioInputException;
import org.sonicsight.core.classify.ClassifierException;

/** Exit codes of the CLI, documented in the README. */
public final class ExitCodes {
    public static final int OK = 0;
    public static final int FAILURE = 1;
    public static final int USAGE = 2;
    public static final int BAD_INPUT = 3;
    public static final int NO_DEVICE = 4;
    public static final int CLASSIFIER = 5;

    private ExitCodes() {
    }

    public static int of(Throwable t) {
        if (t instanceof AudioInputException a) {
            return switch (a.kind()) {
                case NO_DEVICE, DEVICE_LOST -> NO_DEVICE;
                default -> BAD_INPUT;
            };
        }
        if (t instanceof ClassifierException c) {
            return switch (c.reason()) {
                case BAD_INPUT -> BAD_INPUT;
                case BAD_REQUEST -> USAGE; // e.g. --api names an endpoint the app does not have
                default -> CLASSIFIER;
            };
        }
        if (t instanceof UserException u) {
            return u.exitCode();
        }
        return FAILURE;
    }

    /** A throwable as one line for stderr. */
    public static String oneLine(Throwable t) {
        String m = t.getMessage();
        if (m == null || m.isBlank()) {
            m = t.getClass().getSimpleName();
        }
        return m.replace('\n', ' ').strip();
    }
}
