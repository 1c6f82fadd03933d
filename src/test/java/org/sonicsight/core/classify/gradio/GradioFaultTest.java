package org.sonicsight.core.classify.gradio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.sonicsight.core.audio.AudioClip;
import org.sonicsight.core.classify.ClassifierException;
import org.sonicsight.core.classify.Prediction;

/**
 * Faults a real Gradio server cannot be made to produce on demand (a broken
 * event stream, a silent one, a sleeping Space on the Hub, a hanging or
 * failing /config), served by a small JDK HTTP stub. Each test is bounded: a
 * client that hangs fails it.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class GradioFaultTest {

    static final String CONFIG = """
            {"version":"5.50.0","protocol":"sse_v3","api_prefix":"/gradio_api",
             "components":[{"id":1,"type":"audio","props":{"label":"audio","name":"audio"}},
                           {"id":2,"type":"label","props":{"name":"label"}}],
             "dependencies":[{"id":0,"api_name":"classify","inputs":[1],"outputs":[2]}]}""";

    HttpServer server;
    String url;
    /** What /gradio_api/queue/data sends, by test. */
    volatile String stream = "";
    volatile boolean streamHangs;
    volatile int configStatus = 200;
    volatile String configBody = CONFIG;
    volatile boolean configHangs;
    volatile int joinStatus = 200;
    final Map<String, String> headers = new ConcurrentHashMap<>();
    final List<String> hubStages = new CopyOnWriteArrayList<>();
    final AtomicInteger runtimeCalls = new AtomicInteger();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        url = "http://127.0.0.1:" + server.getAddress().getPort();
        server.createContext("/config", ex -> {
            headers.put("config-auth", String.valueOf(ex.getRequestHeaders().getFirst("Authorization")));
            if (configHangs) {
                sleep(20_000);
            }
            send(ex, configStatus, configBody, "application/json");
        });
        server.createContext("/gradio_api/info", ex -> send(ex, 500, "Internal Server Error", "text/plain"));
        server.createContext("/gradio_api/upload", ex -> {
            ex.getRequestBody().readAllBytes();
            send(ex, 200, "[\"/tmp/gradio/abc/clip.wav\"]", "application/json");
        });
        server.createContext("/gradio_api/queue/join", ex -> {
            ex.getRequestBody().readAllBytes();
            send(ex, joinStatus, joinStatus == 200 ? "{\"event_id\":\"e1\"}"
                    : "{\"detail\":\"Queue is full. Max size is 1 and size is 1.\"}", "application/json");
        });
        server.createContext("/gradio_api/queue/data", ex -> {
            ex.getResponseHeaders().add("Content-Type", "text/event-stream");
            ex.sendResponseHeaders(200, 0);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(stream.getBytes(StandardCharsets.UTF_8));
                out.flush();
                if (streamHangs) {
                    sleep(20_000);
                }
            } catch (IOException ignored) {
                // client went away
            }
        });
        server.createContext("/api/spaces/owner/app", ex -> {
            headers.put("hub-auth", String.valueOf(ex.getRequestHeaders().getFirst("Authorization")));
            boolean runtime = ex.getRequestURI().getPath().endsWith("/runtime");
            String stage;
            if (runtime) {
                int n = runtimeCalls.getAndIncrement();
                stage = hubStages.get(Math.min(n + 1, hubStages.size() - 1));
            } else {
                stage = hubStages.get(0);
            }
            String body = runtime ? "{\"stage\":\"" + stage + "\"}"
                    : "{\"id\":\"owner/app\",\"host\":\"" + url + "\",\"runtime\":{\"stage\":\"" + stage + "\"}}";
            send(ex, 200, body, "application/json");
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static void send(HttpExchange ex, int status, String body, String type) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", type);
        ex.sendResponseHeaders(status, b.length == 0 ? -1 : b.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(b);
        }
    }

    GradioOptions options() {
        return GradioOptions.defaults().withToken(null).withHub(url)
                .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofSeconds(20))
                .withWait(Duration.ofSeconds(3), Duration.ofMillis(100));
    }

    GradioException call() {
        return assertThrows(GradioException.class, () -> {
            try (GradioClient c = GradioClient.connect(url, options(), null)) {
                c.predict("/classify", List.of(GradioConformanceTest.wav(0.1)), null);
            }
        });
    }

    static String completed() {
        return "data: {\"msg\":\"estimation\",\"event_id\":\"e1\",\"rank\":0,\"queue_size\":1,\"rank_eta\":null}\n\n"
                + "data: {\"msg\":\"process_starts\",\"event_id\":\"e1\",\"eta\":null}\n\n"
                + "data: {\"msg\":\"heartbeat\",\"event_id\":null}\n\n"
                + "data: {\"msg\":\"process_completed\",\"event_id\":\"e1\",\"success\":true,\"output\":{\"data\":"
                + "[{\"label\":\"dog\",\"confidences\":[{\"label\":\"dog\",\"confidence\":0.8},"
                + "{\"label\":\"cat\",\"confidence\":0.2}]}],\"is_generating\":false}}\n\n"
                + "data: {\"msg\":\"close_stream\",\"event_id\":null}\n\n";
    }

    @Test
    void aWellFormedStreamWorksAndInfoFailureFallsBackToConfig() throws Exception {
        stream = completed();
        try (GradioClient c = GradioClient.connect(url, options(), null)) {
            assertEquals("param_0", c.endpoint("/classify").parameters().get(0).name(), "from /config only");
            GradioOutputs.Label l = GradioOutputs.label(c.predict("/classify",
                    List.of(GradioConformanceTest.wav(0.1)), null).get(0)).orElseThrow();
            assertEquals("dog", l.label());
        }
    }

    @Test
    void malformedJsonInTheStreamIsAProtocolError() {
        stream = "data: {\"msg\":\"process_starts\",\"event_id\":\"e1\"}\n\ndata: {\"msg\": \"process_compl\n\n";
        GradioException e = call();
        assertEquals(GradioException.Kind.PROTOCOL, e.kind(), e.getMessage());
        assertEquals(ClassifierException.Reason.PROTOCOL, e.toClassifierException().reason());
    }

    @Test
    void aStreamThatEndsEarlyIsAConnectionError() {
        stream = "data: {\"msg\":\"process_starts\",\"event_id\":\"e1\"}\n\ndata: {\"msg\":\"process_completed\"";
        GradioException e = call();
        assertEquals(GradioException.Kind.CONNECTION, e.kind(), e.getMessage());
    }

    @Test
    void closeStreamWithoutAResultIsAProtocolError() {
        stream = "data: {\"msg\":\"close_stream\",\"event_id\":null}\n\n";
        GradioException e = call();
        assertEquals(GradioException.Kind.PROTOCOL, e.kind(), e.getMessage());
    }

    @Test
    void aSilentStreamTimesOut() {
        stream = "data: {\"msg\":\"process_starts\",\"event_id\":\"e1\"}\n\n";
        streamHangs = true;
        long t0 = System.nanoTime();
        GradioException e = call();
        assertEquals(GradioException.Kind.TIMEOUT, e.kind(), e.getMessage());
        assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(10));
    }

    @Test
    void unexpectedErrorFromTheServer() {
        stream = "data: {\"msg\":\"unexpected_error\",\"message\":\"Server stopped unexpectedly.\",\"success\":false}\n\n";
        GradioException e = call();
        assertEquals(GradioException.Kind.CONNECTION, e.kind());
        assertTrue(e.getMessage().contains("Server stopped unexpectedly"), e.getMessage());
    }

    @Test
    void aHangingConfigTimesOut() {
        configHangs = true;
        long t0 = System.nanoTime();
        GradioException e = call();
        assertEquals(GradioException.Kind.TIMEOUT, e.kind(), e.getMessage());
        assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(10));
    }

    @Test
    void serverErrorsAndNonGradioAnswers() {
        configStatus = 500;
        configBody = "Internal Server Error";
        GradioException e = call();
        assertEquals(GradioException.Kind.HTTP, e.kind());
        assertEquals(500, e.httpStatus());
        assertEquals(ClassifierException.Reason.REMOTE_ERROR, e.toClassifierException().reason());
        configStatus = 503;
        assertEquals(GradioException.Kind.NOT_READY, call().kind());
        configStatus = 401;
        assertEquals(GradioException.Kind.AUTH, call().kind());
        configStatus = 404;
        assertEquals(GradioException.Kind.NOT_FOUND, call().kind());
        configStatus = 200;
        configBody = "<html>hello</html>";
        assertEquals(GradioException.Kind.PROTOCOL, call().kind());
        configBody = "{\"version\":\"3.50.2\",\"mode\":\"blocks\",\"components\":[],\"dependencies\":[]}";
        GradioException old = call();
        assertEquals(GradioException.Kind.UNSUPPORTED_VERSION, old.kind());
        assertTrue(old.getMessage().contains("3.50.2"), old.getMessage());
    }

    @Test
    void queueFullIsBusy() {
        joinStatus = 503;
        GradioException e = call();
        assertEquals(GradioException.Kind.BUSY, e.kind());
        assertTrue(e.getMessage().contains("Queue is full"), e.getMessage());
    }

    @Test
    void nothingListeningIsAConnectionError() throws Exception {
        int port = GradioServers.freePort();
        GradioException e = assertThrows(GradioException.class,
                () -> GradioClient.connect("http://127.0.0.1:" + port, options(), null));
        assertEquals(GradioException.Kind.CONNECTION, e.kind(), e.getMessage());
    }

    @Test
    void aSleepingSpaceIsWokenAndWaitedFor() throws Exception {
        hubStages.addAll(List.of("SLEEPING", "SLEEPING", "APP_STARTING", "RUNNING"));
        stream = completed();
        List<String> status = new CopyOnWriteArrayList<>();
        GradioListener l = new GradioListener() {
            @Override
            public void onStatus(String message) {
                status.add(message);
            }
        };
        GradioOptions o = options().withToken("hf_secret");
        try (GradioClient c = GradioClient.connect("owner/app", o, l)) {
            GradioClassifier classifier = new GradioClassifier(c, null, l);
            Prediction p = classifier.classify(new AudioClip(new float[1600], 16000, "x"));
            assertEquals("dog", p.label());
            assertEquals(0.8, p.confidence(), 1e-9);
        }
        assertTrue(status.stream().anyMatch(s -> s.contains("asleep")), status.toString());
        assertTrue(runtimeCalls.get() >= 3, "polled the runtime");
        assertEquals("Bearer hf_secret", headers.get("hub-auth"));
        assertEquals("Bearer hf_secret", headers.get("config-auth"));
        assertTrue(!o.toString().contains("hf_secret"), "the token never appears in text");
    }

    @Test
    void aSpaceThatStaysAsleepGivesUpInTime() {
        hubStages.addAll(List.of("SLEEPING"));
        long t0 = System.nanoTime();
        GradioException e = assertThrows(GradioException.class, () -> GradioClient.connect("owner/app", options(), null));
        assertEquals(GradioException.Kind.NOT_READY, e.kind());
        assertTrue(e.getMessage().contains("still asleep"), e.getMessage());
        assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(10));
        assertEquals(ClassifierException.Reason.UNAVAILABLE, e.toClassifierException().reason());
    }

    @Test
    void pausedOrBrokenSpacesFailAtOnce() {
        hubStages.addAll(List.of("PAUSED"));
        GradioException e = assertThrows(GradioException.class, () -> GradioClient.connect("owner/app", options(), null));
        assertEquals(GradioException.Kind.NOT_READY, e.kind());
        assertTrue(e.getMessage().contains("paused"), e.getMessage());
        GradioException missing = assertThrows(GradioException.class,
                () -> GradioClient.connect("owner/missing", options(), null));
        assertEquals(GradioException.Kind.NOT_FOUND, missing.kind(), missing.getMessage());
        GradioException bad = assertThrows(GradioException.class,
                () -> GradioClient.connect("not a space", options(), null));
        assertEquals(GradioException.Kind.BAD_REQUEST, bad.kind());
    }

    @Test
    void diffsAreAppliedLikeGradioDoes() throws Exception {
        com.google.gson.JsonElement v = com.google.gson.JsonParser.parseString("{\"a\":[1,2],\"s\":\"ab\"}");
        com.google.gson.JsonElement d = com.google.gson.JsonParser.parseString(
                "[[\"append\",[\"s\"],\"c\"],[\"add\",[\"a\",1],9],[\"delete\",[\"a\",0],null],[\"replace\",[\"n\"],1]]");
        assertEquals("{\"a\":[9,2],\"s\":\"abc\",\"n\":1}", GradioJob.Diff.apply(v, d).toString());
        assertEquals("\"xy\"", GradioJob.Diff.apply(new com.google.gson.JsonPrimitive("x"),
                com.google.gson.JsonParser.parseString("[[\"append\",[],\"y\"]]")).toString());
    }
}
