package org.sonicsight.core.classify.gradio;

import com.google.gson.JsonElement;

/**
 * One input or output of an endpoint, as the app describes it.
 *
 * @param name         Python parameter name (inputs; {@code param_<i>} when unnamed), or null for outputs
 * @param label        the component's label, or null
 * @param component    component class name, e.g. "Audio", "Label", "Image"
 * @param pythonType   the Python type Gradio documents, e.g. "filepath", "str", "float"
 * @param hasDefault   the input may be left out
 * @param defaultValue its default (JSON), or null
 */
public record GradioParameter(String name, String label, String component, String pythonType, boolean hasDefault,
                              JsonElement defaultValue) {

    /** True when the value travels as an uploaded file (FileData). */
    public boolean isFile() {
        if ("filepath".equals(pythonType)) {
            return true;
        }
        String c = component == null ? "" : component.toLowerCase(java.util.Locale.ROOT);
        return c.equals("audio") || c.equals("image") || c.equals("file") || c.equals("video") || c.equals("model3d")
                || c.equals("uploadbutton");
    }

    public boolean isComponent(String name) {
        return component != null && component.equalsIgnoreCase(name);
    }

    /** Short form for listings: {@code file: Audio (filepath)}. */
    public String describe() {
        StringBuilder sb = new StringBuilder();
        if (name != null) {
            sb.append(name).append(": ");
        }
        sb.append(component == null ? "?" : component);
        if (pythonType != null && !pythonType.isBlank() && pythonType.length() <= 24) {
            sb.append(" (").append(pythonType).append(')');
        }
        if (label != null && !label.isBlank() && !label.equals(name) && !label.startsWith("value_")) {
            sb.append(" \"").append(label).append('"');
        }
        if (hasDefault) {
            sb.append(" = ").append(defaultValue == null ? "null" : defaultValue.toString());
        }
        return sb.toString();
    }
}
