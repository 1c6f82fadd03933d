package org.sonicsight.ui;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.sonicsight.core.classify.gradio.GradioClient;
import org.sonicsight.core.classify.gradio.GradioEndpoint;
import org.sonicsight.core.classify.gradio.GradioException;
import org.sonicsight.core.classify.gradio.GradioListener;
import org.sonicsight.core.classify.gradio.GradioOptions;
import org.sonicsight.core.config.AppConfig;

/**
 * "Test connection" in the settings: which endpoints a Gradio app offers.
 * Kept behind an interface so the settings view does not depend on the
 * Gradio client's API, and tests or other faces can supply their own.
 */
interface SpaceInspector {

    /** Endpoint names ("/predict"), or an exception whose message is a sentence for people. */
    List<String> endpoints(String spaceOrUrl, String token) throws IOException;

    /** Asks the Gradio client (it resolves Space ids, wakes Spaces and reads the API like the official clients). */
    final class Gradio implements SpaceInspector {
        private final AppConfig config;

        Gradio(AppConfig config) {
            this.config = config;
        }

        @Override
        public List<String> endpoints(String spaceOrUrl, String token) throws IOException {
            if (spaceOrUrl == null || spaceOrUrl.isBlank()) {
                throw new IOException("Enter a Space id (owner/name) or the URL of a Gradio app.");
            }
            GradioOptions options = config.gradio(token);
            try (GradioClient client = GradioClient.connect(spaceOrUrl.trim(), options, GradioListener.NONE)) {
                List<String> names = new ArrayList<>();
                for (GradioEndpoint e : client.endpoints()) {
                    if (e.apiName() != null && !e.apiName().isBlank()) {
                        names.add(e.apiName());
                    }
                }
                return names;
            } catch (GradioException e) {
                throw new IOException(e.getMessage(), e);
            }
        }
    }
}
