package org.sonicsight.core.classify.gradio;

import java.util.List;

/**
 * A callable endpoint of a Gradio app.
 *
 * @param apiName      name with a leading slash, e.g. "/predict_audio"
 * @param fnIndex      the dependency id the queue wants
 * @param parameters   inputs the caller supplies, in order (State inputs are not listed)
 * @param returns      outputs the caller gets, in order (State outputs are not listed)
 * @param wireInputs   for each input slot on the wire, the index into {@code parameters}, or -1 for a State slot
 * @param wireOutputs  for each output slot on the wire, the index into {@code returns}, or -1 for a State slot
 * @param documented   false for endpoints the app hides from its API page (still callable)
 * @param description  the function's docstring, or null
 */
public record GradioEndpoint(String apiName, int fnIndex, List<GradioParameter> parameters,
                             List<GradioParameter> returns, int[] wireInputs, int[] wireOutputs, boolean documented,
                             String description) {

    public GradioEndpoint {
        parameters = List.copyOf(parameters);
        returns = List.copyOf(returns);
        wireInputs = wireInputs.clone();
        wireOutputs = wireOutputs.clone();
    }

    /** The first input that carries a file, or -1. */
    public int firstFileParameter() {
        for (int i = 0; i < parameters.size(); i++) {
            if (parameters.get(i).isFile()) {
                return i;
            }
        }
        return -1;
    }

    /** One line per endpoint for listings. */
    public String signature() {
        StringBuilder sb = new StringBuilder(apiName).append('(');
        for (int i = 0; i < parameters.size(); i++) {
            sb.append(i == 0 ? "" : ", ").append(parameters.get(i).describe());
        }
        sb.append(") -> ");
        if (returns.size() != 1) {
            sb.append('(');
        }
        for (int i = 0; i < returns.size(); i++) {
            sb.append(i == 0 ? "" : ", ").append(returns.get(i).describe());
        }
        if (returns.size() != 1) {
            sb.append(')');
        }
        return sb.toString();
    }
}
