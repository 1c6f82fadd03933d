package org.sonicsight.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

/** The serve command's own errors: one line and an exit code, never a stack trace. */
class ServeCommandTest {

    String[] run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = SonicSightCommand.commandLine(new PrintWriter(out), new PrintWriter(err)).execute(args);
        return new String[] {String.valueOf(code), err.toString()};
    }

    @Test
    void badPortAndLimitsAreUsageErrors() {
        String[] r = run("serve", "--port", "70000");
        assertEquals("2", r[0]);
        assertTrue(r[1].contains("--port"), r[1]);
        r = run("serve", "--port", "0", "--max-upload-mb", "0");
        assertEquals("2", r[0]);
        assertTrue(r[1].startsWith("sonicsight: Invalid limit"), r[1]);
    }

    @Test
    void aBusyPortIsOneLine() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            String[] r = run("serve", "--host", "127.0.0.1", "--port", String.valueOf(taken.getLocalPort()));
            assertEquals("1", r[0]);
            assertTrue(r[1].contains("Could not listen on 127.0.0.1:" + taken.getLocalPort()), r[1]);
            assertEquals(1, r[1].strip().lines().filter(l -> l.startsWith("sonicsight: Could not")).count(), r[1]);
            assertTrue(!r[1].contains("\tat "), r[1]);
        }
    }
}
