package org.sonicsight.core.classify;

import org.sonicsight.core.backend.RemoteClassifiers;
import org.sonicsight.core.backend.LocalModel;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.sonicsight.core.audio.AudioClip;
import org.sonicsight.core.audio.AudioDecoder;
import org.sonicsight.testsupport.TestEnv;
import org.sonicsight.core.classify.gradio.GradioOptions;

/**
 * The Space→local policy against real peers on loopback: a port nobody
 * listens on (a Space that is down) and an HTTP server that accepts and never
 * answers (a Space asleep or stuck).
 */
class SpaceWithFallbackTest {

    static HttpServer hanging;
    static final CountDownLatch never = new CountDownLatch(1);
    static AudioClip dog;

    @BeforeAll
    static void start() throws Exception {
        TestEnv.need(LocalModel.isPresent(), "the embedded model");
        dog = AudioDecoder.readAll(TestEnv.fixture("dog_bark_esc50_22050hz_mono.wav"), 22050);
        hanging = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        hanging.createContext("/", exchange -> {
            try {
                never.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
        });
        hanging.setExecutor(java.util.concurrent.Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "hanging-space");
            t.setDaemon(true);
            return t;
        }));
        hanging.start();
    }

    @AfterAll
    static void stop() {
        never.countDown();
        if (hanging != null) {
            hanging.stop(0);
        }
    }

    static String hangingUrl() {
        return "http://127.0.0.1:" + hanging.getAddress().getPort();
    }

    static SpaceWithFallback policy(String url, Duration budget, boolean fallback) {
        return new SpaceWithFallback(url, () -> RemoteClassifiers.gradio(url, null, GradioOptions.defaults()),
                fallback ? LocalModel::open : null, budget, Duration.ofSeconds(60));
    }

    @Test
    void aSilentSpaceGivesWayToTheLocalModelAfterTheBudget() throws Exception {
        try (SpaceWithFallback c = policy(hangingUrl(), Duration.ofSeconds(2), true)) {
            long t0 = System.nanoTime();
            Prediction p = c.classify(dog);
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            assertEquals(Verdict.DOG, p.verdict());
            assertTrue(p.backend().startsWith("local model"), p.backend());
            assertTrue(p.fallback().orElse("").contains("did not answer within 2 s"), p.fallback().toString());
            assertTrue(ms < 2000 + 5000, "answered " + ms + " ms after the call (budget 2 s)");
            // The Space is not asked again at once: the next answer is local without the wait.
            long t1 = System.nanoTime();
            Prediction again = c.classify(dog);
            assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t1) < 1500, "no second wait");
            assertTrue(again.fallback().orElse("").contains("not retried"), again.fallback().toString());
        }
    }

    @Test
    void aSpaceThatIsDownFallsBackAtOnce() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        try (SpaceWithFallback c = policy("http://127.0.0.1:" + port, Duration.ofSeconds(20), true)) {
            long t0 = System.nanoTime();
            Prediction p = c.classify(dog);
            assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0) < 10_000);
            assertTrue(p.backend().startsWith("local model"), p.backend());
            assertTrue(p.fallback().orElse("").contains("could not be reached"), p.fallback().toString());
        }
    }

    @Test
    void cancelReachesTheSpaceCall() throws Exception {
        try (SpaceWithFallback c = policy(hangingUrl(), Duration.ofSeconds(60), false)) {
            CompletableFuture<Prediction> call = CompletableFuture.supplyAsync(() -> {
                try {
                    return c.classify(dog);
                } catch (ClassifierException e) {
                    throw new java.util.concurrent.CompletionException(e);
                }
            });
            Thread.sleep(500);
            long t0 = System.nanoTime();
            c.cancel();
            ExecutionException e = assertThrows(ExecutionException.class, () -> call.get(5, TimeUnit.SECONDS));
            assertTrue(e.getCause() instanceof ClassifierException ce
                    && ce.reason() == ClassifierException.Reason.CANCELLED, String.valueOf(e.getCause()));
            assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0) < 3000, "cancelled promptly");
        }
    }
}
