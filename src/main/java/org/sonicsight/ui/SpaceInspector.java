package org.sonicsight.ui;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * "Test connection" in the settings: which endpoints a Gradio app offers.
 * Kept behind an interface so the settings view does not depend on the
 * Gradio client's API (being built in {@code core.classify.gradio}); when that
 * lands, an implementation can delegate to it.
 */
interface SpaceInspector {

    /** Endpoint names ("/predict"), or an exception whose message is a sentence for people. */
    List<String> endpoints(String spaceOrUrl, String token) throws IOException;

    /**
     * Reads {@code config} and {@code info} over HTTP (Gradio 4 at the root,
     * 5+ under the config's {@code api_prefix}). A Space id is resolved to its
     * host through the Hub API, as the official clients do.
     */
    final class Http implements SpaceInspector {
        private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NORMAL).build();

        @Override
        public List<String> endpoints(String spaceOrUrl, String token) throws IOException {
            String base = spaceOrUrl.trim();
            if (base.isEmpty()) {
                throw new IOException("Enter a Space id (owner/name) or the URL of a Gradio app.");
            }
            if (!base.startsWith("http://") && !base.startsWith("https://")) {
                if (!base.matches("[A-Za-z0-9_.\\-]+/[A-Za-z0-9_.\\-]+")) {
                    throw new IOException("\"" + base + "\" is neither a Space id (owner/name) nor a URL.");
                }
                JsonObject host = get("https://huggingface.co/api/spaces/" + base + "/host", token);
                base = host.get("host").getAsString();
            }
            if (!base.endsWith("/")) {
                base += "/";
            }
            JsonObject config = get(base + "config", token);
            String prefix = config.has("api_prefix") ? config.get("api_prefix").getAsString() : "";
            prefix = prefix.replaceAll("^/+", "");
            JsonObject info = get(base + (prefix.isEmpty() ? "" : prefix + "/") + "info", token);
            List<String> names = new ArrayList<>();
            if (info.has("named_endpoints")) {
                names.addAll(info.getAsJsonObject("named_endpoints").keySet());
            }
            return names;
        }

        private JsonObject get(String url, String token) throws IOException {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).GET();
            if (token != null && !token.isBlank()) {
                request.header("Authorization", "Bearer " + token.trim());
            }
            HttpResponse<String> response;
            try {
                response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("Cancelled.");
            } catch (IOException e) {
                throw new IOException("Could not connect to " + URI.create(url).getHost()
                        + (URI.create(url).getPort() > 0 ? ":" + URI.create(url).getPort() : "")
                        + " — the Space may be down, asleep or the address is wrong.", e);
            }
            if (response.statusCode() == 401 || response.statusCode() == 404) {
                throw new IOException("Not found (HTTP " + response.statusCode()
                        + "): the Space does not exist, or it is private and needs a valid token.");
            }
            if (response.statusCode() >= 400) {
                throw new IOException("The server answered HTTP " + response.statusCode() + " for " + url + ".");
            }
            try {
                return JsonParser.parseString(response.body()).getAsJsonObject();
            } catch (RuntimeException e) {
                throw new IOException("The server at " + url + " did not answer like a Gradio app.");
            }
        }
    }
}
