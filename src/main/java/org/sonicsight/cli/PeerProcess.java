package org.sonicsight.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Runs a peer process (Python for the benchmarks, a second JVM) with a time
 * limit that holds. The output is read on its own thread: reading it to the
 * end first and only then calling {@code waitFor} meant a peer that hung kept
 * its pipe open and the limit never applied. On timeout the peer and its
 * children are killed, never left running.
 */
final class PeerProcess {

    /** What a run gave; {@code exitCode} is -1 when it timed out. */
    record Result(boolean timedOut, int exitCode, String output) {
        boolean ok() {
            return !timedOut && exitCode == 0;
        }

        String lastLine() {
            return output.strip().lines().reduce((a, b) -> b).orElse("");
        }
    }

    /** Keeps the last output when a peer prints without end. */
    static final int MAX_OUTPUT_BYTES = 1 << 20;

    private PeerProcess() {
    }

    /**
     * Starts {@code pb} (stderr merged into stdout unless redirected) and waits at most {@code limit}.
     *
     * @throws IOException when it cannot be started
     */
    static Result run(ProcessBuilder pb, Duration limit) throws IOException, InterruptedException {
        Process p = pb.start();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Thread reader = new Thread(() -> {
            byte[] buf = new byte[8192];
            try (InputStream in = p.getInputStream()) {
                int n;
                while ((n = in.read(buf)) >= 0) {
                    synchronized (out) {
                        if (out.size() + n > MAX_OUTPUT_BYTES) {
                            out.reset();
                        }
                        out.write(buf, 0, n);
                    }
                }
            } catch (IOException e) {
                // The peer was killed or closed its output: what was read is kept.
            }
        }, "peer-output");
        reader.setDaemon(true);
        reader.start();
        try {
            if (!p.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                kill(p);
                reader.join(2000);
                return new Result(true, -1, text(out));
            }
        } catch (InterruptedException e) {
            kill(p);
            throw e;
        }
        reader.join(2000);
        return new Result(false, p.exitValue(), text(out));
    }

    /** Kills the peer and everything it started (a Python script's workers, a JVM's children). */
    static void kill(Process p) throws InterruptedException {
        java.util.List<ProcessHandle> children = p.descendants().toList();
        children.forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        p.waitFor(5, TimeUnit.SECONDS);
        for (ProcessHandle c : children) {
            try {
                c.onExit().get(2, TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                // reaped by whoever inherits it; it has been sent SIGKILL
            }
        }
    }

    private static String text(ByteArrayOutputStream out) {
        synchronized (out) {
            return out.toString(StandardCharsets.UTF_8);
        }
    }
}
