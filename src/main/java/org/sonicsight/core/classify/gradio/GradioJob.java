package org.sonicsight.core.classify.gradio;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One queued call. {@link #await} reads the session's event stream on the
 * calling thread and returns the outputs; {@link #cancel} may be called from
 * any thread. Every wait is bounded: the stream's idle limit (heartbeats
 * arrive every 15 s), the overall call limit, and a short grace period after
 * a cancel.
 */
public final class GradioJob implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(GradioJob.class);
    private static final Duration SLICE = Duration.ofMillis(200);
    private static final Duration CANCEL_GRACE = Duration.ofSeconds(5);

    private final GradioClient client;
    private final GradioEndpoint endpoint;
    private final String session;
    private final String eventId;
    private final GradioListener listener;
    private final long started = System.nanoTime();
    private volatile long cancelledAt;
    private volatile SseStream stream;

    GradioJob(GradioClient client, GradioEndpoint endpoint, String session, String eventId, GradioListener listener) {
        this.client = client;
        this.endpoint = endpoint;
        this.session = session;
        this.eventId = eventId;
        this.listener = listener;
    }

    public String eventId() {
        return eventId;
    }

    public GradioEndpoint endpoint() {
        return endpoint;
    }

    /** Waits for the result: one value per documented output of the endpoint. */
    public List<JsonElement> await() throws GradioException {
        GradioOptions o = client.http().options();
        HttpRequest req = client.http().request(client.apiBase().resolve("queue/data?session_hash=" + session),
                o.requestTimeout()).header("Accept", "text/event-stream").GET().build();
        try (SseStream s = SseStream.open(client.http(), req, "result stream of " + endpoint.apiName())) {
            stream = s;
            if (s.status() != 200) {
                String body = s.drain(Duration.ofSeconds(2));
                throw new GradioException(s.status() == 401 || s.status() == 403 ? GradioException.Kind.AUTH
                        : GradioException.Kind.HTTP, "The app refused the result stream of " + endpoint.apiName()
                        + " (HTTP " + s.status() + ")" + (body.isEmpty() ? "." : ": " + GradioClient.detail(body)),
                        s.status(), null, null);
            }
            return read(s, o);
        }
    }

    private List<JsonElement> read(SseStream s, GradioOptions o) throws GradioException {
        List<JsonElement> partial = null;
        while (true) {
            checkDeadlines(o);
            SseStream.Event ev = s.next(o.idleTimeout(), SLICE);
            if (ev == SseStream.TICK) {
                continue;
            }
            if (ev == null) {
                if (cancelledAt != 0) {
                    throw cancelled();
                }
                throw new GradioException(GradioException.Kind.CONNECTION, "The Gradio app closed the connection "
                        + "before " + endpoint.apiName() + " finished (was the server stopped?).");
            }
            if (ev.data().isEmpty()) {
                continue;
            }
            JsonElement parsed = GradioJson.parse(ev.data(), "a queue message");
            if (!parsed.isJsonObject()) {
                throw new GradioException(GradioException.Kind.PROTOCOL,
                        "The app sent a queue message that is not an object: " + GradioJson.abbreviate(ev.data()));
            }
            JsonObject m = parsed.getAsJsonObject();
            String msg = GradioJson.string(m, "msg");
            if (msg == null) {
                throw new GradioException(GradioException.Kind.PROTOCOL,
                        "The app sent a queue message without a type: " + GradioJson.abbreviate(ev.data()));
            }
            String id = GradioJson.string(m, "event_id");
            boolean ours = id == null || id.equals(eventId);
            switch (msg) {
                case "heartbeat" -> {
                }
                case "estimation" -> {
                    if (ours) {
                        listener.onQueue((int) GradioJson.number(m, "rank", -1), (int) GradioJson.number(m, "queue_size", -1),
                                GradioJson.number(m, "rank_eta", Double.NaN));
                    }
                }
                case "process_starts" -> {
                    if (ours) {
                        listener.onStarted(GradioJson.number(m, "eta", Double.NaN));
                    }
                }
                case "progress" -> {
                    if (ours) {
                        listener.onProgress(progress(m));
                    }
                }
                case "log" -> {
                    if (ours) {
                        listener.onLog(GradioJson.string(m, "level"), GradioJson.string(m, "log"));
                    }
                }
                case "process_generating", "process_streaming" -> {
                    if (ours) {
                        partial = generating(m, partial, msg.equals("process_generating") && client.sendsDiffs());
                        listener.onPartial(visible(partial));
                    }
                }
                case "process_completed" -> {
                    if (ours) {
                        return completed(m);
                    }
                }
                case "unexpected_error" -> throw new GradioException(GradioException.Kind.CONNECTION,
                        "The Gradio server failed: " + nonEmpty(GradioJson.string(m, "message"), "unexpected error") + ".");
                case "close_stream" -> {
                    if (cancelledAt != 0) {
                        throw cancelled();
                    }
                    throw new GradioException(GradioException.Kind.PROTOCOL,
                            "The app closed the result stream without a result for " + endpoint.apiName() + ".");
                }
                default -> LOG.debug("ignoring queue message {}", msg);
            }
        }
    }

    private void checkDeadlines(GradioOptions o) throws GradioException {
        long now = System.nanoTime();
        if (cancelledAt == 0 && Thread.currentThread().isInterrupted()) {
            cancel();
        }
        if (cancelledAt != 0 && now - cancelledAt > CANCEL_GRACE.toNanos()) {
            throw cancelled();
        }
        if (cancelledAt == 0 && now - started > o.callTimeout().toNanos()) {
            cancel();
            throw new GradioException(GradioException.Kind.TIMEOUT, endpoint.apiName() + " did not finish within "
                    + o.callTimeout().toSeconds() + " s; the job was cancelled.");
        }
    }

    private GradioException cancelled() {
        return new GradioException(GradioException.Kind.CANCELLED, "The call to " + endpoint.apiName()
                + " was cancelled.");
    }

    private List<JsonElement> completed(JsonObject m) throws GradioException {
        JsonElement out = m.get("output");
        boolean success = GradioJson.bool(m, "success", true);
        if (!success) {
            JsonObject o = out != null && out.isJsonObject() ? out.getAsJsonObject() : new JsonObject();
            String error = GradioJson.string(o, "error");
            String title = GradioJson.string(m, "title");
            if (title == null) {
                title = GradioJson.string(o, "title");
            }
            String text = error == null || error.isBlank()
                    ? "The app's " + endpoint.apiName() + " failed and does not say why (its author can turn on "
                    + "show_error)."
                    : "The app said: " + error;
            throw new GradioException(GradioException.Kind.APP_ERROR, text, 0, title, null);
        }
        if (out == null || !out.isJsonObject() || !out.getAsJsonObject().has("data")) {
            // A cancelled job completes with an empty output object.
            throw cancelled();
        }
        JsonElement data = out.getAsJsonObject().get("data");
        if (!data.isJsonArray()) {
            throw new GradioException(GradioException.Kind.PROTOCOL,
                    "The app's result is not a list: " + GradioJson.abbreviate(data.toString()));
        }
        List<JsonElement> all = new ArrayList<>();
        data.getAsJsonArray().forEach(all::add);
        if (all.size() != endpoint.wireOutputs().length) {
            throw new GradioException(GradioException.Kind.PROTOCOL, endpoint.apiName() + " returned " + all.size()
                    + " values but declares " + endpoint.wireOutputs().length + " outputs.");
        }
        return visible(all);
    }

    /** Drops State outputs, which the API does not show. */
    private List<JsonElement> visible(List<JsonElement> wire) {
        List<JsonElement> out = new ArrayList<>();
        int[] slots = endpoint.wireOutputs();
        for (int i = 0; i < wire.size(); i++) {
            if (i >= slots.length || slots[i] >= 0) {
                out.add(wire.get(i));
            }
        }
        return out;
    }

    private List<JsonElement> generating(JsonObject m, List<JsonElement> previous, boolean diffs)
            throws GradioException {
        JsonElement out = m.get("output");
        if (out == null || !out.isJsonObject() || !out.getAsJsonObject().has("data")
                || !out.getAsJsonObject().get("data").isJsonArray()) {
            return previous;
        }
        JsonArray data = out.getAsJsonObject().getAsJsonArray("data");
        List<JsonElement> next = new ArrayList<>();
        for (int i = 0; i < data.size(); i++) {
            if (!diffs || previous == null) {
                next.add(data.get(i));
            } else {
                JsonElement before = i < previous.size() ? previous.get(i) : JsonNull.INSTANCE;
                next.add(Diff.apply(before, data.get(i)));
            }
        }
        return next;
    }

    private static List<GradioListener.ProgressStep> progress(JsonObject m) {
        List<GradioListener.ProgressStep> steps = new ArrayList<>();
        JsonElement pd = m.get("progress_data");
        if (pd != null && pd.isJsonArray()) {
            for (JsonElement e : pd.getAsJsonArray()) {
                if (!e.isJsonObject()) {
                    continue;
                }
                JsonObject p = e.getAsJsonObject();
                steps.add(new GradioListener.ProgressStep((long) GradioJson.number(p, "index", -1),
                        (long) GradioJson.number(p, "length", -1), GradioJson.number(p, "progress", Double.NaN),
                        GradioJson.string(p, "unit"), GradioJson.string(p, "desc")));
            }
        }
        return steps;
    }

    private static String nonEmpty(String s, String fallback) {
        return s == null || s.isBlank() ? fallback : s;
    }

    /**
     * Asks the app to stop the job (Gradio 4.31+ has a /cancel route; older
     * servers stop when the stream closes). {@link #await} then throws CANCELLED
     * promptly. Safe to call from any thread, more than once.
     */
    public void cancel() {
        if (cancelledAt != 0) {
            return;
        }
        cancelledAt = System.nanoTime();
        if (client.hasCancelRoute()) {
            JsonObject body = new JsonObject();
            body.addProperty("session_hash", session);
            body.addProperty("fn_index", endpoint.fnIndex());
            body.addProperty("event_id", eventId);
            HttpRequest req = client.http().request(client.apiBase().resolve("cancel"),
                    client.http().options().requestTimeout()).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build();
            client.http().client().sendAsync(req, HttpResponse.BodyHandlers.discarding())
                    .whenComplete((r, e) -> LOG.debug("cancel {} -> {}", eventId, e != null ? e.toString()
                            : r.statusCode()));
        } else {
            SseStream s = stream;
            if (s != null) {
                s.close();
            }
        }
    }

    @Override
    public void close() {
        SseStream s = stream;
        if (s != null) {
            s.close();
        }
    }

    /** Gradio's output diffs (sse_v2+): edits {@code [action, path, value]} applied to the previous value. */
    static final class Diff {
        private Diff() {
        }

        static JsonElement apply(JsonElement previous, JsonElement edits) throws GradioException {
            if (!edits.isJsonArray()) {
                return edits;
            }
            JsonElement value = previous == null ? JsonNull.INSTANCE : previous.deepCopy();
            for (JsonElement e : edits.getAsJsonArray()) {
                if (!e.isJsonArray() || e.getAsJsonArray().size() < 2) {
                    throw new GradioException(GradioException.Kind.PROTOCOL, "Malformed output diff: " + e);
                }
                JsonArray edit = e.getAsJsonArray();
                String action = edit.get(0).getAsString();
                JsonArray path = edit.get(1).getAsJsonArray();
                JsonElement v = edit.size() > 2 ? edit.get(2) : JsonNull.INSTANCE;
                value = edit(value, path, action, v);
            }
            return value;
        }

        private static JsonElement edit(JsonElement target, JsonArray path, String action, JsonElement v)
                throws GradioException {
            if (path.isEmpty()) {
                return switch (action) {
                    case "replace" -> v;
                    case "append" -> append(target, v);
                    default -> throw new GradioException(GradioException.Kind.PROTOCOL,
                            "Unsupported diff action on a whole value: " + action);
                };
            }
            JsonElement current = target;
            for (int i = 0; i < path.size() - 1; i++) {
                current = child(current, path.get(i));
            }
            JsonElement last = path.get(path.size() - 1);
            if (current.isJsonArray()) {
                JsonArray a = current.getAsJsonArray();
                int idx = last.getAsInt();
                switch (action) {
                    case "replace" -> a.set(idx, v);
                    case "append" -> a.set(idx, append(a.get(idx), v));
                    case "add" -> {
                        JsonArray copy = new JsonArray();
                        for (int i = 0; i < a.size(); i++) {
                            if (i == idx) {
                                copy.add(v);
                            }
                            copy.add(a.get(i));
                        }
                        if (idx >= a.size()) {
                            copy.add(v);
                        }
                        while (!a.isEmpty()) {
                            a.remove(0);
                        }
                        a.addAll(copy);
                    }
                    case "delete" -> a.remove(idx);
                    default -> throw new GradioException(GradioException.Kind.PROTOCOL, "Unknown diff action " + action);
                }
            } else if (current.isJsonObject()) {
                JsonObject o = current.getAsJsonObject();
                String key = last.getAsString();
                switch (action) {
                    case "replace", "add" -> o.add(key, v);
                    case "append" -> o.add(key, append(o.get(key), v));
                    case "delete" -> o.remove(key);
                    default -> throw new GradioException(GradioException.Kind.PROTOCOL, "Unknown diff action " + action);
                }
            } else {
                throw new GradioException(GradioException.Kind.PROTOCOL, "Output diff path does not match the value.");
            }
            return target;
        }

        private static JsonElement child(JsonElement e, JsonElement key) throws GradioException {
            if (e.isJsonArray()) {
                return e.getAsJsonArray().get(key.getAsInt());
            }
            if (e.isJsonObject() && e.getAsJsonObject().has(key.getAsString())) {
                return e.getAsJsonObject().get(key.getAsString());
            }
            throw new GradioException(GradioException.Kind.PROTOCOL, "Output diff path does not match the value.");
        }

        private static JsonElement append(JsonElement a, JsonElement b) throws GradioException {
            if (a != null && a.isJsonPrimitive() && b.isJsonPrimitive()) {
                return new com.google.gson.JsonPrimitive(a.getAsString() + b.getAsString());
            }
            if (a != null && a.isJsonArray() && b.isJsonArray()) {
                JsonArray r = a.getAsJsonArray().deepCopy();
                r.addAll(b.getAsJsonArray());
                return r;
            }
            throw new GradioException(GradioException.Kind.PROTOCOL, "Cannot append " + b + " to " + a);
        }
    }
}
