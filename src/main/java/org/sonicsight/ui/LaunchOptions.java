package org.sonicsight.ui;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The desktop app's command line: {@code [--kiosk] [--demo FILE] [--debug]
 * [--log-level L] [FILE]}.
 *
 * @param demoFile file played as a virtual microphone
 * @param openFile file to open at start
 */
record LaunchOptions(boolean kiosk, boolean debug, Optional<Path> demoFile, Optional<Path> openFile) {

    /** @throws IllegalArgumentException with a sentence for people */
    static LaunchOptions parse(List<String> args) {
        boolean kiosk = false;
        boolean debug = false;
        Path demo = null;
        Path open = null;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            switch (a) {
                case "--kiosk" -> kiosk = true;
                case "--debug" -> debug = true;
                case "--log-level" -> i++;
                case "--demo" -> {
                    if (i + 1 >= args.size()) {
                        throw new IllegalArgumentException("--demo needs a file to play as a virtual microphone.");
                    }
                    demo = Path.of(args.get(++i));
                }
                default -> {
                    if (a.startsWith("--log-level=")) {
                        continue;
                    }
                    if (a.startsWith("--demo=")) {
                        demo = Path.of(a.substring("--demo=".length()));
                    } else if (a.startsWith("-")) {
                        throw new IllegalArgumentException("Unknown option " + a
                                + " (the desktop app takes --kiosk, --demo FILE, --debug and a file to open).");
                    } else if (open != null) {
                        throw new IllegalArgumentException("Open one file at a time (got " + open + " and " + a + ").");
                    } else {
                        open = Path.of(a);
                    }
                }
            }
        }
        if (demo != null && !java.nio.file.Files.isRegularFile(demo)) {
            throw new IllegalArgumentException("The demo file " + demo + " does not exist.");
        }
        return new LaunchOptions(kiosk, debug, Optional.ofNullable(demo), Optional.ofNullable(open));
    }
}
