package org.sonicsight.core.classify.gradio;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A client for one Gradio app (4.9 and later: the {@code sse_v1}…{@code sse_v3}
 * queue protocol, with or without the {@code /gradio_api} prefix of 5.x/6.x).
 * {@link #connect} resolves a Space id or URL, reads {@code /config} and
 * {@code /info}, and lists the endpoints; {@link #submit} uploads file
 * arguments, joins the queue and returns a {@link GradioJob} to wait on or
 * cancel. Thread-safe: each call has its own session.
 */
public final class GradioClient implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(GradioClient.class);
    private static final Gson GSON = new Gson();

    private final String source;
    private final GradioHttp http;
    private final URI root;
    private final URI apiBase;
    private final String version;
    private final String protocol;
    private final Long maxFileSize;
    private final Map<String, GradioEndpoint> endpoints;

    private GradioClient(String source, GradioHttp http, URI root, URI apiBase, String version, String protocol,
                         Long maxFileSize, Map<String, GradioEndpoint> endpoints) {
        this.source = source;
        this.http = http;
        this.root = root;
        this.apiBase = apiBase;
        this.version = version;
        this.protocol = protocol;
        this.maxFileSize = maxFileSize;
        this.endpoints = Collections.unmodifiableMap(endpoints);
    }

    /**
     * Connects to a Space ({@code owner/name}) or an app URL and reads its API.
     * A sleeping or building Space is waited for (up to the options' wake limit),
     * with progress reported to the listener.
     */
    public static GradioClient connect(String spaceOrUrl, GradioOptions options, GradioListener listener)
            throws GradioException {
        if (spaceOrUrl == null || spaceOrUrl.isBlank()) {
            throw new GradioException(GradioException.Kind.BAD_REQUEST, "No Gradio Space or URL was given.");
        }
        String src = spaceOrUrl.strip();
        GradioListener l = listener == null ? GradioListener.NONE : listener;
        GradioHttp http = new GradioHttp(options);
        try {
            boolean space;
            URI root;
            if (src.startsWith("http://") || src.startsWith("https://")) {
                space = false;
                try {
                    root = URI.create(SpaceResolver.withSlash(src));
                } catch (IllegalArgumentException e) {
                    throw new GradioException(GradioException.Kind.BAD_REQUEST, "Not a valid URL: " + src, e);
                }
            } else if (SpaceResolver.isSpaceId(src)) {
                space = true;
                l.onStatus("Looking up the Space " + src + "…");
                root = new SpaceResolver(http, l).resolve(src);
            } else {
                throw new GradioException(GradioException.Kind.BAD_REQUEST,
                        "\"" + src + "\" is neither a Space id (owner/name) nor an http(s) URL.");
            }
            l.onStatus("Reading the app's API…");
            JsonObject config = fetchConfig(http, root, space, src, l);
            return fromConfig(src, http, root, config);
        } catch (GradioException | RuntimeException e) {
            http.close();
            throw e;
        }
    }

    /**
     * GET /config. For a Space that was just woken, the edge may answer 5xx or
     * an HTML page for a while: that is retried until the wake limit. A URL is
     * asked once: a wrong address should fail fast.
     */
    private static JsonObject fetchConfig(GradioHttp http, URI root, boolean space, String src, GradioListener l)
            throws GradioException {
        URI uri = root.resolve("config");
        long deadline = System.nanoTime() + http.options().wakeTimeout().toNanos();
        while (true) {
            GradioException failure;
            try {
                GradioHttp.Response r = http.get(uri);
                if (r.ok() && r.body().stripLeading().startsWith("{")) {
                    return GradioJson.object(r.body(), "a configuration");
                }
                failure = configFailure(r, src);
            } catch (GradioException e) {
                failure = e;
            }
            boolean transientFailure = failure.kind() == GradioException.Kind.CONNECTION
                    || failure.kind() == GradioException.Kind.TIMEOUT
                    || failure.kind() == GradioException.Kind.NOT_READY;
            if (!space || !transientFailure || System.nanoTime() > deadline) {
                throw failure;
            }
            l.onStatus("The Space " + src + " is starting; retrying…");
            LOG.debug("config not ready yet: {}", failure.getMessage());
            try {
                Thread.sleep(http.options().pollInterval().toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new GradioException(GradioException.Kind.CANCELLED, "Cancelled while waiting for the Space.", e);
            }
        }
    }

    private static GradioException configFailure(GradioHttp.Response r, String src) {
        int s = r.status();
        if (s == 401 || s == 403) {
            boolean gradioLogin = r.isJson() && r.body().contains("Not authenticated");
            return new GradioException(GradioException.Kind.AUTH, gradioLogin
                    ? "The app " + src + " needs a username and password (Gradio login), which this client does not do."
                    : "The app " + src + " refused access (HTTP " + s + "): it is private, and the token is missing "
                            + "or not valid (set HF_TOKEN).", s, null, null);
        }
        if (s == 404) {
            return new GradioException(GradioException.Kind.NOT_FOUND,
                    "There is no Gradio app at " + src + " (HTTP 404 for /config).", s, null, null);
        }
        if (s == 429) {
            return new GradioException(GradioException.Kind.BUSY,
                    "The app " + src + " is rate-limiting requests (HTTP 429); wait a minute or use a token.", s,
                    null, null);
        }
        if (s == 502 || s == 503 || s == 504) {
            return new GradioException(GradioException.Kind.NOT_READY,
                    "The app " + src + " is not ready (HTTP " + s + "): it may be starting or asleep.", s, null, null);
        }
        if (s / 100 == 5) {
            return new GradioException(GradioException.Kind.HTTP,
                    "The app " + src + " failed to describe itself (HTTP " + s + ").", s, null, null);
        }
        if (s / 100 == 2) {
            return new GradioException(GradioException.Kind.PROTOCOL,
                    src + " answered, but not like a Gradio app (its /config is not JSON).", s, null, null);
        }
        return new GradioException(GradioException.Kind.HTTP,
                "The app " + src + " answered /config with HTTP " + s + ".", s, null, null);
    }

    private static GradioClient fromConfig(String src, GradioHttp http, URI root, JsonObject config)
            throws GradioException {
        String version = GradioJson.string(config, "version");
        String protocol = GradioJson.string(config, "protocol");
        if (config.has("allow_flagging") && protocol == null) {
            throw new GradioException(GradioException.Kind.UNSUPPORTED_VERSION,
                    "The app " + src + " runs Gradio 2.x, which this client does not support (4.9 or later needed).");
        }
        if (protocol == null || protocol.equals("ws") || (version != null && version.startsWith("3."))) {
            throw new GradioException(GradioException.Kind.UNSUPPORTED_VERSION, "The app " + src + " runs Gradio "
                    + (version == null ? "3.x" : version) + ", whose WebSocket queue this client does not speak "
                    + "(Gradio 4.9 or later needed).");
        }
        if (!protocol.startsWith("sse_v")) {
            throw new GradioException(GradioException.Kind.UNSUPPORTED_VERSION, "The app " + src + " runs Gradio "
                    + version + " (queue protocol \"" + protocol + "\"); this client needs Gradio 4.9 or later.");
        }
        String prefix = GradioJson.string(config, "api_prefix");
        URI apiBase = prefix == null || prefix.isBlank() || prefix.equals("/") ? root
                : root.resolve(prefix.replaceAll("^/+", "").replaceAll("/+$", "") + "/");
        Long maxFileSize = null;
        if (config.has("max_file_size") && config.get("max_file_size").isJsonPrimitive()) {
            maxFileSize = config.get("max_file_size").getAsLong();
        }
        JsonObject info = null;
        try {
            GradioHttp.Response r = http.get(apiBase.resolve("info?all_endpoints=true"));
            if (r.ok()) {
                info = GradioJson.object(r.body(), "an API description");
            } else {
                // Some 4.x/5.x servers crash /info (pydantic 2.11); /config is enough to call them.
                LOG.info("{}: /info answered HTTP {}; using /config only", src, r.status());
            }
        } catch (GradioException e) {
            LOG.info("{}: /info failed ({}); using /config only", src, e.getMessage());
        }
        Map<String, GradioEndpoint> endpoints = ApiReader.read(config, info);
        LOG.info("Connected to {} (Gradio {}, {}, {} endpoints)", src, version, protocol, endpoints.size());
        return new GradioClient(src, http, root, apiBase, version, protocol, maxFileSize, endpoints);
    }

    /** What the user typed: Space id or URL. */
    public String source() {
        return source;
    }

    public URI root() {
        return root;
    }

    /** Gradio version of the server, e.g. "5.50.0". */
    public String version() {
        return version;
    }

    public String protocol() {
        return protocol;
    }

    /** Named endpoints in the app's order. */
    public List<GradioEndpoint> endpoints() {
        return List.copyOf(endpoints.values());
    }

    /** An endpoint by name, with or without the leading slash. */
    public GradioEndpoint endpoint(String apiName) throws GradioException {
        String key = apiName.startsWith("/") ? apiName : "/" + apiName;
        GradioEndpoint e = endpoints.get(key);
        if (e == null) {
            throw new GradioException(GradioException.Kind.BAD_REQUEST, "The app " + source + " has no endpoint "
                    + key + "; it has " + (endpoints.isEmpty() ? "none" : String.join(", ", endpoints.keySet())) + ".");
        }
        return e;
    }

    /** Calls an endpoint and waits for the result (one value per documented output). */
    public List<JsonElement> predict(String apiName, List<?> args, GradioListener listener) throws GradioException {
        try (GradioJob job = submit(apiName, args, listener)) {
            return job.await();
        }
    }

    /** Positional arguments: files as {@link FileInput} or {@link Path}, everything else as JSON-able values. */
    public GradioJob submit(String apiName, List<?> args, GradioListener listener) throws GradioException {
        GradioEndpoint e = endpoint(apiName);
        return submit(e, bind(e, args, Map.of()), listener);
    }

    /** Named arguments (the app's Python parameter names); missing ones take their defaults. */
    public GradioJob submit(String apiName, Map<String, ?> named, GradioListener listener) throws GradioException {
        GradioEndpoint e = endpoint(apiName);
        return submit(e, bind(e, List.of(), named), listener);
    }

    private GradioJob submit(GradioEndpoint e, List<Object> values, GradioListener listener) throws GradioException {
        GradioListener l = listener == null ? GradioListener.NONE : listener;
        JsonArray data = new JsonArray();
        for (int slot : e.wireInputs()) {
            if (slot < 0) {
                data.add(JsonNull.INSTANCE); // gr.State: the server keeps it
                continue;
            }
            Object v = values.get(slot);
            if (v instanceof FileInput f) {
                l.onStatus("Uploading " + f.name() + "…");
                data.add(fileData(upload(f), f.name()));
            } else {
                data.add(v instanceof JsonElement j ? j : GSON.toJsonTree(v));
            }
        }
        String session = UUID.randomUUID().toString().replace("-", "");
        JsonObject body = new JsonObject();
        body.add("data", data);
        body.addProperty("fn_index", e.fnIndex());
        body.addProperty("session_hash", session);
        body.add("event_data", JsonNull.INSTANCE);
        body.add("trigger_id", JsonNull.INSTANCE);
        GradioHttp.Response r = http.postJson(apiBase.resolve("queue/join"), body.toString());
        if (!r.ok()) {
            throw joinFailure(e, r);
        }
        String eventId = GradioJson.string(GradioJson.object(r.body(), "a queue ticket"), "event_id");
        if (eventId == null) {
            throw new GradioException(GradioException.Kind.PROTOCOL,
                    "The app accepted the job but gave no event id: " + GradioJson.abbreviate(r.body()));
        }
        LOG.debug("{} queued as {}", e.apiName(), eventId);
        return new GradioJob(this, e, session, eventId, l);
    }

    private GradioException joinFailure(GradioEndpoint e, GradioHttp.Response r) {
        String detail = detail(r.body());
        int s = r.status();
        GradioException.Kind kind = switch (s) {
            case 401, 403 -> GradioException.Kind.AUTH;
            case 429, 503 -> GradioException.Kind.BUSY;
            case 400, 422 -> GradioException.Kind.BAD_REQUEST;
            default -> GradioException.Kind.HTTP;
        };
        String why = s == 503 ? "its queue is full or stopped" : s == 429 ? "it is rate-limiting requests"
                : "HTTP " + s;
        return new GradioException(kind, "The app refused the call to " + e.apiName() + " (" + why + ")"
                + (detail.isEmpty() ? "." : ": " + detail), s, null, null);
    }

    static String detail(String body) {
        if (body == null || body.isBlank()) {
            return "";
        }
        try {
            JsonElement j = GradioJson.parse(body, "an error");
            if (j.isJsonObject() && j.getAsJsonObject().has("detail")) {
                JsonElement d = j.getAsJsonObject().get("detail");
                return GradioJson.abbreviate(d.isJsonPrimitive() ? d.getAsString() : d.toString());
            }
        } catch (GradioException ignored) {
            // plain text
        }
        return GradioJson.abbreviate(body);
    }

    /** Checks the arguments against the endpoint's parameters and puts them in order. */
    private List<Object> bind(GradioEndpoint e, List<?> positional, Map<String, ?> named) throws GradioException {
        List<GradioParameter> params = e.parameters();
        if (positional.size() > params.size()) {
            throw new GradioException(GradioException.Kind.BAD_REQUEST, e.apiName() + " takes " + params.size()
                    + " argument(s) but " + positional.size() + " were given: " + e.signature());
        }
        for (String k : named.keySet()) {
            if (params.stream().noneMatch(p -> k.equals(p.name()))) {
                throw new GradioException(GradioException.Kind.BAD_REQUEST,
                        e.apiName() + " has no parameter '" + k + "': " + e.signature());
            }
        }
        List<Object> out = new ArrayList<>(params.size());
        for (int i = 0; i < params.size(); i++) {
            GradioParameter p = params.get(i);
            Object v;
            if (i < positional.size()) {
                v = positional.get(i);
            } else if (p.name() != null && named.containsKey(p.name())) {
                v = named.get(p.name());
            } else if (p.hasDefault()) {
                v = p.defaultValue() == null ? JsonNull.INSTANCE : p.defaultValue();
            } else {
                throw new GradioException(GradioException.Kind.BAD_REQUEST, e.apiName() + " needs a value for '"
                        + (p.name() == null ? "parameter " + (i + 1) : p.name()) + "' (" + p.component() + "): "
                        + e.signature());
            }
            out.add(check(e, p, v));
        }
        return out;
    }

    private Object check(GradioEndpoint e, GradioParameter p, Object v) throws GradioException {
        String name = p.name() == null ? p.component() : p.name();
        if (v instanceof Path path) {
            try {
                v = FileInput.of(path);
            } catch (java.io.IOException ex) {
                throw new GradioException(GradioException.Kind.BAD_REQUEST, "Cannot read " + path + ": "
                        + ex.getMessage(), ex);
            }
        }
        if (v instanceof FileInput f) {
            if (!p.isFile()) {
                throw new GradioException(GradioException.Kind.BAD_REQUEST,
                        "'" + name + "' of " + e.apiName() + " is a " + p.component() + ", not a file.");
            }
            if (maxFileSize != null && f.bytes().length > maxFileSize) {
                throw new GradioException(GradioException.Kind.BAD_REQUEST, f.name() + " is " + f.bytes().length
                        + " bytes; the app accepts files up to " + maxFileSize + " bytes.");
            }
            return f;
        }
        if (p.isFile() && !(v instanceof JsonElement) && !(v instanceof Map) && !(v == null && p.hasDefault())) {
            throw new GradioException(GradioException.Kind.BAD_REQUEST,
                    "'" + name + "' of " + e.apiName() + " is a " + p.component() + " and needs a file, not "
                            + (v == null ? "nothing" : v.getClass().getSimpleName()) + ".");
        }
        String type = p.pythonType() == null ? "" : p.pythonType();
        boolean numeric = p.isComponent("Number") || p.isComponent("Slider") || type.equals("float")
                || type.equals("int");
        if (numeric && v != null && !(v instanceof Number) && !(v instanceof JsonElement)) {
            throw new GradioException(GradioException.Kind.BAD_REQUEST,
                    "'" + name + "' of " + e.apiName() + " is a number, not \"" + v + "\".");
        }
        return v;
    }

    /** Uploads a file and returns its server-side path. */
    public String upload(FileInput file) throws GradioException {
        GradioHttp.Response r = http.postFile(apiBase.resolve("upload"), file);
        if (r.status() == 413) {
            throw new GradioException(GradioException.Kind.BAD_REQUEST,
                    file.name() + " is too large for the app: " + detail(r.body()), 413, null, null);
        }
        if (!r.ok()) {
            throw new GradioException(r.status() == 401 || r.status() == 403 ? GradioException.Kind.AUTH
                    : GradioException.Kind.HTTP, "The app refused the upload of " + file.name() + " (HTTP "
                    + r.status() + ")" + (detail(r.body()).isEmpty() ? "." : ": " + detail(r.body())),
                    r.status(), null, null);
        }
        JsonElement paths = GradioJson.parse(r.body(), "an upload receipt");
        if (!paths.isJsonArray() || paths.getAsJsonArray().isEmpty()
                || !paths.getAsJsonArray().get(0).isJsonPrimitive()) {
            throw new GradioException(GradioException.Kind.PROTOCOL,
                    "The app's upload receipt is not a list of paths: " + GradioJson.abbreviate(r.body()));
        }
        return paths.getAsJsonArray().get(0).getAsString();
    }

    /** The FileData object an input expects; {@code meta} is always sent (required since Gradio 5.5). */
    static JsonObject fileData(String serverPath, String origName) {
        JsonObject o = new JsonObject();
        o.addProperty("path", serverPath);
        o.addProperty("orig_name", origName);
        JsonObject meta = new JsonObject();
        meta.addProperty("_type", "gradio.FileData");
        o.add("meta", meta);
        return o;
    }

    /** The bytes of a file output: fetched through this app's own file route, or decoded from a data URL. */
    public byte[] download(FileData file) throws GradioException {
        if (file.isDataUrl()) {
            return GradioOutputs.decodeBase64Image(file.url());
        }
        if (file.path() != null && !file.path().startsWith("http")) {
            String encoded = URLEncoder.encode(file.path(), StandardCharsets.UTF_8).replace("+", "%20")
                    .replace("%2F", "/");
            return http.getBytes(apiBase.resolve("file=" + encoded));
        }
        String url = file.url() != null ? file.url() : file.path();
        return http.getBytes(URI.create(url));
    }

    // --- for GradioJob ---

    GradioHttp http() {
        return http;
    }

    URI apiBase() {
        return apiBase;
    }

    /** Servers before 4.31 have no /cancel; closing the stream is what cancels there. */
    boolean hasCancelRoute() {
        return compareVersion(version, "4.31") >= 0;
    }

    /** sse_v2 and later send generator outputs as diffs. */
    boolean sendsDiffs() {
        return !protocol.equals("sse_v1");
    }

    static int compareVersion(String a, String b) {
        if (a == null) {
            return -1;
        }
        String[] x = a.split("[.\\-+]");
        String[] y = b.split("[.\\-+]");
        for (int i = 0; i < Math.max(x.length, y.length); i++) {
            int xi = i < x.length ? leadingInt(x[i]) : 0;
            int yi = i < y.length ? leadingInt(y[i]) : 0;
            if (xi != yi) {
                return Integer.compare(xi, yi);
            }
        }
        return 0;
    }

    private static int leadingInt(String s) {
        int n = 0;
        for (char c : s.toCharArray()) {
            if (!Character.isDigit(c)) {
                break;
            }
            n = n * 10 + (c - '0');
        }
        return n;
    }

    @Override
    public void close() {
        http.close();
    }

    @Override
    public String toString() {
        return "GradioClient[" + source + ", Gradio " + version + ", " + protocol + "]";
    }

    /** Reads endpoints from /config (authoritative for wiring) and /info (names, types, defaults). */
    static final class ApiReader {
        private ApiReader() {
        }

        static Map<String, GradioEndpoint> read(JsonObject config, JsonObject info) {
            Map<Integer, JsonObject> components = new LinkedHashMap<>();
            if (config.has("components") && config.get("components").isJsonArray()) {
                for (JsonElement c : config.getAsJsonArray("components")) {
                    if (c.isJsonObject() && c.getAsJsonObject().has("id")) {
                        components.put(c.getAsJsonObject().get("id").getAsInt(), c.getAsJsonObject());
                    }
                }
            }
            JsonObject named = info != null && info.has("named_endpoints") && info.get("named_endpoints").isJsonObject()
                    ? info.getAsJsonObject("named_endpoints") : new JsonObject();
            Map<String, GradioEndpoint> out = new LinkedHashMap<>();
            JsonArray deps = config.has("dependencies") && config.get("dependencies").isJsonArray()
                    ? config.getAsJsonArray("dependencies") : new JsonArray();
            for (int i = 0; i < deps.size(); i++) {
                if (!deps.get(i).isJsonObject()) {
                    continue;
                }
                JsonObject d = deps.get(i).getAsJsonObject();
                JsonElement api = d.get("api_name");
                if (api == null || !api.isJsonPrimitive() || !api.getAsJsonPrimitive().isString()) {
                    continue; // null or false: not part of the API
                }
                String visibility = GradioJson.string(d, "api_visibility");
                if ("private".equals(visibility)) {
                    continue;
                }
                boolean documented = !"undocumented".equals(visibility) && GradioJson.bool(d, "show_api", true);
                String name = "/" + api.getAsString().replaceAll("^/+", "");
                int fnIndex = d.has("id") && d.get("id").isJsonPrimitive() ? d.get("id").getAsInt() : i;
                JsonObject doc = named.has(name) && named.get(name).isJsonObject() ? named.getAsJsonObject(name) : null;
                out.put(name, endpoint(name, fnIndex, d, components, doc, documented));
            }
            return out;
        }

        private static GradioEndpoint endpoint(String name, int fnIndex, JsonObject dep,
                                               Map<Integer, JsonObject> components, JsonObject doc,
                                               boolean documented) {
            List<Integer> inputs = ids(dep, "inputs");
            List<Integer> outputs = ids(dep, "outputs");
            int[] wireIn = new int[inputs.size()];
            int[] wireOut = new int[outputs.size()];
            List<JsonObject> inComps = new ArrayList<>();
            List<JsonObject> outComps = new ArrayList<>();
            for (int i = 0; i < inputs.size(); i++) {
                JsonObject c = components.get(inputs.get(i));
                if (c != null && GradioJson.bool(c, "skip_api", false)) {
                    wireIn[i] = -1;
                } else {
                    wireIn[i] = inComps.size();
                    inComps.add(c);
                }
            }
            for (int i = 0; i < outputs.size(); i++) {
                JsonObject c = components.get(outputs.get(i));
                if (c != null && GradioJson.bool(c, "skip_api", false)) {
                    wireOut[i] = -1;
                } else {
                    wireOut[i] = outComps.size();
                    outComps.add(c);
                }
            }
            JsonArray docParams = doc != null && doc.has("parameters") ? doc.getAsJsonArray("parameters") : null;
            JsonArray docReturns = doc != null && doc.has("returns") ? doc.getAsJsonArray("returns") : null;
            List<GradioParameter> params = new ArrayList<>();
            for (int i = 0; i < inComps.size(); i++) {
                JsonObject p = docParams != null && docParams.size() == inComps.size()
                        ? docParams.get(i).getAsJsonObject() : null;
                params.add(parameter(inComps.get(i), p, i, true));
            }
            List<GradioParameter> returns = new ArrayList<>();
            for (int i = 0; i < outComps.size(); i++) {
                JsonObject p = docReturns != null && docReturns.size() == outComps.size()
                        ? docReturns.get(i).getAsJsonObject() : null;
                returns.add(parameter(outComps.get(i), p, i, false));
            }
            String description = doc == null ? null : GradioJson.string(doc, "description");
            return new GradioEndpoint(name, fnIndex, params, returns, wireIn, wireOut, documented, description);
        }

        private static GradioParameter parameter(JsonObject component, JsonObject doc, int index, boolean input) {
            String component0 = null;
            String label = null;
            if (component != null) {
                String type = GradioJson.string(component, "type");
                component0 = type == null ? null : capitalise(type);
                JsonObject props = component.has("props") && component.get("props").isJsonObject()
                        ? component.getAsJsonObject("props") : null;
                label = GradioJson.string(props, "label");
                String propName = GradioJson.string(props, "name");
                if (propName != null) {
                    component0 = capitalise(propName);
                }
            }
            if (doc == null) {
                return new GradioParameter(input ? "param_" + index : null, label, component0, null, false, null);
            }
            String comp = GradioJson.string(doc, "component");
            JsonObject pt = doc.has("python_type") && doc.get("python_type").isJsonObject()
                    ? doc.getAsJsonObject("python_type") : null;
            String pythonType = GradioJson.string(pt, "type");
            String name = input ? GradioJson.string(doc, "parameter_name") : null;
            if (input && name == null) {
                name = "param_" + index;
            }
            boolean hasDefault = GradioJson.bool(doc, "parameter_has_default", false);
            JsonElement def = hasDefault ? doc.get("parameter_default") : null;
            String docLabel = GradioJson.string(doc, "label");
            return new GradioParameter(name, docLabel != null ? docLabel : label, comp != null ? comp : component0,
                    pythonType, hasDefault, def);
        }

        private static List<Integer> ids(JsonObject dep, String key) {
            List<Integer> out = new ArrayList<>();
            if (dep.has(key) && dep.get(key).isJsonArray()) {
                for (JsonElement e : dep.getAsJsonArray(key)) {
                    out.add(e.getAsInt());
                }
            }
            return out;
        }

        private static String capitalise(String s) {
            if (s.isEmpty()) {
                return s;
            }
            if (s.equals(s.toLowerCase(Locale.ROOT))) {
                return Character.toUpperCase(s.charAt(0)) + s.substring(1);
            }
            return s;
        }
    }
}
