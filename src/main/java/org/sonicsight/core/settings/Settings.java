package org.sonicsight.core.settings;

import java.util.Locale;

/**
 * Everything the user can set, as one typed value. Unknown or missing fields
 * in the saved JSON fall back to {@link #DEFAULTS} field by field. The Space
 * token is not part of it: it lives in its own owner-only file (see
 * {@link SettingsStore#saveToken}) so it never ends up in logs or exports.
 *
 * @param backend          who answers: the embedded model or a Gradio Space
 * @param space            Space id ("owner/name") or URL of a Gradio app
 * @param spaceApiName     endpoint to call ("/predict"), blank to let the client choose
 * @param fallbackToLocal  answer with the local model when the Space cannot
 * @param snapshotSeconds  length of a Record &amp; Identify snapshot
 * @param inputDevice      preferred microphone name, blank for the system default
 * @param demoFile         file played as a virtual microphone instead of a device, blank for none
 * @param snapshotMode     what Record &amp; Identify listens to: the seconds before the press, those first and then
 *                         the next ones if nothing was found and sound goes on, or only the next ones
 * @param language         the app's language (en, de, fr, es), or "auto" for the operating system's
 * @param textScale        the desktop's text size as a multiple of the normal size (0.8 to 2)
 */
public record Settings(Theme theme, String colormap, double minDb, double maxDb, FrequencyScale frequencyScale,
                       double snapshotSeconds, String inputDevice, String demoFile, Backend backend, String space,
                       String spaceApiName, boolean fallbackToLocal, SnapshotMode snapshotMode,
                       String language, double textScale) {

    /** Light, dark, or high contrast (black, white and yellow, thick focus rings). */
    public enum Theme { LIGHT, DARK, HIGH_CONTRAST }

    public enum Backend { LOCAL, SPACE }

    /** What Record &amp; Identify analyses ("what was that?" needs the past). */
    public enum SnapshotMode { PAST, PAST_THEN_NEXT, NEXT }

    public enum FrequencyScale {
        MEL, LINEAR, LOG;

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public static final double MIN_SNAPSHOT_SECONDS = 1;
    public static final double MAX_SNAPSHOT_SECONDS = 30;
    public static final double MIN_TEXT_SCALE = 0.8;
    public static final double MAX_TEXT_SCALE = 2.0;

    public static final Settings DEFAULTS = new Settings(Theme.DARK, "magma", -80, 0, FrequencyScale.MEL, 5.0, "", "",
            Backend.LOCAL, "", "", true, SnapshotMode.PAST_THEN_NEXT, "auto", 1.0);

    public Settings {
        theme = theme == null ? Theme.DARK : theme;
        colormap = blankTo(colormap, "magma");
        frequencyScale = frequencyScale == null ? FrequencyScale.MEL : frequencyScale;
        if (!(maxDb > minDb) || Double.isNaN(minDb) || Double.isNaN(maxDb)) {
            minDb = -80;
            maxDb = 0;
        }
        if (Double.isNaN(snapshotSeconds) || snapshotSeconds <= 0) {
            snapshotSeconds = 5.0;
        }
        snapshotSeconds = Math.max(MIN_SNAPSHOT_SECONDS, Math.min(MAX_SNAPSHOT_SECONDS, snapshotSeconds));
        inputDevice = blankTo(inputDevice, "");
        demoFile = blankTo(demoFile, "");
        backend = backend == null ? Backend.LOCAL : backend;
        space = blankTo(space, "").trim();
        spaceApiName = blankTo(spaceApiName, "").trim();
        snapshotMode = snapshotMode == null ? SnapshotMode.PAST_THEN_NEXT : snapshotMode;
        language = blankTo(language, "auto").trim();
        if (Double.isNaN(textScale) || textScale <= 0) {
            textScale = 1.0;
        }
        textScale = Math.max(MIN_TEXT_SCALE, Math.min(MAX_TEXT_SCALE, textScale));
    }

    private static String blankTo(String s, String fallback) {
        return s == null || s.isBlank() ? fallback : s;
    }

    public Settings withTheme(Theme t) {
        return new Settings(t, colormap, minDb, maxDb, frequencyScale, snapshotSeconds, inputDevice, demoFile, backend,
                space, spaceApiName, fallbackToLocal, snapshotMode, language, textScale);
    }

    public Settings withColormap(String c) {
        return new Settings(theme, c, minDb, maxDb, frequencyScale, snapshotSeconds, inputDevice, demoFile, backend,
                space, spaceApiName, fallbackToLocal, snapshotMode, language, textScale);
    }

    public Settings withDbRange(double min, double max) {
        return new Settings(theme, colormap, min, max, frequencyScale, snapshotSeconds, inputDevice, demoFile, backend,
                space, spaceApiName, fallbackToLocal, snapshotMode, language, textScale);
    }

    public Settings withFrequencyScale(FrequencyScale f) {
        return new Settings(theme, colormap, minDb, maxDb, f, snapshotSeconds, inputDevice, demoFile, backend,
                space, spaceApiName, fallbackToLocal, snapshotMode, language, textScale);
    }

    public Settings withSnapshotSeconds(double s) {
        return new Settings(theme, colormap, minDb, maxDb, frequencyScale, s, inputDevice, demoFile, backend,
                space, spaceApiName, fallbackToLocal, snapshotMode, language, textScale);
    }

    public Settings withInputDevice(String d) {
        return new Settings(theme, colormap, minDb, maxDb, frequencyScale, snapshotSeconds, d, demoFile, backend,
                space, spaceApiName, fallbackToLocal, snapshotMode, language, textScale);
    }

    public Settings withDemoFile(String f) {
        return new Settings(theme, colormap, minDb, maxDb, frequencyScale, snapshotSeconds, inputDevice, f, backend,
                space, spaceApiName, fallbackToLocal, snapshotMode, language, textScale);
    }

    public Settings withBackend(Backend b, String spaceIdOrUrl, String apiName, boolean fallback) {
        return new Settings(theme, colormap, minDb, maxDb, frequencyScale, snapshotSeconds, inputDevice, demoFile, b,
                spaceIdOrUrl, apiName, fallback, snapshotMode, language, textScale);
    }

    public Settings withSnapshotMode(SnapshotMode m) {
        return new Settings(theme, colormap, minDb, maxDb, frequencyScale, snapshotSeconds, inputDevice, demoFile,
                backend, space, spaceApiName, fallbackToLocal, m, language, textScale);
    }

    /** The language: a tag (en, de, fr, es) or "auto" for the operating system's. */
    public Settings withLanguage(String tag) {
        return new Settings(theme, colormap, minDb, maxDb, frequencyScale, snapshotSeconds, inputDevice, demoFile,
                backend, space, spaceApiName, fallbackToLocal, snapshotMode, tag, textScale);
    }

    public Settings withTextScale(double scale) {
        return new Settings(theme, colormap, minDb, maxDb, frequencyScale, snapshotSeconds, inputDevice, demoFile,
                backend, space, spaceApiName, fallbackToLocal, snapshotMode, language, scale);
    }
}
