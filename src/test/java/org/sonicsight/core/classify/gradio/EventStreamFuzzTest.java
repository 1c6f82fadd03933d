package org.sonicsight.core.classify.gradio;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Executors;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Tag;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.sonicsight.fuzz.Mutations;

/**
 * Fuzzing the Gradio event-stream parser and the job state machine behind
 * it: the queue's SSE body is a real Gradio 5 stream (completed, generating,
 * failed) mutated line by line and byte by byte, served by a JDK HTTP server.
 * Whatever arrives, {@code predict} ends within 15 s with outputs or a typed
 * {@link GradioException} with a message, never another exception.
 */
class EventStreamFuzzTest {

    static HttpServer server;
    static String url;
    static volatile byte[] stream = new byte[0];

    static final List<String> SEEDS = List.of(GradioFaultTest.completed(),
            "data: {\"msg\":\"estimation\",\"event_id\":\"e1\",\"rank\":2,\"queue_size\":3,\"rank_eta\":1.5}\n\n"
                    + "data: {\"msg\":\"process_starts\",\"event_id\":\"e1\",\"eta\":0.5}\n\n"
                    + "data: {\"msg\":\"progress\",\"event_id\":\"e1\",\"progress_data\":[{\"progress\":0.5,"
                    + "\"index\":1,\"length\":2,\"unit\":\"steps\",\"desc\":null}]}\n\n"
                    + "data: {\"msg\":\"process_generating\",\"event_id\":\"e1\",\"success\":true,\"output\":"
                    + "{\"data\":[{\"label\":\"cat\"}],\"is_generating\":true}}\n\n"
                    + "data: {\"msg\":\"process_completed\",\"event_id\":\"e1\",\"success\":true,\"output\":"
                    + "{\"data\":[{\"label\":\"cat\",\"confidences\":[{\"label\":\"cat\",\"confidence\":0.9}]}],"
                    + "\"is_generating\":false}}\n\n",
            "event: heartbeat\ndata: null\n\n: keep-alive\n\n"
                    + "data: {\"msg\":\"log\",\"event_id\":\"e1\",\"log\":\"warming up\",\"level\":\"info\"}\n\n"
                    + "data: {\"msg\":\"process_completed\",\"event_id\":\"e1\",\"success\":false,\"output\":"
                    + "{\"error\":\"Model crashed\",\"title\":\"Error\"}}\n\n"
                    + "data: {\"msg\":\"close_stream\",\"event_id\":null}\n\n");

    enum LineMutation { NONE, DROP, DUPLICATE, SWAP, CUT, GARBLE_JSON, JUNK_LINE, CRLF, BYTES }

    @BeforeContainer
    static void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "sse-stub");
            t.setDaemon(true);
            return t;
        }));
        url = "http://127.0.0.1:" + server.getAddress().getPort();
        server.createContext("/config", ex -> GradioFaultTest.send(ex, 200, GradioFaultTest.CONFIG, "application/json"));
        server.createContext("/gradio_api/info", ex -> GradioFaultTest.send(ex, 500, "no", "text/plain"));
        server.createContext("/gradio_api/upload", ex -> {
            ex.getRequestBody().readAllBytes();
            GradioFaultTest.send(ex, 200, "[\"/tmp/gradio/abc/clip.wav\"]", "application/json");
        });
        server.createContext("/gradio_api/queue/join", ex -> {
            ex.getRequestBody().readAllBytes();
            GradioFaultTest.send(ex, 200, "{\"event_id\":\"e1\"}", "application/json");
        });
        server.createContext("/gradio_api/queue/data", ex -> {
            ex.getResponseHeaders().add("Content-Type", "text/event-stream");
            ex.sendResponseHeaders(200, 0);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(stream);
            } catch (IOException ignored) {
                // the client gave up first
            }
        });
        server.start();
    }

    @AfterContainer
    static void stop() {
        server.stop(0);
    }

    static GradioOptions options() {
        return GradioOptions.defaults().withToken(null).withHub(url)
                .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofSeconds(8))
                .withWait(Duration.ofSeconds(2), Duration.ofMillis(100));
    }

    static byte[] mutate(String seed, LineMutation m, long salt) {
        Random r = new Random(salt);
        List<String> lines = new ArrayList<>(Arrays.asList(seed.split("\n", -1)));
        int n = lines.size();
        switch (m) {
            case DROP -> lines.remove(r.nextInt(n));
            case DUPLICATE -> {
                int i = r.nextInt(n);
                lines.add(i, lines.get(i));
            }
            case SWAP -> java.util.Collections.swap(lines, r.nextInt(n), r.nextInt(n));
            case CUT -> {
                String all = String.join("\n", lines);
                return all.substring(0, r.nextInt(all.length() + 1)).getBytes(StandardCharsets.UTF_8);
            }
            case GARBLE_JSON -> {
                int i = r.nextInt(n);
                String l = lines.get(i);
                if (!l.isEmpty()) {
                    int at = r.nextInt(l.length());
                    String junk = List.of("\"", "{", "}", "[", "]", ",", ":", "null", "1e999", "\\u0000", "\"msg\":")
                            .get(r.nextInt(11));
                    lines.set(i, l.substring(0, at) + junk + l.substring(at));
                }
            }
            case JUNK_LINE -> lines.add(r.nextInt(n + 1), List.of("data:", "data", "event:", "id: 7", "retry: x",
                    "data: []", "data: {}", "data: {\"msg\":\"process_completed\"}", "data: {\"msg\":42}",
                    "data: {\"msg\":\"unexpected_error\",\"message\":\"boom\"}").get(r.nextInt(10)));
            case CRLF -> {
                return String.join("\r\n", lines).getBytes(StandardCharsets.UTF_8);
            }
            case BYTES -> {
                return Mutations.apply(seed.getBytes(StandardCharsets.UTF_8),
                        Mutations.Kind.values()[r.nextInt(Mutations.Kind.values().length)], salt);
            }
            default -> {
            }
        }
        return String.join("\n", lines).getBytes(StandardCharsets.UTF_8);
    }

    /** CI: a fixed seed, about 30 s (streams that end early cost a short idle wait each). */
    @Property(tries = 150, seed = "20261201")
    void anyStreamEndsInOutputsOrATypedError(@ForAll @IntRange(min = 0, max = 2) int seed,
                                            @ForAll LineMutation m, @ForAll long salt) {
        check(seed, m, salt);
    }

    @Property(tries = 10_000)
    @Tag("fuzz-long")
    void anyStreamEndsInOutputsOrATypedErrorLong(@ForAll @IntRange(min = 0, max = 2) int seed,
                                                @ForAll LineMutation m, @ForAll long salt) {
        check(seed, m, salt);
    }

    private void check(int seed, LineMutation m, long salt) {
        stream = mutate(SEEDS.get(seed), m, salt);
        assertTimeoutPreemptively(Duration.ofSeconds(15), () -> {
            try (GradioClient c = GradioClient.connect(url, options(), null)) {
                c.predict("/classify", List.of(GradioConformanceTest.wav(0.1)), null);
            } catch (GradioException expected) {
                if (expected.getMessage() == null || expected.getMessage().isBlank()) {
                    throw new AssertionError("a Gradio error without a message", expected);
                }
            }
        }, () -> m + " of stream " + seed + " did not end");
    }
}
