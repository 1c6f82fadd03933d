package org.sonicsight.core.classify.gradio;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A server-sent-event stream read without blocking a thread on the socket:
 * the HTTP client pushes lines into a queue, and {@link #next} waits on the
 * queue with a deadline. An idle stream (no line, not even a heartbeat, for
 * the idle limit) or a closed one is reported, never waited on forever.
 */
final class SseStream implements AutoCloseable {

    /** One SSE message: the {@code event:} name (null when absent) and the joined {@code data:} lines. */
    record Event(String name, String data) {
    }

    private static final Object END = new Object();

    private final BlockingQueue<Object> lines = new LinkedBlockingQueue<>();
    private final CompletableFuture<Integer> status = new CompletableFuture<>();
    private volatile Flow.Subscription subscription;
    private volatile boolean closed;
    /** When the last line arrived (or the stream opened): the idle limit counts from here, across calls. */
    private long lastLine = System.nanoTime();
    private CompletableFuture<HttpResponse<Void>> exchange;
    private final String what;

    private SseStream(String what) {
        this.what = what;
    }

    /** Sends the request and waits (up to the request's timeout) for the response headers. */
    static SseStream open(GradioHttp http, HttpRequest request, String what) throws GradioException {
        SseStream s = new SseStream(what);
        HttpResponse.BodyHandler<Void> handler = info -> {
            s.status.complete(info.statusCode());
            return HttpResponse.BodySubscribers.fromLineSubscriber(s.new LineSink());
        };
        s.exchange = http.client().sendAsync(request, handler);
        s.exchange.whenComplete((r, e) -> {
            if (e != null) {
                s.status.completeExceptionally(e);
                s.lines.add(e);
            }
        });
        Duration timeout = request.timeout().orElse(http.options().requestTimeout());
        try {
            s.status.get(timeout.toMillis() + http.options().connectTimeout().toMillis() + 1000, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            s.close();
            throw new GradioException(GradioException.Kind.TIMEOUT,
                    "The Gradio app did not start the " + what + " within " + timeout.toSeconds() + " s.", e);
        } catch (InterruptedException e) {
            s.close();
            Thread.currentThread().interrupt();
            throw new GradioException(GradioException.Kind.CANCELLED, "Cancelled while opening the " + what + ".", e);
        } catch (ExecutionException e) {
            s.close();
            throw GradioHttp.transportFailure(e.getCause(), what);
        }
        s.lastLine = System.nanoTime();
        return s;
    }

    int status() {
        return status.getNow(0);
    }

    /** Everything left in the body, for error messages of non-200 answers (bounded wait). */
    String drain(Duration limit) {
        StringBuilder sb = new StringBuilder();
        long deadline = System.nanoTime() + limit.toNanos();
        try {
            while (sb.length() < 4000) {
                Object o = lines.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (!(o instanceof String line)) {
                    break;
                }
                sb.append(line).append('\n');
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return sb.toString().strip();
    }

    /**
     * The next event, or null when the server closed the stream.
     *
     * @param idle  longest silence allowed between two lines
     * @param slice return {@code Optional}-like null-event early after this long without a full event, so
     *              the caller can check for cancellation; {@link #TICK} is returned then
     */
    Event next(Duration idle, Duration slice) throws GradioException {
        String name = null;
        StringBuilder data = null;
        long sliceEnd = System.nanoTime() + slice.toNanos();
        while (true) {
            long idleEnd = lastLine + idle.toNanos();
            long now = System.nanoTime();
            if (now >= idleEnd) {
                throw new GradioException(GradioException.Kind.TIMEOUT,
                        "The Gradio app went silent: no data and no heartbeat on the " + what + " for "
                                + idle.toSeconds() + " s.");
            }
            Object o;
            try {
                o = lines.poll(Math.min(idleEnd, sliceEnd) - now, TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new GradioException(GradioException.Kind.CANCELLED, "Cancelled while waiting for the app.", e);
            }
            if (o == null) {
                if (System.nanoTime() >= sliceEnd && data == null && name == null) {
                    return TICK;
                }
                if (System.nanoTime() >= sliceEnd) {
                    sliceEnd = System.nanoTime() + slice.toNanos();
                }
                continue;
            }
            if (o == END) {
                lines.add(END);
                return null; // an unterminated event at the end is dropped, as the SSE rules say
            }
            if (o instanceof Throwable t) {
                lines.add(t);
                if (closed) {
                    return null;
                }
                throw GradioHttp.transportFailure(t instanceof java.util.concurrent.CompletionException c
                        && c.getCause() != null ? c.getCause() : t, what);
            }
            String line = (String) o;
            lastLine = System.nanoTime();
            if (line.isEmpty()) {
                if (data != null || name != null) {
                    return new Event(name, data == null ? "" : data.toString());
                }
                continue;
            }
            if (line.startsWith(":")) {
                continue; // comment / keep-alive
            }
            int colon = line.indexOf(':');
            String field = colon < 0 ? line : line.substring(0, colon);
            String value = colon < 0 ? "" : line.substring(colon + 1);
            if (value.startsWith(" ")) {
                value = value.substring(1);
            }
            if (field.equals("data")) {
                data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
            } else if (field.equals("event")) {
                name = value;
            }
        }
    }

    /** Returned by {@link #next} when a slice passed without an event. */
    static final Event TICK = new Event("\u0000tick", "");

    @Override
    public void close() {
        closed = true;
        Flow.Subscription s = subscription;
        if (s != null) {
            s.cancel();
        }
        if (exchange != null) {
            exchange.cancel(true);
        }
        lines.add(END);
    }

    private final class LineSink implements Flow.Subscriber<String> {
        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            if (closed) {
                s.cancel();
            } else {
                s.request(Long.MAX_VALUE);
            }
        }

        @Override
        public void onNext(String line) {
            lines.add(line);
        }

        @Override
        public void onError(Throwable t) {
            lines.add(t);
        }

        @Override
        public void onComplete() {
            lines.add(END);
        }
    }
}
