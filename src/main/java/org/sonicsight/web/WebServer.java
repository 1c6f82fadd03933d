package org.sonicsight.web;

import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.config.SizeUnit;
import io.javalin.http.Context;
import io.javalin.http.UploadedFile;
import io.javalin.json.JavalinGson;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.stream.Stream;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.server.AbstractConnector;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sonicsight.core.audio.AudioDecoder;
import org.sonicsight.core.classify.Classifier;
import org.sonicsight.core.classify.Prediction;
import org.sonicsight.core.classify.PredictionJson;
import org.sonicsight.core.classify.Verdict;
import org.sonicsight.core.i18n.Languages;
import org.sonicsight.core.i18n.Messages;

/**
 * The web endpoint: the page of the original SonicSight site ({@code /},
 * {@code /upload}, {@code /analyze}, driven by htmx) and a JSON API under
 * {@code /api}. The desktop/kiosk app embeds it ({@code start(port)} /
 * {@code stop()}); {@code sonicsight serve} runs it alone. The classifier
 * belongs to the caller and is not closed here.
 */
public final class WebServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(WebServer.class);

    /** Multipart field the page and the API read the audio from. */
    public static final String FIELD = "audio";

    /** Static files, by URL name. An explicit list: nothing else under /static exists, so nothing can be listed. */
    private static final Map<String, String> STATIC = Map.of(
            "htmx.min.js", "text/javascript; charset=utf-8",
            "htmx.LICENSE.txt", "text/plain; charset=utf-8",
            "app.js", "text/javascript; charset=utf-8",
            "style.css", "text/css; charset=utf-8",
            "favicon.svg", "image/svg+xml");

    static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "media-src 'self' blob:; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

    private static final String ERROR_SENT = "sonicsight.errorSent";

    private final WebConfig config;
    private final Classifier classifier;
    private Javalin app;
    private AnalysisService analysis;
    private RecentStore recent;
    private Path workDir;
    /** Uploads being received now; see {@link WebConfig#maxUploadsInFlight()}. */
    private Semaphore uploadSlots;

    public WebServer(Classifier classifier) {
        this(classifier, WebConfig.defaults());
    }

    public WebServer(Classifier classifier, WebConfig config) {
        this.classifier = classifier;
        this.config = config;
    }

    /**
     * Starts listening; port 0 picks a free port (see {@link #port()}).
     *
     * @throws IllegalStateException when it is already running or the port cannot be bound
     */
    public synchronized WebServer start(int port) {
        if (app != null) {
            throw new IllegalStateException("the web server is already running on port " + port());
        }
        try {
            workDir = Files.createTempDirectory("sonicsight-web-");
        } catch (IOException e) {
            throw new UncheckedIOException("Could not create a temporary folder for uploads", e);
        }
        // Previews and pictures share one memory budget: a few uploads' worth.
        recent = new RecentStore(config.recentResults() * 2, Math.max(64 * WebConfig.MB, 4 * config.maxUploadBytes()));
        analysis = new AnalysisService(classifier, config, recent);
        uploadSlots = new Semaphore(config.maxUploadsInFlight());
        app = Javalin.create(this::configure);
        try {
            app.start(config.host(), port);
            // A connection that sends nothing for this long (a stalled request line, headers or body) is closed.
            for (Connector connector : app.jettyServer().server().getConnectors()) {
                if (connector instanceof AbstractConnector a) {
                    a.setIdleTimeout(config.idleTimeout().toMillis());
                }
            }
        } catch (RuntimeException e) {
            stop();
            throw new IllegalStateException("Could not listen on " + config.host() + ":" + port + ": "
                    + rootMessage(e), e);
        }
        LOG.info("Web endpoint on http://{}:{}/ (classifier: {})", config.host(), port(), classifier.name());
        return this;
    }

    /** The port it listens on, or -1 when stopped. */
    public synchronized int port() {
        return app == null ? -1 : app.port();
    }

    public WebConfig config() {
        return config;
    }

    /** The temporary folder uploads are spooled to while running (tests and the soak check it is left empty). */
    public synchronized Path workDir() {
        return workDir;
    }

    /** Stops listening, cancels analyses and deletes the temporary folder. Safe to call twice. */
    public synchronized void stop() {
        if (app != null) {
            try {
                app.stop();
            } catch (RuntimeException e) {
                LOG.warn("Stopping the web server: {}", e.toString());
            }
            app = null;
        }
        if (analysis != null) {
            analysis.close();
            analysis = null;
        }
        if (workDir != null) {
            deleteTree(workDir);
            workDir = null;
        }
    }

    @Override
    public void close() {
        stop();
    }

    private void configure(JavalinConfig c) {
        c.startup.showJavalinBanner = false;
        // One JSON library in the app: Gson, through Javalin's own adapter (no Jackson on the class path).
        c.jsonMapper(new JavalinGson(PredictionJson.GSON, false));
        c.http.maxRequestSize = config.maxUploadBytes() + 64 * 1024;
        c.http.prefer405over404 = false;
        // Multipart is unlimited unless told; parts over 1 MB are spooled into our own temp folder.
        c.jetty.multipartConfig.cacheDirectory(workDir.toString());
        c.jetty.multipartConfig.maxFileSize(config.maxUploadBytes(), SizeUnit.BYTES);
        c.jetty.multipartConfig.maxInMemoryFileSize(1, SizeUnit.MB);
        c.jetty.multipartConfig.maxTotalRequestSize(multipartLimit(), SizeUnit.BYTES);
        // Slow senders: Jetty fails a body read once the body has averaged less than this since its first
        // byte (408), so a client trickling bytes holds a thread for one trickle interval, not for ever.
        c.jetty.modifyHttpConfiguration(h -> h.setMinRequestDataRate(config.minUploadRate()));
        // Threads beyond the uploads that may be in flight, so pages, health and answers always find one.
        c.jetty.threadPool = new QueuedThreadPool(Math.max(64, config.maxUploadsInFlight() + 48), 8, 60_000);
        ((QueuedThreadPool) c.jetty.threadPool).setName("web-http");

        var r = c.routes;
        r.before(ctx -> securityHeaders(ctx));
        r.get("/", ctx -> ctx.html(page(ctx)));
        // HEAD mirrors GET (type and length, no body): link checkers and tunnels' health probes use it.
        r.head("/", ctx -> {
            byte[] page = page(ctx).getBytes(java.nio.charset.StandardCharsets.UTF_8);
            ctx.contentType(io.javalin.http.ContentType.TEXT_HTML);
            ctx.header("Content-Length", String.valueOf(page.length));
        });
        r.get("/static/{name}", this::staticFile);
        r.get("/media/{id}", this::media);
        r.post("/upload", this::upload);
        r.post("/analyze", this::analyzePage);
        r.post("/api/identify", this::identify);
        r.post("/api/events", this::events);
        r.post("/api/spectrogram", this::spectrogramOfUpload);
        r.get("/api/spectrogram", this::spectrogramById);
        r.get("/api/health", this::health);
        r.get("/api/info", this::info);

        r.exception(WebException.class, (e, ctx) -> respondError(ctx, e.status(), e.getMessage(), e));
        r.exception(Exception.class, (e, ctx) -> {
            if (httpStatus(e) == 408) {
                ctx.header("Connection", "close");
                WebException slow = WebErrors.tooSlow(config.minUploadRate());
                respondError(ctx, 408, slow.getMessage(), slow);
                return;
            }
            if (httpStatus(e) == 413) {
                ctx.header("Connection", "close");
                WebException large = WebErrors.tooLarge(config.maxUploadBytes());
                respondError(ctx, 413, large.getMessage(), large);
                return;
            }
            LOG.error("Unexpected error on {} {}", ctx.method(), ctx.path(), e);
            respondError(ctx, 500, "Something went wrong on the server. The details are in its log.",
                    new WebException(500, "").localized("web.error.server"));
        });
        // Javalin's own 404/405 bodies are replaced; ours (set by respondError) are kept.
        r.error(404, ctx -> {
            if (ctx.attribute(ERROR_SENT) == null) {
                respondError(ctx, 404, "Not found: " + ctx.path(), null);
            }
        });
        r.error(405, ctx -> {
            if (ctx.attribute(ERROR_SENT) == null) {
                respondError(ctx, 405, "Method not allowed on " + ctx.path() + ".", null);
            }
        });
    }

    private static void securityHeaders(Context ctx) {
        ctx.header("Content-Security-Policy", CSP);
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("X-Frame-Options", "DENY");
        ctx.header("Referrer-Policy", "no-referrer");
        ctx.header("Cross-Origin-Opener-Policy", "same-origin");
        ctx.header("Permissions-Policy", "microphone=(self), camera=(), geolocation=()");
        ctx.header("Cache-Control", "no-store");
    }

    // ---- Languages ---------------------------------------------------------------

    /**
     * The page in the visitor's language: {@code ?lang=de} (the page's language switch; its fragment requests
     * carry it too), else the browser's {@code Accept-Language}, else English.
     */
    private String page(Context ctx) {
        Messages m = messages(ctx);
        ctx.header("Content-Language", m.tag());
        ctx.header("Vary", "Accept-Language");
        return Html.page(config, classifier.name(), m, Languages.fromTag(ctx.queryParam("lang")).isPresent());
    }

    /** The audio formats' "or" in the page's language. */
    private static Object[] localArgs(Messages m, Object[] args) {
        for (int i = 0; i < args.length; i++) {
            if (AudioDecoder.SUPPORTED.equals(args[i])) {
                args[i] = m.orList(AudioDecoder.SUPPORTED);
            }
        }
        return args;
    }

    /** The language of this request's page or fragment (the JSON API always answers in English). */
    static Messages messages(Context ctx) {
        return Messages.of(Languages.fromTag(ctx.queryParam("lang"))
                .orElseGet(() -> Languages.fromAcceptLanguage(ctx.header("Accept-Language"))));
    }

    private void staticFile(Context ctx) throws IOException {
        String name = ctx.pathParam("name");
        String type = STATIC.get(name);
        InputStream in = type == null ? null : WebServer.class.getResourceAsStream("static/" + name);
        if (in == null) {
            throw new WebException(404, "Not found: " + ctx.path());
        }
        try (in) {
            ctx.contentType(type).header("Cache-Control", "public, max-age=3600").result(in.readAllBytes());
        }
    }

    private void serveRecent(Context ctx, String id, String what) {
        RecentStore.Item item = recent.get(id).orElseThrow(() -> new WebException(404,
                "That " + what + " is no longer available: the server keeps only the most recent ones."));
        ctx.contentType(item.contentType()).result(item.bytes());
    }

    /** Audio previews answer Range requests: browsers need them to know the duration and to seek. */
    private void media(Context ctx) {
        RecentStore.Item item = recent.get(ctx.pathParam("id")).orElseThrow(() -> new WebException(404,
                "That preview is no longer available: the server keeps only the most recent ones."));
        ctx.writeSeekableStream(new java.io.ByteArrayInputStream(item.bytes()), item.contentType(), item.bytes().length);
    }

    // ---- The page's fragments (htmx) --------------------------------------

    private void upload(Context ctx) throws IOException {
        try (Upload upload = receive(ctx, true)) {
            AudioCheck check = analysis.check(upload);
            String id = recent.put(Files.readAllBytes(upload.file()), check.contentType());
            ctx.html(Html.preview(messages(ctx), upload, check, id));
        }
    }

    private void analyzePage(Context ctx) throws IOException {
        try (Upload upload = receive(ctx, true)) {
            Analysis a = analysis.analyze(upload, true, true, true);
            ctx.html(Html.result(messages(ctx), upload, a));
        }
    }

    // ---- JSON API ------------------------------------------------------------

    private void identify(Context ctx) throws IOException {
        boolean picture = isTrue(ctx.queryParam("spectrogram"));
        try (Upload upload = receive(ctx, false)) {
            Analysis a = analysis.analyze(upload, true, picture);
            Prediction p = a.prediction().orElseThrow();
            ctx.json(ApiResponses.identify(p, a));
        }
    }

    /** Every dog and cat in the uploaded audio, with start and end in seconds. */
    private void events(Context ctx) throws IOException {
        try (Upload upload = receive(ctx, false)) {
            ctx.json(analysis.events(upload));
        }
    }

    private void spectrogramOfUpload(Context ctx) throws IOException {
        try (Upload upload = receive(ctx, false)) {
            Analysis a = analysis.analyze(upload, false, true);
            a.spectrogramId().ifPresent(id -> ctx.header("X-Spectrogram-Id", id));
            ctx.contentType("image/png").result(a.spectrogramPng().orElseThrow());
        }
    }

    private void spectrogramById(Context ctx) {
        String id = ctx.queryParam("id");
        if (id == null || id.isBlank()) {
            throw new WebException(400, "Give the id of a recent analysis (GET /api/spectrogram?id=…), "
                    + "or POST audio to /api/spectrogram.");
        }
        serveRecent(ctx, id, "spectrogram");
    }

    private void health(Context ctx) {
        boolean ready = !(classifier instanceof UnavailableClassifier);
        ctx.json(new ApiResponses.Health(ready ? "ok" : "degraded", ready, analysis.inFlight()));
    }

    private void info(Context ctx) {
        String version = WebServer.class.getPackage().getImplementationVersion();
        List<String> classes = List.of();
        Integer rate = null;
        Double window = null;
        var model = classifier.windows();
        if (model.isPresent()) {
            classes = model.get().classes();
            rate = model.get().sampleRate();
            window = model.get().windowSeconds();
        }
        String reason = classifier instanceof UnavailableClassifier u ? u.reason() : null;
        List<String> verdicts = Stream.of(Verdict.values()).map(Verdict::id).toList();
        ctx.json(new ApiResponses.Info("SonicSight", version == null ? "dev" : version, classifier.name(),
                reason == null, reason, classes, verdicts, rate, window,
                new ApiResponses.Limits(config.maxUploadBytes(), config.maxAnalysisSeconds(),
                        config.requestTimeout().toMillis(), config.workers(), config.queueLength(),
                        AudioDecoder.SUPPORTED)));
    }

    // ---- Receiving audio -----------------------------------------------------

    /**
     * Spools the audio of a request to the temp folder: the multipart field
     * {@value #FIELD}, or (API only) the raw body. The declared type is only a
     * first filter; the decoder sniffs the bytes themselves.
     */
    private Upload receive(Context ctx, boolean multipartOnly) throws IOException {
        // Refused before a byte of the body is read: a reading thread is what slow senders would exhaust.
        if (!uploadSlots.tryAcquire()) {
            ctx.header("Connection", "close");
            throw WebErrors.tooManyUploads();
        }
        try {
            return receiveBody(ctx, multipartOnly);
        } catch (java.io.EOFException e) {
            // The client hung up mid-upload (Jetty's EofException): routine on flaky networks, not a server error.
            LOG.debug("Upload cut off by the client: {}", e.toString());
            ctx.header("Connection", "close");
            throw new WebException(400, "The upload was cut off before the end.");
        } catch (RuntimeException e) {
            if (httpStatus(e) == 408) {
                ctx.header("Connection", "close");
                throw WebErrors.tooSlow(config.minUploadRate());
            }
            throw e;
        } finally {
            uploadSlots.release();
        }
    }

    private Upload receiveBody(Context ctx, boolean multipartOnly) throws IOException {
        String type = Optional.ofNullable(ctx.contentType()).orElse("").toLowerCase(Locale.ROOT);
        if (type.startsWith("multipart/form-data")) {
            UploadedFile file;
            List<String> fields;
            long declared = ctx.req().getContentLengthLong();
            if (declared > multipartLimit()) {
                // Known before a byte is parsed: no need to read 10 MB to refuse it.
                ctx.header("Connection", "close");
                throw WebErrors.tooLarge(config.maxUploadBytes());
            }
            long bytesBefore = bytesIn(ctx);
            try {
                file = ctx.uploadedFile(FIELD);
                fields = file != null ? List.of() : ctx.uploadedFileMap().keySet().stream().sorted().toList();
            } catch (Exception e) {
                // Jetty's ServletException reaches us unchecked through Kotlin. After a failed multipart parse
                // Jetty will not reuse the connection; say so, or the client sends its next request into a
                // closing socket.
                ctx.header("Connection", "close");
                if (httpStatus(e) == 408) {
                    throw WebErrors.tooSlow(config.minUploadRate());
                }
                // Jetty says "bad multipart" (400) both for a malformed body and for a part over the size
                // limit; what tells them apart is how much body had arrived when parsing failed (a chunked
                // upload declares no length). Buffered bytes read with the headers are the margin.
                long received = bytesBefore < 0 ? -1 : bytesIn(ctx) - bytesBefore;
                if (httpStatus(e) == 413 || received >= config.maxUploadBytes() - 64 * 1024) {
                    throw WebErrors.tooLarge(config.maxUploadBytes());
                }
                LOG.debug("Unreadable multipart body", e);
                throw new WebException(400, "The upload could not be read: the form data is malformed or was cut off.");
            }
            if (file == null) {
                throw fields.isEmpty() ? WebErrors.noAudio() : new WebException(400, "No audio received: the file "
                        + "must be sent in the form field '" + FIELD + "' (got " + String.join(", ", fields) + ").");
            }
            checkDeclaredType(file.contentType());
            if (file.size() > config.maxUploadBytes()) {
                throw WebErrors.tooLarge(config.maxUploadBytes());
            }
            try (InputStream in = file.content()) {
                return Upload.spool(in, file.filename(), workDir, config.maxUploadBytes());
            }
        }
        if (multipartOnly || type.isEmpty() || type.startsWith("application/x-www-form-urlencoded")) {
            throw WebErrors.noAudio();
        }
        checkDeclaredType(type);
        long length = ctx.req().getContentLengthLong();
        if (length > config.maxUploadBytes()) {
            throw WebErrors.tooLarge(config.maxUploadBytes());
        }
        String name = Optional.ofNullable(ctx.queryParam("filename")).orElse("audio");
        return Upload.spool(ctx.req().getInputStream(), name, workDir, config.maxUploadBytes());
    }

    /**
     * Explicitly non-audio types are refused; empty and octet-stream are left to sniffing. Video containers are
     * let through: the sound of a clip (MP4, WebM, QuickTime, Matroska, 3GP) is analysed.
     */
    private static void checkDeclaredType(String contentType) {
        String t = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT).strip();
        if (t.isEmpty() || t.startsWith("audio/") || t.startsWith("application/octet-stream")
                || t.startsWith("application/ogg") || t.startsWith("video/ogg") || t.startsWith("video/mp4")
                || t.startsWith("video/webm") || t.startsWith("video/quicktime") || t.startsWith("video/x-matroska")
                || t.startsWith("video/3gpp") || t.startsWith("application/mp4")) {
            return;
        }
        throw WebErrors.notAudioType(t);
    }

    // ---- Errors ----------------------------------------------------------------

    /** HTML fragments for the page's routes, JSON for the API, plain text elsewhere. */
    private void respondError(Context ctx, int status, String message, WebException error) {
        ctx.attribute(ERROR_SENT, Boolean.TRUE);
        if (status == 413) {
            drainRequest(ctx);
            ctx.header("Connection", "close");
        }
        ctx.status(status);
        if (status == 429 || status == 503) {
            ctx.header("Retry-After", "1");
        }
        String path = ctx.path();
        if (path.startsWith("/api/")) {
            ctx.json(new ApiResponses.Error(status, message));
        } else if (path.equals("/upload") || path.equals("/analyze")) {
            Messages m = messages(ctx);
            // English keeps the full sentence (it may name more than the translation does); others get theirs.
            boolean translate = error != null && error.key() != null && !m.tag().equals("en");
            ctx.html(Html.error(m, translate ? m.get(error.key(), localArgs(m, error.args())) : message));
        } else {
            ctx.contentType("text/plain; charset=utf-8").result(message);
        }
    }

    /**
     * Reads and drops the rest of an oversized request (up to a bound) so the
     * client, still sending, gets to read the 413 instead of a reset
     * connection. Anything larger than the bound is cut off.
     */
    private void drainRequest(Context ctx) {
        long budget = config.maxUploadBytes() + 16 * WebConfig.MB;
        byte[] sink = new byte[64 * 1024];
        try {
            InputStream in = ctx.req().getInputStream();
            int n;
            while (budget > 0 && (n = in.read(sink)) >= 0) {
                budget -= n;
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug("Could not drain an oversized request: {}", e.toString());
        }
    }

    /** The HTTP status Jetty attached to an exception in the cause chain (e.g. 408 for a slow body), or 0. */
    static int httpStatus(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof HttpException h) {
                return h.getCode();
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return 0;
    }

    private long multipartLimit() {
        return config.maxUploadBytes() + 64 * 1024;
    }

    /** Bytes the request's connection has received so far, or -1 where Jetty does not say. */
    private static long bytesIn(Context ctx) {
        ServletContextRequest request = ServletContextRequest.getServletContextRequest(ctx.req());
        if (request == null) {
            return -1;
        }
        return request.getConnectionMetaData().getConnection().getBytesIn();
    }

    private static boolean isTrue(String v) {
        return v != null && (v.isEmpty() || v.equals("1") || v.equalsIgnoreCase("true") || v.equalsIgnoreCase("yes"));
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.toString() : t.getMessage();
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    LOG.debug("Could not delete {}: {}", p, e.toString());
                }
            });
        } catch (IOException e) {
            LOG.debug("Could not clean {}: {}", dir, e.toString());
        }
    }
}
