package org.sonicsight.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bench peers: the time limit fires even while the peer keeps its output open, and nothing is left running. */
class PeerProcessTest {

    @TempDir
    Path tmp;

    @Test
    void aHungPeerIsKilledWithItsChildrenWhenTheLimitPasses() throws Exception {
        Path pid = tmp.resolve("child.pid");
        // A peer that prints, starts a child holding the same output pipe, and hangs.
        ProcessBuilder pb = new ProcessBuilder("sh", "-c", "echo started; sleep 60 & echo $! > " + pid + "; wait")
                .redirectErrorStream(true);
        long t0 = System.nanoTime();
        PeerProcess.Result r = PeerProcess.run(pb, Duration.ofSeconds(1));
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        assertTrue(r.timedOut(), "timed out");
        assertTrue(ms < 10_000, "the limit held: " + ms + " ms");
        assertTrue(r.output().contains("started"), r.output());
        long child = Long.parseLong(Files.readString(pid).strip());
        // SIGKILL is delivered at once but reaping takes a moment on a loaded machine; a zombie is not running.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (running(child) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertFalse(running(child), "the peer's child was left running");
    }

    /** Alive and not a zombie (state Z in /proc: killed, waiting to be reaped). */
    static boolean running(long pid) throws Exception {
        Path stat = Path.of("/proc", Long.toString(pid), "stat");
        if (!Files.exists(stat)) {
            return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
        }
        try {
            String s = Files.readString(stat);
            return s.charAt(s.lastIndexOf(')') + 2) != 'Z';
        } catch (java.io.IOException gone) {
            return false;
        }
    }

    @Test
    void aPeerThatFinishesGivesItsExitCodeAndOutput() throws Exception {
        PeerProcess.Result r = PeerProcess.run(new ProcessBuilder("sh", "-c", "echo median_ms=1.5; exit 3")
                .redirectErrorStream(true), Duration.ofSeconds(30));
        assertFalse(r.timedOut());
        assertEquals(3, r.exitCode());
        assertEquals("median_ms=1.5", r.lastLine());
    }
}
