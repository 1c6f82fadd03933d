package org.sonicsight.core.detect;

import java.util.Locale;

/**
 * Every knob of the event detector, in one place so they can be re-tuned when
 * the model changes ({@code sonicsight bench events} measures recall and false
 * alarms for a grid of them). Times are in seconds, never in samples: the
 * window length comes from the model.
 *
 * @param hopSeconds      step between window starts; smaller finds more (the model sees each sound centred in
 *                        some window) and costs proportionally more model calls
 * @param gateDbfs        windows whose RMS is below this are not sent to the model (counted as "nothing there")
 * @param enter           a window whose dog (cat, ...) probability reaches this opens or supports an event
 * @param exit            an open event stays open while windows reach this (hysteresis: {@code exit <= enter})
 * @param confirm         an event is reported only if its most confident window reaches this
 * @param minSupport      and only if the windows that reached {@code enter} span at least this fraction of a
 *                        window's length (0.5 at a 5 s window and 0.5 s hop: 5 windows): a real sound is in many
 *                        overlapping windows, a fluke is not. A fraction of the window, so it carries over to a
 *                        model with another window length
 * @param maxGapWindows   windows below {@code exit} that an event may span before it is closed
 * @param namedOthers     also report events for the model's named non-dog/cat classes (rooster, rain, ...)
 */
public record DetectorSettings(double hopSeconds, double gateDbfs, double enter, double exit, double confirm,
                               double minSupport, int maxGapWindows, boolean namedOthers) {

    /** Tuned with {@code bench events} on soundscapes built from ../shared data (see README, "Events"). */
    public static final DetectorSettings DEFAULTS = new DetectorSettings(0.5, -60.0, 0.4, 0.2, 0.5, 0.5, 1, false);

    public DetectorSettings {
        if (!(hopSeconds > 0)) {
            throw new IllegalArgumentException("hop must be positive: " + hopSeconds);
        }
        if (!(exit <= enter) || enter > 1 || exit < 0 || confirm > 1) {
            throw new IllegalArgumentException("need 0 <= exit <= enter <= 1 and confirm <= 1");
        }
        if (minSupport < 0 || minSupport > 1 || maxGapWindows < 0) {
            throw new IllegalArgumentException("need 0 <= minSupport <= 1 and maxGapWindows >= 0");
        }
    }

    public DetectorSettings withHop(double seconds) {
        return new DetectorSettings(seconds, gateDbfs, enter, exit, confirm, minSupport, maxGapWindows, namedOthers);
    }

    public DetectorSettings withNamedOthers(boolean on) {
        return new DetectorSettings(hopSeconds, gateDbfs, enter, exit, confirm, minSupport, maxGapWindows, on);
    }

    public DetectorSettings withThresholds(double enter, double exit, double confirm, double minSupport, int maxGap) {
        return new DetectorSettings(hopSeconds, gateDbfs, enter, exit, confirm, minSupport, maxGap, namedOthers);
    }

    /** Windows that must reach {@code enter} for an event, for a model's window length (at least 1). */
    public int minWindows(double windowSeconds) {
        return Math.max(1, (int) Math.ceil(minSupport * windowSeconds / hopSeconds - 1e-9));
    }

    /** One line for logs and the bench table. */
    public String describe() {
        return String.format(Locale.ROOT, "hop %.2fs gate %.0fdB enter %.2f exit %.2f confirm %.2f support %.2f gap %d",
                hopSeconds, gateDbfs, enter, exit, confirm, minSupport, maxGapWindows);
    }
}
