package org.sonicsight.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.sonicsight.core.classify.Classifier;
import org.sonicsight.core.backend.LocalModel;
import org.sonicsight.testsupport.TestEnv;

/**
 * 300 slow uploaders (loopback only) each send a POST /api/identify header
 * announcing 1 MB and then trickle 4 bytes every 2 s. Meanwhile health must
 * answer within 2 s and a real 5 s WAV must be identified within 10 s. Before
 * the upload guards every Jetty thread sat in a blocking body read and health
 * timed out until the trickers gave up.
 */
class SlowClientsTest {

    static final int SLOW = 300;

    static Classifier classifier;

    @BeforeAll
    static void model() throws Exception {
        TestEnv.need(LocalModel.isPresent(), "the embedded model");
        classifier = LocalModel.open(1);
    }

    @AfterAll
    static void close() {
        if (classifier != null) {
            classifier.close();
        }
    }

    @Test
    void healthAndARealUploadAnswerWhileThreeHundredClientsTrickle() throws Exception {
        byte[] wav = Files.readAllBytes(TestEnv.fixture("dog_bark_esc50_22050hz_mono.wav"));
        try (WebServer server = new WebServer(classifier, WebConfig.defaults().withHost("127.0.0.1")).start(0)) {
            int port = server.port();
            List<Socket> slow = new ArrayList<>();
            AtomicBoolean stop = new AtomicBoolean();
            Thread trickler = null;
            try {
                for (int i = 0; i < SLOW; i++) {
                    Socket s = new Socket(InetAddress.getLoopbackAddress(), port);
                    s.setSoTimeout(1);
                    s.getOutputStream().write(("POST /api/identify HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: audio/wav\r\n"
                            + "Content-Length: 1048576\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                    s.getOutputStream().flush();
                    slow.add(s);
                }
                trickler = new Thread(() -> {
                    byte[] four = {'R', 'I', 'F', 'F'};
                    while (!stop.get()) {
                        for (Socket s : slow) {
                            try {
                                OutputStream out = s.getOutputStream();
                                out.write(four);
                                out.flush();
                            } catch (IOException e) {
                                // Cut off by the server: what the guards are for.
                            }
                        }
                        try {
                            Thread.sleep(2000);
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                }, "trickler");
                trickler.setDaemon(true);
                trickler.start();
                long t0 = System.nanoTime();

                Http http = new Http(port);
                long worstHealth = 0;
                for (int i = 0; i < 5; i++) {
                    long h0 = System.nanoTime();
                    HttpResponse<byte[]> health = http.get("/api/health");
                    long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - h0);
                    worstHealth = Math.max(worstHealth, ms);
                    assertEquals(200, health.statusCode(), Http.text(health));
                    assertTrue(ms <= 2000, "health took " + ms + " ms with " + SLOW + " slow uploaders");
                    Thread.sleep(300);
                }

                // A well-behaved client honours 503 + Retry-After while the upload slots are taken.
                long u0 = System.nanoTime();
                HttpResponse<byte[]> answer;
                int refused = 0;
                while (true) {
                    answer = http.post("/api/identify", "audio/wav", wav);
                    if (answer.statusCode() != 503 || System.nanoTime() - u0 > TimeUnit.SECONDS.toNanos(10)) {
                        break;
                    }
                    refused++;
                    Thread.sleep(1000L * Long.parseLong(answer.headers().firstValue("Retry-After").orElse("1")));
                }
                long uploadMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - u0);
                assertEquals(200, answer.statusCode(), Http.text(answer));
                assertTrue(Http.text(answer).contains("\"verdict\":\"dog\""), Http.text(answer));
                assertTrue(uploadMs <= 10_000, "the real upload took " + uploadMs + " ms");

                // Every slow uploader was answered (503: no slot, 408: too slow) or cut off, none is still held.
                int answered = 0;
                long deadline = t0 + TimeUnit.SECONDS.toNanos(15);
                for (Socket s : slow) {
                    if (status(s, deadline) != 0) {
                        answered++;
                    }
                }
                System.out.printf("slow clients: health worst %d ms, real upload %d ms (%d refused with 503), "
                        + "%d of %d slow uploaders answered 408/503 or closed%n", worstHealth, uploadMs, refused,
                        answered, SLOW);
                assertEquals(SLOW, answered, "slow uploaders still held by the server");
            } finally {
                stop.set(true);
                if (trickler != null) {
                    trickler.interrupt();
                }
                for (Socket s : slow) {
                    s.close();
                }
            }
        }
    }

    /** Clients that hang up halfway through an upload: the server goes on answering and keeps nothing. */
    @Test
    void clientsThatDisconnectMidUploadLeaveNothingBehind() throws Exception {
        byte[] wav = Files.readAllBytes(TestEnv.fixture("dog_bark_esc50_22050hz_mono.wav"));
        try (WebServer server = new WebServer(classifier, WebConfig.defaults().withHost("127.0.0.1")).start(0)) {
            int port = server.port();
            Http http = new Http(port);
            for (int i = 0; i < 100; i++) {
                try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
                    Http.Multipart m = new Http.Multipart();
                    m.file("audio", "dog.wav", "audio/wav", wav);
                    boolean form = i % 2 == 0;
                    byte[] body = form ? m.body() : wav;
                    OutputStream out = s.getOutputStream();
                    out.write(("POST /api/identify HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: "
                            + (form ? m.contentType() : "audio/wav") + "\r\nContent-Length: " + body.length
                            + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                    out.write(body, 0, body.length / 2);
                    out.flush();
                }
            }
            HttpResponse<byte[]> ok = http.post("/api/identify", "audio/wav", wav);
            assertEquals(200, ok.statusCode(), Http.text(ok));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            long left;
            do {
                try (var files = Files.list(server.workDir())) {
                    left = files.count();
                }
            } while (left > 0 && System.nanoTime() < deadline && sleep(100));
            assertEquals(0, left, "uploads cut off by their clients are deleted");
        }
    }

    private static boolean sleep(long ms) throws InterruptedException {
        Thread.sleep(ms);
        return true;
    }

    /** The status line's code, -1 when closed without one, 0 when nothing came before the deadline. */
    private static int status(Socket s, long deadlineNanos) throws IOException {
        byte[] buf = new byte[512];
        StringBuilder head = new StringBuilder();
        InputStream in = s.getInputStream();
        while (System.nanoTime() < deadlineNanos) {
            int n;
            try {
                s.setSoTimeout(200);
                n = in.read(buf);
            } catch (java.net.SocketTimeoutException e) {
                continue;
            } catch (IOException e) {
                return -1;
            }
            if (n < 0) {
                return head.length() >= 12 ? Integer.parseInt(head.substring(9, 12)) : -1;
            }
            head.append(new String(buf, 0, n, StandardCharsets.ISO_8859_1));
            if (head.length() >= 12) {
                return Integer.parseInt(head.substring(9, 12));
            }
        }
        return 0;
    }
}
