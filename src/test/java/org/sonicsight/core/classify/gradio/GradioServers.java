package org.sonicsight.core.classify.gradio;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.sonicsight.core.backend.LocalModel;
import org.sonicsight.testsupport.TestEnv;

/**
 * Real Gradio servers for the tests: one Python per tested Gradio version
 * ({@code -Dsonicsight.gradio.pythons=6.31.0=/path/python,5.50.0=...}, set up
 * by .ci/setup.d/40-gradio.sh), each app started on a free loopback port and
 * waited for until {@code /config} answers.
 */
final class GradioServers {

    static final Path APPS = Paths.get("src/test/python/gradio_apps").toAbsolutePath();
    static final Path SPACE = Paths.get("space/app.py").toAbsolutePath();
    static final Path REAL_MODEL = Paths.get("src/main/resources/org/sonicsight/model/sonicsight.onnx").toAbsolutePath();

    private GradioServers() {
    }

    /** Tested Gradio versions and their Pythons, newest first as configured. */
    static Map<String, String> pythons() {
        String spec = System.getProperty("sonicsight.gradio.pythons", "");
        Map<String, String> out = new LinkedHashMap<>();
        for (String part : spec.split(",")) {
            int eq = part.indexOf('=');
            if (eq > 0) {
                out.put(part.substring(0, eq).strip(), part.substring(eq + 1).strip());
            }
        }
        return out;
    }

    static List<String> versions() {
        Map<String, String> p = pythons();
        if (p.isEmpty()) {
            // One placeholder so parameterized tests report the skip (or the CI failure) once.
            return List.of("none");
        }
        return new ArrayList<>(p.keySet());
    }

    static String python(String version) {
        String py = pythons().get(version);
        TestEnv.need(py != null && Files.isExecutable(Paths.get(py)),
                "a Python with Gradio (-Dsonicsight.gradio.pythons; .ci/test sets it up)");
        return py;
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** A running app; {@link #close} kills it. */
    static final class Server implements AutoCloseable {
        final String version;
        final String url;
        final Process process;
        final Path log;

        Server(String version, String url, Process process, Path log) {
            this.version = version;
            this.url = url;
            this.process = process;
            this.log = log;
        }

        String logTail() {
            try {
                List<String> lines = Files.readAllLines(log);
                return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
            } catch (IOException e) {
                return "(no log)";
            }
        }

        @Override
        public void close() {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    static Server fixture(String version, Map<String, String> env) throws Exception {
        return start(version, APPS.resolve("fixture_app.py"), env);
    }

    /** Our Space, with the real model when this build has it, else a stand-in generated for the test. */
    static Server space(String version) throws Exception {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("SONICSIGHT_MODEL", model(version).toString());
        return start(version, SPACE, env);
    }

    static boolean realModel() {
        return Files.exists(REAL_MODEL) && LocalModel.isPresent();
    }

    static synchronized Path model(String version) throws Exception {
        if (realModel()) {
            return REAL_MODEL;
        }
        Path dir = Paths.get("target/gradio-standin-model").toAbsolutePath();
        Path onnx = dir.resolve("sonicsight.onnx");
        if (!Files.exists(onnx)) {
            Process p = new ProcessBuilder(python(version), APPS.resolve("make_standin_model.py").toString(),
                    dir.toString()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("stand-in model generation failed: " + out);
            }
        }
        System.out.println("gradio tests: the real model is not in this build yet; the Space runs a stand-in model");
        return onnx;
    }

    static Server start(String version, Path app, Map<String, String> env) throws Exception {
        String python = python(version);
        int port = freePort();
        Path log = Files.createTempFile("gradio-" + version + "-", ".log");
        ProcessBuilder pb = new ProcessBuilder(python, app.toString(), "--port", Integer.toString(port))
                .directory(app.getParent().toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment().put("GRADIO_ANALYTICS_ENABLED", "False");
        pb.environment().put("GRADIO_SERVER_NAME", "127.0.0.1");
        pb.environment().put("PYTHONUNBUFFERED", "1");
        pb.environment().put("HF_HUB_OFFLINE", "1");
        pb.environment().putAll(env);
        Process process = pb.start();
        String url = "http://127.0.0.1:" + port;
        Server server = new Server(version, url, process, log);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                String tail = server.logTail();
                server.close();
                throw new IllegalStateException(app.getFileName() + " on Gradio " + version + " exited:\n" + tail);
            }
            if (answers(url + "/config")) {
                System.out.printf("gradio tests: %s running on Gradio %s at %s%n", app.getFileName(), version, url);
                return server;
            }
            Thread.sleep(250);
        }
        String tail = server.logTail();
        server.close();
        throw new IllegalStateException(app.getFileName() + " on Gradio " + version + " did not start:\n" + tail);
    }

    private static boolean answers(String url) {
        try {
            HttpURLConnection c = (HttpURLConnection) new URL(url).openConnection();
            c.setConnectTimeout(500);
            c.setReadTimeout(2000);
            int code = c.getResponseCode();
            c.disconnect();
            return code == 200;
        } catch (IOException e) {
            return false;
        }
    }
}
