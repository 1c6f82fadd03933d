package org.sonicsight.core.classify.gradio;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The HTTP side of the client: one {@link HttpClient} per app (cookies give
 * replica affinity on Spaces), HTTP/1.1 (uvicorn does not speak h2c), the
 * token on every request, and every wait bounded. Failures become
 * {@link GradioException}s; nothing here retries.
 */
final class GradioHttp implements AutoCloseable {

    private static final AtomicInteger THREADS = new AtomicInteger();

    /** A finished request: status and body text. */
    record Response(int status, String body, String contentType) {
        boolean ok() {
            return status / 100 == 2;
        }

        boolean isJson() {
            return contentType != null && contentType.contains("json");
        }
    }

    private final GradioOptions options;
    private final ExecutorService executor;
    private final HttpClient client;

    GradioHttp(GradioOptions options) {
        this.options = options;
        this.executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "gradio-http-" + THREADS.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(options.connectTimeout())
                .followRedirects(HttpClient.Redirect.NORMAL)
                .cookieHandler(new CookieManager(null, CookiePolicy.ACCEPT_ALL))
                .executor(executor)
                .build();
    }

    HttpClient client() {
        return client;
    }

    GradioOptions options() {
        return options;
    }

    /** A request with the headers every Gradio call carries. */
    HttpRequest.Builder request(URI uri, Duration timeout) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(timeout)
                .header("User-Agent", "sonicsight-gradio-client")
                .header("x-gradio-user", "api");
        if (options.token() != null) {
            b.header(options.xHfAuthorization() ? "X-HF-Authorization" : "Authorization", "Bearer " + options.token());
        }
        return b;
    }

    /** A Hub API request: the Hub always takes the token as Authorization. */
    HttpRequest.Builder hubRequest(URI uri) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(options.requestTimeout())
                .header("User-Agent", "sonicsight-gradio-client");
        if (options.token() != null) {
            b.header("Authorization", "Bearer " + options.token());
        }
        return b;
    }

    Response get(URI uri) throws GradioException {
        return send(request(uri, options.requestTimeout()).GET().build(), "GET " + path(uri));
    }

    Response postJson(URI uri, String json) throws GradioException {
        return send(request(uri, options.requestTimeout())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8)).build(), "POST " + path(uri));
    }

    /** multipart/form-data with one part named {@code files}, the way Gradio's /upload wants it. */
    Response postFile(URI uri, FileInput file) throws GradioException {
        String boundary = "----sonicsight" + UUID.randomUUID().toString().replace("-", "");
        ByteArrayOutputStream body = new ByteArrayOutputStream(file.bytes().length + 512);
        String safeName = file.name().replace("\"", "_").replace("\r", "_").replace("\n", "_");
        String head = "--" + boundary + "\r\n"
                + "Content-Disposition: form-data; name=\"files\"; filename=\"" + safeName + "\"\r\n"
                + "Content-Type: " + file.mimeType() + "\r\n\r\n";
        body.writeBytes(head.getBytes(StandardCharsets.UTF_8));
        body.writeBytes(file.bytes());
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        // An upload may be slow on a thin line: allow a second per 100 kB on top of the request limit.
        Duration timeout = options.requestTimeout().plusSeconds(file.bytes().length / 100_000);
        return send(request(uri, timeout)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build(), "upload to " + path(uri));
    }

    byte[] getBytes(URI uri) throws GradioException {
        HttpRequest req = request(uri, options.requestTimeout()).GET().build();
        HttpResponse<byte[]> r = await(client.sendAsync(req, HttpResponse.BodyHandlers.ofByteArray()),
                options.requestTimeout(), "download of " + path(uri));
        if (r.statusCode() / 100 != 2) {
            throw new GradioException(r.statusCode() == 403 || r.statusCode() == 401 ? GradioException.Kind.AUTH
                    : GradioException.Kind.HTTP,
                    "The app refused to send the file " + path(uri) + " (HTTP " + r.statusCode() + ").",
                    r.statusCode(), null, null);
        }
        return r.body();
    }

    Response send(HttpRequest req, String what) throws GradioException {
        Duration timeout = req.timeout().orElse(options.requestTimeout());
        HttpResponse<String> r = await(client.sendAsync(req, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8)),
                timeout, what);
        return new Response(r.statusCode(), r.body(), r.headers().firstValue("Content-Type").orElse(""));
    }

    /**
     * Waits for a whole response. The request timeout of java.net.http only
     * covers the headers, so the body gets the same limit again here.
     */
    <T> HttpResponse<T> await(CompletableFuture<HttpResponse<T>> future, Duration timeout, String what)
            throws GradioException {
        try {
            return future.get(timeout.toMillis() + options.connectTimeout().toMillis() + 1000, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new GradioException(GradioException.Kind.TIMEOUT,
                    "The Gradio app did not answer the " + what + " within " + timeout.toSeconds() + " s.", e);
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw new GradioException(GradioException.Kind.CANCELLED, "Cancelled while waiting for the " + what + ".", e);
        } catch (CancellationException e) {
            throw new GradioException(GradioException.Kind.CANCELLED, "The " + what + " was cancelled.", e);
        } catch (ExecutionException e) {
            throw transportFailure(e.getCause(), what);
        }
    }

    static GradioException transportFailure(Throwable cause, String what) {
        if (cause instanceof HttpConnectTimeoutException) {
            return new GradioException(GradioException.Kind.TIMEOUT,
                    "Could not connect to the Gradio app in time (" + what + ").", cause);
        }
        if (cause instanceof HttpTimeoutException) {
            return new GradioException(GradioException.Kind.TIMEOUT,
                    "The Gradio app did not answer in time (" + what + ").", cause);
        }
        if (cause instanceof ConnectException) {
            return new GradioException(GradioException.Kind.CONNECTION,
                    "Could not connect to the Gradio app (" + what + "): nothing is listening there.", cause);
        }
        if (cause instanceof IOException) {
            return new GradioException(GradioException.Kind.CONNECTION,
                    "The connection to the Gradio app failed during the " + what + ": "
                            + (cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage()),
                    cause);
        }
        return new GradioException(GradioException.Kind.CONNECTION,
                "The " + what + " failed: " + (cause == null ? "unknown error" : cause.toString()), cause);
    }

    static String path(URI uri) {
        String p = uri.getRawPath();
        return p == null || p.isEmpty() ? "/" : p;
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
