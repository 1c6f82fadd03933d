package org.sonicsight.web;

import java.time.Duration;
import org.sonicsight.core.config.AnalysisLimits;

/**
 * Limits of the web endpoint. Defaults suit a Raspberry Pi behind a tunnel:
 * uploads up to 10 MB, the first minute of audio analysed, one analysis per
 * core with a short queue, and a request never waits longer than 30 s.
 *
 * @param host               address to bind ("0.0.0.0" for a LAN, "127.0.0.1" for a reverse proxy)
 * @param maxUploadBytes     largest accepted file (multipart part or raw body)
 * @param maxAnalysisSeconds longer recordings are cut to this many seconds before analysis
 * @param requestTimeout     longest wait for an analysis, queueing included
 * @param workers            analyses run at the same time
 * @param queueLength        analyses waiting for a worker; one more is answered 429
 * @param recentResults      spectrograms and previews kept for {@code GET /api/spectrogram?id=} and {@code /media/ID}
 * @param maxUploadsInFlight uploads being received at the same time; one more is answered 503 at once, so
 *                           slow senders cannot take every server thread
 * @param minUploadRate      bytes per second an upload must average (Jetty's minimum request data rate);
 *                           slower senders are cut off with 408
 * @param idleTimeout        a connection that sends nothing (headers or body) for this long is closed
 */
public record WebConfig(String host, long maxUploadBytes, double maxAnalysisSeconds, Duration requestTimeout,
                        int workers, int queueLength, int recentResults, int maxUploadsInFlight,
                        long minUploadRate, Duration idleTimeout) {

    public static final long MB = 1024L * 1024L;

    public WebConfig {
        if (host == null || host.isBlank()) {
            host = "0.0.0.0";
        }
        if (maxUploadBytes < 1024) {
            throw new IllegalArgumentException("the upload limit must be at least 1 KB");
        }
        if (!(maxAnalysisSeconds >= 1)) {
            throw new IllegalArgumentException("the analysed duration must be at least 1 second");
        }
        if (requestTimeout == null || requestTimeout.isNegative() || requestTimeout.isZero()) {
            throw new IllegalArgumentException("the request timeout must be positive");
        }
        if (workers < 1 || queueLength < 0 || recentResults < 1) {
            throw new IllegalArgumentException("workers and recent results must be at least 1, the queue at least 0");
        }
        if (maxUploadsInFlight < 1 || minUploadRate < 0) {
            throw new IllegalArgumentException("uploads in flight must be at least 1, the minimum rate at least 0");
        }
        if (idleTimeout == null || idleTimeout.isNegative() || idleTimeout.isZero()) {
            throw new IllegalArgumentException("the idle timeout must be positive");
        }
    }

    /** Defaults; the upload guards: 32 in flight, 4 KB/s (a 10 MB file in 42 min), 15 s of silence. */
    public static WebConfig defaults() {
        int cores = Runtime.getRuntime().availableProcessors();
        return new WebConfig("0.0.0.0", 10 * MB, AnalysisLimits.DEFAULTS.webSeconds(), Duration.ofSeconds(30), Math.max(1, cores), 32, 32, 32,
                4096, Duration.ofSeconds(15));
    }

    public WebConfig withHost(String h) {
        return new WebConfig(h, maxUploadBytes, maxAnalysisSeconds, requestTimeout, workers, queueLength,
                recentResults, maxUploadsInFlight, minUploadRate, idleTimeout);
    }

    public WebConfig withMaxUploadBytes(long bytes) {
        return new WebConfig(host, bytes, maxAnalysisSeconds, requestTimeout, workers, queueLength, recentResults,
                maxUploadsInFlight, minUploadRate, idleTimeout);
    }

    public WebConfig withMaxAnalysisSeconds(double s) {
        return new WebConfig(host, maxUploadBytes, s, requestTimeout, workers, queueLength, recentResults,
                maxUploadsInFlight, minUploadRate, idleTimeout);
    }

    public WebConfig withRequestTimeout(Duration d) {
        return new WebConfig(host, maxUploadBytes, maxAnalysisSeconds, d, workers, queueLength, recentResults,
                maxUploadsInFlight, minUploadRate, idleTimeout);
    }

    public WebConfig withConcurrency(int w, int queue) {
        return new WebConfig(host, maxUploadBytes, maxAnalysisSeconds, requestTimeout, w, queue, recentResults,
                maxUploadsInFlight, minUploadRate, idleTimeout);
    }

    /** Guards against slow or stalled senders: see the record's parameters. */
    public WebConfig withUploadGuards(int inFlight, long minBytesPerSecond, Duration idle) {
        return new WebConfig(host, maxUploadBytes, maxAnalysisSeconds, requestTimeout, workers, queueLength,
                recentResults, inFlight, minBytesPerSecond, idle);
    }
}
