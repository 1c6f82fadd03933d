package org.sonicsight.ui;

import java.util.Locale;

/** Times as people read them in long recordings: m:ss, or h:mm:ss past an hour. */
final class EventLinesFx {

    private EventLinesFx() {
    }

    static String clock(double seconds) {
        long s = Math.max(0, Math.round(seconds));
        if (s >= 3600) {
            return String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, (s / 60) % 60, s % 60);
        }
        return String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }
}
