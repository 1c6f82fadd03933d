package org.sonicsight.core.classify.gradio;

import com.google.gson.JsonElement;
import java.util.List;

/**
 * Progress of a call, for a UI to show. Called on the caller's thread (the one
 * waiting for the result); keep the handlers short.
 */
public interface GradioListener {

    GradioListener NONE = new GradioListener() {
    };

    /** Connecting, waking a Space, uploading... a sentence for people. */
    default void onStatus(String message) {
    }

    /** Waiting in the app's queue: {@code rank} jobs ahead (0 = next), estimated seconds or NaN. */
    default void onQueue(int rank, int queueSize, double etaSeconds) {
    }

    /** The app started working on the job. */
    default void onStarted(double etaSeconds) {
    }

    /** {@code gr.Progress} updates from the app. */
    default void onProgress(List<ProgressStep> steps) {
    }

    /** {@code gr.Info}/{@code gr.Warning} from the app. */
    default void onLog(String level, String message) {
    }

    /** An intermediate output of a generator endpoint (full values, diffs already applied). */
    default void onPartial(List<JsonElement> outputs) {
    }

    /**
     * One progress unit.
     *
     * @param index    done so far, or -1 when unknown
     * @param length   total, or -1 when unknown
     * @param fraction 0..1, or NaN when the app gave counts only
     */
    record ProgressStep(long index, long length, double fraction, String unit, String description) {
    }
}
