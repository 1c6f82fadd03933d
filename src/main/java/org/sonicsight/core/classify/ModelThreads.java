package org.sonicsight.core.classify;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Threads with a stack known to be enough for native code (ONNX Runtime).
 *
 * <p>Why this exists: ONNX Runtime runs on the calling Java thread, and the
 * JVM gives threads 1 MiB of stack by default. ORT 1.29 on Linux creates a
 * telemetry component when its environment is created; that component reads
 * {@code /proc/self/cmdline} and scans it with libstdc++'s {@code std::regex},
 * whose executor recurses once per character (about 250 bytes of stack per
 * byte of command line, measured from a core dump: ~12,000 native frames for
 * a 3.9 KB command line). So {@code identify} with a few hundred file
 * arguments overflowed the main thread's stack inside native code: the JVM
 * cannot report that, and the process died with SIGSEGV (exit 139) and no
 * output. Every thread that may create the environment or run the model
 * should come from here.
 */
public final class ModelThreads {

    /**
     * Stack for threads that run inference: the model itself needs far less,
     * so this is headroom, and it is only reserved address space until used.
     */
    public static final long STACK_BYTES = 16L << 20;

    /** Stack bytes per command-line byte for creating the ORT environment: 4× what was measured. */
    static final long STACK_PER_CMDLINE_BYTE = 1024;

    /**
     * Upper bound of that stack (address space, committed only as touched): Linux caps a command line at
     * about 2 MB, which the measured 250 bytes per byte turn into 500 MB.
     */
    static final long MAX_ENVIRONMENT_STACK_BYTES = 1L << 30;

    private ModelThreads() {
    }

    /** A factory of (daemon or not) threads named {@code prefix-N} with {@link #STACK_BYTES} of stack. */
    public static ThreadFactory factory(String prefix, boolean daemon) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(null, r, prefix + "-" + n.incrementAndGet(), STACK_BYTES);
            t.setDaemon(daemon);
            return t;
        };
    }

    /**
     * Stack for the thread that creates the ORT environment: it grows with
     * the command line (see the class comment), which Linux lets reach
     * megabytes, so it is computed rather than fixed.
     */
    public static long environmentStackBytes() {
        return environmentStackBytes(commandLineBytes());
    }

    static long environmentStackBytes(long commandLineBytes) {
        return Math.min(MAX_ENVIRONMENT_STACK_BYTES,
                Math.max(STACK_BYTES, STACK_BYTES + commandLineBytes * STACK_PER_CMDLINE_BYTE));
    }

    /** Length of this process's command line as the kernel reports it; 0 where there is no procfs. */
    static long commandLineBytes() {
        Path cmdline = Path.of("/proc/self/cmdline");
        if (!Files.isReadable(cmdline)) {
            return 0;
        }
        // Files.size() says 0 for procfs files: count what reading gives.
        try (InputStream in = Files.newInputStream(cmdline)) {
            long total = 0;
            byte[] buf = new byte[65536];
            int n;
            while ((n = in.read(buf)) > 0) {
                total += n;
            }
            return total;
        } catch (IOException | SecurityException e) {
            return 0;
        }
    }

    /**
     * Runs {@code task} on a new thread with {@code stackBytes} of stack and
     * waits for it; its exception (checked or not) is rethrown here.
     */
    public static <T> T call(String name, long stackBytes, Callable<T> task) throws Exception {
        AtomicReference<T> result = new AtomicReference<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread t = new Thread(null, () -> {
            try {
                result.set(task.call());
            } catch (Throwable e) {
                failure.set(e);
            }
        }, name, stackBytes);
        t.start();
        boolean interrupted = false;
        while (true) {
            try {
                t.join();
                break;
            } catch (InterruptedException e) {
                // The task cannot be abandoned halfway through native code; pass the interrupt on and keep waiting.
                interrupted = true;
                t.interrupt();
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        Throwable e = failure.get();
        if (e instanceof Exception ex) {
            throw ex;
        }
        if (e instanceof Error err) {
            throw err;
        }
        return result.get();
    }
}
