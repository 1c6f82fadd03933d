package org.sonicsight.core.classify.gradio;

import java.time.Duration;
import java.util.Objects;

/**
 * How to reach a Gradio app.
 *
 * @param token           Hugging Face token for private Spaces, or null (never logged)
 * @param connectTimeout  TCP connect limit
 * @param requestTimeout  limit for a plain request (config, info, upload, join) to answer
 * @param idleTimeout     a result stream that sends nothing (not even a heartbeat, every 15 s) this long is dead
 * @param callTimeout     limit for one whole prediction, queue wait included
 * @param wakeTimeout     how long to wait for a sleeping or building Space to come up
 * @param pollInterval    how often to ask the Hub while waiting for a Space
 * @param hubUrl          the Hugging Face Hub API base (HF_ENDPOINT, as the official clients honour)
 * @param xHfAuthorization send the token as {@code X-HF-Authorization} (what gradio_client 1.11.1+ does)
 *                        instead of {@code Authorization}
 */
public record GradioOptions(String token, Duration connectTimeout, Duration requestTimeout, Duration idleTimeout,
                            Duration callTimeout, Duration wakeTimeout, Duration pollInterval, String hubUrl,
                            boolean xHfAuthorization) {

    public static final String DEFAULT_HUB = "https://huggingface.co";

    public GradioOptions {
        Objects.requireNonNull(connectTimeout);
        Objects.requireNonNull(requestTimeout);
        Objects.requireNonNull(idleTimeout);
        Objects.requireNonNull(callTimeout);
        Objects.requireNonNull(wakeTimeout);
        Objects.requireNonNull(pollInterval);
        token = token == null || token.isBlank() ? null : token.strip();
        hubUrl = hubUrl == null || hubUrl.isBlank() ? DEFAULT_HUB : hubUrl.replaceAll("/+$", "");
    }

    /**
     * The default timeouts, no token, the public Hub. The token and Hub from the environment (HF_TOKEN,
     * HF_ENDPOINT) come through {@code AppConfig.gradio(token)}.
     */
    public static GradioOptions defaults() {
        return new GradioOptions(null, Duration.ofSeconds(10), Duration.ofSeconds(30),
                Duration.ofSeconds(45), Duration.ofMinutes(5), Duration.ofMinutes(3), Duration.ofSeconds(2),
                null, false);
    }

    public GradioOptions withToken(String t) {
        return new GradioOptions(t, connectTimeout, requestTimeout, idleTimeout, callTimeout, wakeTimeout,
                pollInterval, hubUrl, xHfAuthorization);
    }

    public GradioOptions withTimeouts(Duration connect, Duration request, Duration idle, Duration call) {
        return new GradioOptions(token, connect, request, idle, call, wakeTimeout, pollInterval, hubUrl,
                xHfAuthorization);
    }

    public GradioOptions withWait(Duration wake, Duration poll) {
        return new GradioOptions(token, connectTimeout, requestTimeout, idleTimeout, callTimeout, wake, poll, hubUrl,
                xHfAuthorization);
    }

    public GradioOptions withHub(String hub) {
        return new GradioOptions(token, connectTimeout, requestTimeout, idleTimeout, callTimeout, wakeTimeout,
                pollInterval, hub, xHfAuthorization);
    }

    public GradioOptions withXHfAuthorization(boolean x) {
        return new GradioOptions(token, connectTimeout, requestTimeout, idleTimeout, callTimeout, wakeTimeout,
                pollInterval, hubUrl, x);
    }

    /** Never prints the token. */
    @Override
    public String toString() {
        return "GradioOptions[token=" + (token == null ? "none" : "***") + ", connect=" + connectTimeout
                + ", request=" + requestTimeout + ", idle=" + idleTimeout + ", call=" + callTimeout
                + ", wake=" + wakeTimeout + ", hub=" + hubUrl + "]";
    }
}
