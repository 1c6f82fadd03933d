package org.sonicsight.core.config;

/**
 * How much of a file each face analyses: one policy object, with a named limit per face where they must
 * differ (a web request must answer in seconds; a desktop user waits for a long file with progress and
 * Cancel; the command line waits as long as it takes for a long recording's events). Files are read through
 * {@code core.audio.Excerpt}, which takes one of these.
 *
 * @param desktopSeconds identify in the desktop: a file longer than this is identified on its first part
 * @param cliSeconds     {@code identify FILE}: only the first part of a longer file is read
 * @param webSeconds     {@code serve} and the kiosk's embedded server: only the first part is analysed
 *                       ({@code --max-seconds} changes it)
 */
public record AnalysisLimits(double desktopSeconds, double cliSeconds, double webSeconds) {

    public static final AnalysisLimits DEFAULTS = new AnalysisLimits(600, 30 * 60, 60);

    public AnalysisLimits {
        if (!(desktopSeconds > 0) || !(cliSeconds > 0) || !(webSeconds > 0)) {
            throw new IllegalArgumentException("analysis limits must be positive");
        }
    }
}
