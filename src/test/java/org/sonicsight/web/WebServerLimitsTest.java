package org.sonicsight.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.sonicsight.core.audio.AudioClip;
import org.sonicsight.core.classify.ClassScore;
import org.sonicsight.core.classify.Classifier;
import org.sonicsight.core.classify.Prediction;
import org.sonicsight.core.classify.Verdict;
import org.sonicsight.testsupport.TestEnv;

/**
 * Queue, timeout and lifecycle. A classifier that blocks until released is the
 * one stand-in here: it makes "all workers busy" happen on cue, which real
 * load would only do by chance.
 */
class WebServerLimitsTest {

    /** Holds every classification until {@link #release}; counts arrivals. */
    static final class BlockingClassifier implements Classifier {
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);

        @Override
        public String name() {
            return "blocking test classifier";
        }

        @Override
        public Prediction classify(AudioClip clip) {
            entered.countDown();
            try {
                release.await(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return new Prediction("dog", 0.9, List.of(new ClassScore("dog", 0.9), new ClassScore("other", 0.1)),
                    Verdict.DOG, false, name(), Duration.ofMillis(1), null, null);
        }
    }

    @Test
    void aFullQueueIsRefusedWith429AndTheBusyRequestStillCompletes() throws Exception {
        byte[] dog = Files.readAllBytes(TestEnv.fixture("dog_bark_esc50_22050hz_mono.wav"));
        BlockingClassifier blocking = new BlockingClassifier();
        WebConfig config = WebConfig.defaults().withHost("127.0.0.1").withConcurrency(1, 0);
        try (WebServer server = new WebServer(blocking, config).start(0)) {
            Http http = new Http(server.port());
            CompletableFuture<HttpResponse<byte[]>> first = CompletableFuture.supplyAsync(() -> {
                try {
                    return http.post("/api/identify", "audio/wav", dog);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            assertTrue(blocking.entered.await(10, TimeUnit.SECONDS), "the first request reached the classifier");
            HttpResponse<byte[]> second = http.post("/api/identify", "audio/wav", dog);
            assertEquals(429, second.statusCode(), Http.text(second));
            assertEquals("1", second.headers().firstValue("Retry-After").orElse(""));
            assertTrue(Http.text(second).contains("busy"));
            HttpResponse<byte[]> page = http.postFile("/analyze", "audio", "dog.wav", "audio/wav", dog);
            assertEquals(429, page.statusCode());
            // The page's first step (decode to check and preview) goes through the same workers and queue.
            HttpResponse<byte[]> preview = http.postFile("/upload", "audio", "dog.wav", "audio/wav", dog);
            assertEquals(429, preview.statusCode(), Http.text(preview));
            assertTrue(Http.text(page).startsWith("<p class=\"error\""), "the page gets a fragment");
            blocking.release.countDown();
            assertEquals(200, first.get(20, TimeUnit.SECONDS).statusCode());
            assertEquals(200, http.post("/api/identify", "audio/wav", dog).statusCode(), "free again");
        }
    }

    @Test
    void aSlowAnalysisTimesOutWith503() throws Exception {
        byte[] dog = Files.readAllBytes(TestEnv.fixture("dog_bark_esc50_22050hz_mono.wav"));
        BlockingClassifier blocking = new BlockingClassifier();
        WebConfig config = WebConfig.defaults().withHost("127.0.0.1").withRequestTimeout(Duration.ofMillis(500));
        try (WebServer server = new WebServer(blocking, config).start(0)) {
            long t0 = System.nanoTime();
            HttpResponse<byte[]> r = new Http(server.port()).post("/api/identify", "audio/wav", dog);
            double seconds = (System.nanoTime() - t0) / 1e9;
            assertEquals(503, r.statusCode(), Http.text(r));
            assertTrue(Http.text(r).contains("took too long"), Http.text(r));
            assertTrue(seconds < 10, "answered after the timeout, not after the analysis: " + seconds + " s");
        } finally {
            blocking.release.countDown();
        }
    }

    @Test
    void smallerUploadLimitAndAnalysisCutAreHonoured() throws Exception {
        byte[] dog = Files.readAllBytes(TestEnv.fixture("dog_bark_esc50_22050hz_mono.wav"));
        WebConfig config = WebConfig.defaults().withHost("127.0.0.1").withMaxUploadBytes(100 * 1024)
                .withMaxAnalysisSeconds(2);
        try (WebServer server = new WebServer(new UnavailableClassifier("off"), config).start(0)) {
            Http http = new Http(server.port());
            HttpResponse<byte[]> big = http.post("/api/spectrogram", "audio/wav", dog);
            assertEquals(413, big.statusCode());
            assertTrue(Http.text(big).contains("100 KB"), Http.text(big));
            byte[] small = java.util.Arrays.copyOf(dog, 44 + 2 * 22050 * 2 + 2000);
            java.nio.ByteBuffer.wrap(small).order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt(40, small.length - 44)
                    .putInt(4, small.length - 8);
            assertEquals(200, http.post("/api/spectrogram", "audio/wav", small).statusCode());
            assertTrue(Http.text(http.get("/")).contains("the first 2 s are analysed"));
        }
    }

    @Test
    void lifecycle() throws Exception {
        WebServer server = new WebServer(new UnavailableClassifier("off"),
                WebConfig.defaults().withHost("127.0.0.1")).start(0);
        try {
            assertTrue(server.port() > 0);
            assertThrows(IllegalStateException.class, () -> server.start(0));
            WebServer clash = new WebServer(new UnavailableClassifier("off"), WebConfig.defaults().withHost("127.0.0.1"));
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> clash.start(server.port()));
            assertTrue(e.getMessage().contains(String.valueOf(server.port())), e.getMessage());
            assertEquals(-1, clash.port());
        } finally {
            server.stop();
            server.stop();
        }
        assertEquals(-1, server.port());
        // Restartable: the UI may toggle serving on and off.
        server.start(0);
        assertEquals(200, new Http(server.port()).get("/api/health").statusCode());
        server.stop();
    }
}
