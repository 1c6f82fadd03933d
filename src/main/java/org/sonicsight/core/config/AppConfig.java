package org.sonicsight.core.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.sonicsight.core.classify.SpaceWithFallback;
import org.sonicsight.core.classify.gradio.GradioOptions;
import org.sonicsight.core.settings.AppPaths;

/**
 * What every face needs from outside the program, built once at start ({@code app.Main}) and passed down:
 * nothing else reads the environment. Precedence: command-line flags (the command tree applies them over
 * this) &gt; environment &gt; the settings file (the desktop's {@code settings.json}, read by its view model)
 * &gt; the defaults here.
 *
 * @param paths       where settings and history live (XDG, or {@code -Dsonicsight.config.dir/data.dir})
 * @param hfToken     Hugging Face token for private Spaces ({@code HF_TOKEN}); a flag or the desktop's token
 *                    file wins over it. Never logged.
 * @param hfEndpoint  the Hugging Face Hub address ({@code HF_ENDPOINT}), as the official clients honour it
 * @param spaceBudget how long a Space gets before the local model answers, desktop and kiosk
 *                    ({@code SONICSIGHT_FALLBACK_AFTER}); the CLI and {@code serve} take {@code --fallback-after}
 * @param kioskPin    the kiosk's owner-exit PIN ({@code SONICSIGHT_KIOSK_PIN}; never a flag: flags show in ps)
 * @param display     a display is there to open windows on ({@code DISPLAY} or {@code WAYLAND_DISPLAY})
 * @param limits      how much of a file each face analyses
 * @param warnings    sentences about values in the environment that were ignored (logged by the caller,
 *                    once logging is set up)
 */
public record AppConfig(AppPaths paths, Optional<String> hfToken, Optional<String> hfEndpoint, Duration spaceBudget,
                        Optional<String> kioskPin, boolean display, AnalysisLimits limits, List<String> warnings) {

    public AppConfig {
        hfToken = hfToken.map(String::strip).filter(t -> !t.isEmpty());
        hfEndpoint = hfEndpoint.map(String::strip).filter(t -> !t.isEmpty());
        kioskPin = kioskPin.map(String::strip).filter(t -> !t.isEmpty());
        warnings = List.copyOf(warnings);
    }

    /** From this environment (the process's own, in {@code app.Main}; a map in tests). */
    public static AppConfig fromEnvironment(Map<String, String> env) {
        List<String> warnings = new ArrayList<>();
        Duration budget = SpaceWithFallback.DEFAULT_BUDGET;
        String v = env.get("SONICSIGHT_FALLBACK_AFTER");
        if (v != null && !v.isBlank()) {
            try {
                double s = Double.parseDouble(v.strip());
                if (s > 0) {
                    budget = Duration.ofMillis((long) (s * 1000));
                } else {
                    warnings.add("SONICSIGHT_FALLBACK_AFTER must be a positive number of seconds: " + v);
                }
            } catch (NumberFormatException e) {
                warnings.add("SONICSIGHT_FALLBACK_AFTER is not a number of seconds: " + v);
            }
        }
        return new AppConfig(AppPaths.resolve(env, System.getProperty("user.home")),
                Optional.ofNullable(env.get("HF_TOKEN")), Optional.ofNullable(env.get("HF_ENDPOINT")), budget,
                Optional.ofNullable(env.get("SONICSIGHT_KIOSK_PIN")),
                present(env.get("DISPLAY")) || present(env.get("WAYLAND_DISPLAY")), AnalysisLimits.DEFAULTS,
                warnings);
    }

    /** Nothing from the environment: the defaults (tests). */
    public static AppConfig defaults() {
        return fromEnvironment(Map.of());
    }

    public AppConfig withPaths(AppPaths p) {
        return new AppConfig(p, hfToken, hfEndpoint, spaceBudget, kioskPin, display, limits, warnings);
    }

    public AppConfig withSpaceBudget(Duration d) {
        return new AppConfig(paths, hfToken, hfEndpoint, d, kioskPin, display, limits, warnings);
    }

    /**
     * How to reach a Gradio app: the default timeouts, this Hub, and {@code token} when one is given (a flag,
     * the desktop's token file), else {@code HF_TOKEN}.
     */
    public GradioOptions gradio(String token) {
        String t = token != null && !token.isBlank() ? token.strip() : hfToken.orElse(null);
        return GradioOptions.defaults().withToken(t).withHub(hfEndpoint.orElse(null));
    }

    private static boolean present(String v) {
        return v != null && !v.isBlank();
    }

    /** Never prints the token. */
    @Override
    public String toString() {
        return "AppConfig[paths=" + paths + ", hfToken=" + (hfToken.isPresent() ? "***" : "none") + ", hfEndpoint="
                + hfEndpoint.orElse("default") + ", spaceBudget=" + spaceBudget + ", kioskPin="
                + (kioskPin.isPresent() ? "***" : "none") + ", display=" + display + ", limits=" + limits + "]";
    }
}
