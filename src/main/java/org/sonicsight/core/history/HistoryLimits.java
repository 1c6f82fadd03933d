package org.sonicsight.core.history;

/**
 * How much history to keep, so a kiosk's disk never fills: entries older than {@code maxDays} are removed, then the
 * oldest ones until the folder holds at most {@code maxMegabytes}. Zero means no limit of that kind.
 */
public record HistoryLimits(long maxMegabytes, int maxDays) {

    public static final HistoryLimits DEFAULTS = new HistoryLimits(500, 90);

    public HistoryLimits {
        maxMegabytes = Math.max(0, maxMegabytes);
        maxDays = Math.max(0, maxDays);
    }

    public long maxBytes() {
        return maxMegabytes <= 0 ? Long.MAX_VALUE : maxMegabytes * 1024 * 1024;
    }
}
