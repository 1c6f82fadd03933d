package org.sonicsight.app;

import java.util.Locale;

/**
 * Chooses the log level before the first logger exists: {@code --debug} or
 * {@code --log-level LEVEL} on the command line, else SONICSIGHT_LOG_LEVEL,
 * else WARN (so the CLI's stdout and stderr stay clean).
 */
public final class LogSetup {

    private static boolean debug;

    private LogSetup() {
    }

    /** @param envLevel SONICSIGHT_LOG_LEVEL, or null */
    public static void configure(String[] args, String envLevel) {
        String level = envLevel;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--debug")) {
                debug = true;
                level = level == null ? "DEBUG" : level;
            } else if (args[i].equals("--log-level") && i + 1 < args.length) {
                level = args[i + 1];
            } else if (args[i].startsWith("--log-level=")) {
                level = args[i].substring("--log-level=".length());
            }
        }
        if (level != null && System.getProperty("sonicsight.log.level") == null) {
            System.setProperty("sonicsight.log.level", level.toUpperCase(Locale.ROOT));
        }
    }

    public static boolean debug() {
        return debug;
    }
}
