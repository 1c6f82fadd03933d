package org.sonicsight.core.classify.gradio;

import com.google.gson.JsonObject;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the app behind a Space id the way the official clients do: ask the
 * Hub for the Space's host (never guess the *.hf.space name) and its runtime
 * stage, and wait, bounded, while it sleeps, starts or builds.
 */
final class SpaceResolver {

    private static final Logger LOG = LoggerFactory.getLogger(SpaceResolver.class);
    static final Pattern SPACE_ID = Pattern.compile("^[A-Za-z0-9_.\\-]+/[A-Za-z0-9_.\\-]+$");
    private static final Set<String> READY = Set.of("RUNNING", "RUNNING_BUILDING");
    private static final Set<String> WAITING = Set.of("BUILDING", "APP_STARTING", "RUNNING_APP_STARTING", "SLEEPING",
            "STOPPED", "STARTING");

    private final GradioHttp http;
    private final GradioListener listener;

    SpaceResolver(GradioHttp http, GradioListener listener) {
        this.http = http;
        this.listener = listener;
    }

    static boolean isSpaceId(String s) {
        return SPACE_ID.matcher(s).matches();
    }

    /** The Space's app URL, once the Space is running. */
    URI resolve(String spaceId) throws GradioException {
        String hub = http.options().hubUrl();
        URI info = URI.create(hub + "/api/spaces/" + encode(spaceId));
        JsonObject space = hubJson(info, spaceId);
        String host = GradioJson.string(space, "host");
        String stage = stage(space.has("runtime") && space.get("runtime").isJsonObject()
                ? space.getAsJsonObject("runtime") : null);
        long deadline = System.nanoTime() + http.options().wakeTimeout().toNanos();
        URI runtime = URI.create(hub + "/api/spaces/" + encode(spaceId) + "/runtime");
        boolean poked = false;
        while (!READY.contains(stage)) {
            if (stage.equals("PAUSED")) {
                throw new GradioException(GradioException.Kind.NOT_READY,
                        "The Space " + spaceId + " is paused by its owner; it cannot answer until they restart it.");
            }
            if (!WAITING.contains(stage)) {
                throw new GradioException(GradioException.Kind.NOT_READY,
                        "The Space " + spaceId + " is not working (" + stage + "); check it on Hugging Face.");
            }
            if (System.nanoTime() > deadline) {
                throw new GradioException(GradioException.Kind.NOT_READY, "The Space " + spaceId + " is still "
                        + describe(stage) + " after " + http.options().wakeTimeout().toSeconds()
                        + " s; try again in a minute.");
            }
            listener.onStatus("The Space " + spaceId + " is " + describe(stage) + "; waiting for it to start…");
            if (!poked && host != null && (stage.equals("SLEEPING") || stage.equals("STOPPED"))) {
                // A request to the app's host is what wakes a sleeping Space.
                http.client().sendAsync(http.request(URI.create(withSlash(host) + "config"),
                        http.options().requestTimeout()).GET().build(), java.net.http.HttpResponse.BodyHandlers.discarding());
                poked = true;
            }
            sleep(http.options().pollInterval());
            JsonObject rt = hubJson(runtime, spaceId);
            stage = stage(rt);
        }
        if (host == null || host.isBlank()) {
            // The first answer may predate the host assignment: ask again now it runs.
            host = GradioJson.string(hubJson(info, spaceId), "host");
        }
        if (host == null || host.isBlank()) {
            throw new GradioException(GradioException.Kind.NOT_READY,
                    "The Hub does not list an address for the Space " + spaceId + " yet.");
        }
        LOG.debug("Space {} runs at {}", spaceId, host);
        return URI.create(withSlash(host));
    }

    private JsonObject hubJson(URI uri, String spaceId) throws GradioException {
        GradioHttp.Response r = http.send(http.hubRequest(uri).GET().build(), "Space lookup");
        if (r.status() == 401 || r.status() == 404) {
            throw new GradioException(GradioException.Kind.NOT_FOUND, "There is no Space " + spaceId
                    + " on Hugging Face, or it is private and no valid token was given (set HF_TOKEN).",
                    r.status(), null, null);
        }
        if (r.status() == 429) {
            throw new GradioException(GradioException.Kind.BUSY,
                    "Hugging Face is rate-limiting requests (HTTP 429); wait a minute or use a token.", 429, null, null);
        }
        if (!r.ok()) {
            throw new GradioException(GradioException.Kind.HTTP,
                    "Hugging Face did not answer the lookup of " + spaceId + " (HTTP " + r.status() + ").",
                    r.status(), null, null);
        }
        return GradioJson.object(r.body(), "Space information");
    }

    private static String stage(JsonObject runtime) {
        String s = runtime == null ? null : GradioJson.string(runtime, "stage");
        return s == null ? "RUNNING" : s.toUpperCase(Locale.ROOT);
    }

    private static String describe(String stage) {
        return switch (stage) {
            case "SLEEPING", "STOPPED" -> "asleep";
            case "BUILDING", "RUNNING_BUILDING" -> "building";
            default -> "starting";
        };
    }

    private static String encode(String spaceId) {
        int slash = spaceId.indexOf('/');
        return URLEncoder.encode(spaceId.substring(0, slash), StandardCharsets.UTF_8) + "/"
                + URLEncoder.encode(spaceId.substring(slash + 1), StandardCharsets.UTF_8);
    }

    static String withSlash(String url) {
        return url.endsWith("/") ? url : url + "/";
    }

    private static void sleep(Duration d) throws GradioException {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GradioException(GradioException.Kind.CANCELLED, "Cancelled while waiting for the Space.", e);
        }
    }
}
