package org.sonicsight.app;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The load generator of {@code bench web}, run in a JVM of its own so that
 * client and server do not share a heap, a JIT or a garbage collector:
 * {@code URL BODY_FILE CONTENT_TYPE CLIENTS}, then one command a line on
 * standard input: {@code run SECONDS MAX_REQUESTS} answers with
 * {@code key=value} lines and {@code done}; end of input ends it. Not a user
 * command.
 */
final class BenchWebClient {

    private BenchWebClient() {
    }

    public static void main(String[] args) throws Exception {
        URI uri = URI.create(args[0]);
        byte[] body = Files.readAllBytes(Path.of(args[1]));
        String type = args[2];
        int clients = Integer.parseInt(args[3]);
        HttpClient client = HttpClient.newBuilder().proxy(HttpClient.Builder.NO_PROXY)
                .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
        HttpRequest request = HttpRequest.newBuilder(uri).header("Content-Type", type)
                .timeout(Duration.ofSeconds(60)).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        java.io.BufferedReader commands = new java.io.BufferedReader(new java.io.InputStreamReader(System.in,
                java.nio.charset.StandardCharsets.UTF_8));
        System.out.println("ready");
        System.out.flush();
        String line;
        while ((line = commands.readLine()) != null) {
            String[] cmd = line.strip().split(" ");
            if (cmd.length != 3 || !cmd[0].equals("run")) {
                continue;
            }
            long cpu0 = cpuNanos();
            Result r = run(client, request, clients, Double.parseDouble(cmd[1]), Long.parseLong(cmd[2]));
            System.out.printf(Locale.ROOT, "count=%d%nwall=%.6f%nfailures=%d%ncpu=%.3f%n", r.count, r.wall,
                    r.failures, (cpuNanos() - cpu0) / 1e9);
            r.byStatus.forEach((k, v) -> System.out.println("status." + k + "=" + v));
            StringBuilder ms = new StringBuilder("ok_ms=");
            for (int i = 0; i < r.okMillis.size(); i++) {
                ms.append(i == 0 ? "" : ",").append(String.format(Locale.ROOT, "%.2f", r.okMillis.get(i)));
            }
            System.out.println(ms);
            System.out.println("done");
            System.out.flush();
        }
    }

    /** CPU time of this whole JVM (all threads), or -1e9 where the JDK does not tell. */
    private static long cpuNanos() {
        if (java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return -1_000_000_000L;
    }

    private record Result(long count, double wall, List<Double> okMillis, Map<Integer, Long> byStatus, long failures) {
    }

    private static Result run(HttpClient client, HttpRequest request, int clients, double forSeconds, long limit)
            throws InterruptedException {
        long deadline = System.nanoTime() + (long) (forSeconds * 1e9);
        AtomicLong issued = new AtomicLong();
        LongAdder failures = new LongAdder();
        Map<Integer, LongAdder> statuses = new ConcurrentHashMap<>();
        List<List<Double>> perThread = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        long t0 = System.nanoTime();
        for (int i = 0; i < clients; i++) {
            List<Double> mine = new ArrayList<>();
            perThread.add(mine);
            Thread t = new Thread(() -> {
                while (System.nanoTime() < deadline && issued.incrementAndGet() <= limit) {
                    long s = System.nanoTime();
                    try {
                        HttpResponse<byte[]> resp = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
                        statuses.computeIfAbsent(resp.statusCode(), k -> new LongAdder()).increment();
                        if (resp.statusCode() == 200) {
                            mine.add((System.nanoTime() - s) / 1e6);
                        }
                    } catch (InterruptedException e) {
                        failures.increment();
                        return;
                    } catch (Exception e) {
                        failures.increment();
                    }
                }
            }, "bench-client-" + i);
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            t.join();
        }
        double wall = (System.nanoTime() - t0) / 1e9;
        List<Double> all = new ArrayList<>();
        perThread.forEach(all::addAll);
        all.sort(Double::compare);
        Map<Integer, Long> byStatus = new TreeMap<>();
        statuses.forEach((k, v) -> byStatus.put(k, v.sum()));
        long count = byStatus.values().stream().mapToLong(Long::longValue).sum() + failures.sum();
        return new Result(count, wall, all, byStatus, failures.sum());
    }
}
