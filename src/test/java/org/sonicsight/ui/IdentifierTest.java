package org.sonicsight.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sonicsight.core.audio.AudioClip;
import org.sonicsight.core.audio.AudioDecoder;
import org.sonicsight.core.classify.ClassifierException;
import org.sonicsight.core.backend.LocalModel;
import org.sonicsight.core.classify.Verdict;
import org.sonicsight.core.settings.Settings;
import org.sonicsight.testsupport.TestEnv;
import org.sonicsight.core.config.AppConfig;

/** Backend choice and fallback with the real backends; a Space on a closed local port is really down. */
class IdentifierTest {

    private static String closedPortUrl() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return "http://127.0.0.1:" + s.getLocalPort();
        }
    }

    @Test
    void spaceDownFallsBackToLocalWithASentence() throws Exception {
        AudioClip clip = AudioDecoder.readAll(TestEnv.fixture("dog_bark_esc50_22050hz_mono.wav"), 0);
        String url = closedPortUrl();
        Settings s = Settings.DEFAULTS.withBackend(Settings.Backend.SPACE, url, "", true);
        List<String> statuses = new ArrayList<>();
        try (Identifier id = Identifier.real(AppConfig.defaults())) {
            if (LocalModel.isPresent()) {
                Identification answer = id.identify(clip, "test", s, null, statuses::add);
                assertTrue(answer.fellBack());
                assertTrue(answer.note().startsWith("The Space " + url), answer.note());
                assertTrue(answer.prediction().backend().startsWith("local model"));
                assertEquals(Verdict.DOG, answer.prediction().verdict());
            } else {
                ClassifierException e = assertThrows(ClassifierException.class,
                        () -> id.identify(clip, "test", s, null, statuses::add));
                assertTrue(e.getMessage().startsWith("The Space " + url), e.getMessage());
                assertTrue(e.getMessage().contains("The local model could not answer either"), e.getMessage());
            }
            assertTrue(statuses.get(0).startsWith("Asking " + url), statuses.toString());
        }
    }

    @Test
    void withoutFallbackTheSpaceFailureIsTheAnswer() throws Exception {
        AudioClip clip = AudioDecoder.readAll(TestEnv.fixture("cat_meow_esc50_22050hz_mono.wav"), 0);
        Settings s = Settings.DEFAULTS.withBackend(Settings.Backend.SPACE, closedPortUrl(), "", false);
        try (Identifier id = Identifier.real(AppConfig.defaults())) {
            ClassifierException e = assertThrows(ClassifierException.class,
                    () -> id.identify(clip, "test", s, null, m -> { }));
            assertTrue(!e.getMessage().contains("local model"), e.getMessage());
        }
    }

    /** Cancel in the app reaches the Space call: a Space that accepts and never answers is left at once. */
    @Test
    void cancelStopsAWaitingSpaceCall() throws Exception {
        AudioClip clip = AudioDecoder.readAll(TestEnv.fixture("dog_bark_esc50_22050hz_mono.wav"), 0);
        try (ServerSocket silent = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
             Identifier id = Identifier.real(AppConfig.defaults())) {
            // Accepts connections (the kernel does) and never answers: a Space stuck or asleep.
            Settings s = Settings.DEFAULTS.withBackend(Settings.Backend.SPACE,
                    "http://127.0.0.1:" + silent.getLocalPort(), "", false);
            java.util.concurrent.CompletableFuture<Identification> call =
                    java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                        try {
                            return id.identify(clip, "test", s, null, m -> { });
                        } catch (ClassifierException e) {
                            throw new java.util.concurrent.CompletionException(e);
                        }
                    });
            Thread.sleep(500);
            long t0 = System.nanoTime();
            id.cancel();
            java.util.concurrent.ExecutionException e = assertThrows(java.util.concurrent.ExecutionException.class,
                    () -> call.get(5, java.util.concurrent.TimeUnit.SECONDS));
            assertTrue(e.getCause() instanceof ClassifierException ce
                    && ce.reason() == ClassifierException.Reason.CANCELLED, String.valueOf(e.getCause()));
            assertTrue(System.nanoTime() - t0 < 3_000_000_000L, "cancelled promptly");
        }
    }

    @Test
    void queueEventsBecomeSentences() {
        assertEquals("Waiting at a/b: position 3 of 7 in the queue, about 12 s…", Identifier.queueSentence("a/b", 2, 7, 12.4));
        assertEquals("Waiting at a/b: next in the queue…", Identifier.queueSentence("a/b", 0, 0, Double.NaN));
    }

    @Test
    void spaceProblemsAreSentences() {
        String m = Identifier.spaceProblem("a/b", new ClassifierException(ClassifierException.Reason.TIMEOUT, "no reply in 30 s"));
        assertEquals("The Space a/b did not answer in time (it may be waking up or busy): no reply in 30 s.", m);
    }
}
