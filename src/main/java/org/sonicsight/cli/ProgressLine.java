package org.sonicsight.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * One line on standard error that says how far a long run has got ("2/14 park.wav 12:30 of 60:00, 5 events"),
 * rewritten in place with a carriage return; cleared before anything else is printed. Off unless standard
 * error is a terminal (or {@code --progress}).
 */
final class ProgressLine {

    private final boolean on;
    private final int fileCount;
    private int index;
    private String name = "";
    private String last = "";

    ProgressLine(boolean on, int fileCount) {
        this.on = on;
        this.fileCount = fileCount;
    }

    /** Whether standard error is a terminal (Linux: /proc/self/fd/2 points at a tty; elsewhere: a console). */
    static boolean stderrIsTerminal() {
        try {
            Path fd = Path.of("/proc/self/fd/2");
            if (Files.isSymbolicLink(fd)) {
                String target = Files.readSymbolicLink(fd).toString();
                return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
            }
        } catch (Exception ignored) {
            // no /proc: fall through
        }
        return System.console() != null;
    }

    void startFile(int i, Path file) {
        index = i;
        name = file.getFileName() == null ? file.toString() : file.getFileName().toString();
    }

    void update(double done, double total, int events) {
        if (!on) {
            return;
        }
        String of = total > 0 ? " of " + EventLines.clock(total) : "";
        last = String.format(Locale.ROOT, "%d/%d %s %s%s, %d event%s", index + 1, fileCount, name,
                EventLines.clock(done), of, events, events == 1 ? "" : "s");
        redraw();
    }

    void redraw() {
        if (on && !last.isEmpty()) {
            System.err.print("\r\033[K" + last);
            System.err.flush();
        }
    }

    /** Removes the line (before an event or an error is printed). */
    void clear() {
        if (on && !last.isEmpty()) {
            System.err.print("\r\033[K");
            System.err.flush();
        }
    }

    void done() {
        clear();
        last = "";
    }
}
