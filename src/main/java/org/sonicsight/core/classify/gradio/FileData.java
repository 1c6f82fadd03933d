package org.sonicsight.core.classify.gradio;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

/**
 * A file the app returned (Image, Audio, File outputs): a path on the server
 * and, from Gradio 4.21, an absolute URL.
 */
public record FileData(String path, String url, String origName, String mimeType) {

    /** Reads a FileData value, or returns null when {@code value} is not one. */
    public static FileData of(JsonElement value) {
        if (value == null || !value.isJsonObject()) {
            return null;
        }
        JsonObject o = value.getAsJsonObject();
        String path = GradioJson.string(o, "path");
        String url = GradioJson.string(o, "url");
        if (path == null && url == null) {
            return null;
        }
        JsonElement meta = o.get("meta");
        boolean marked = meta != null && meta.isJsonObject()
                && "gradio.FileData".equals(GradioJson.string(meta.getAsJsonObject(), "_type"));
        // Before 4.21 outputs carried no meta: any object with a string path is a file.
        if (!marked && path == null) {
            return null;
        }
        return new FileData(path, url, GradioJson.string(o, "orig_name"), GradioJson.string(o, "mime_type"));
    }

    /** True for an inline {@code data:} URL (e.g. base64-streamed images). */
    public boolean isDataUrl() {
        return url != null && url.startsWith("data:");
    }
}
