package org.sonicsight.core.classify.gradio;

import org.sonicsight.core.classify.ClassifierException;

/**
 * Something went wrong talking to a Gradio app. The message is a sentence for
 * people; {@link #kind()} says what to do about it, and
 * {@link #toClassifierException()} maps it onto the classifier's reasons.
 */
public class GradioException extends Exception {

    /** What went wrong, from the caller's point of view. */
    public enum Kind {
        /** No such Space or app, or a private one without a valid token. */
        NOT_FOUND,
        /** The app wants a login or a (different) token. */
        AUTH,
        /** The Space is asleep, building, paused or broken, and did not become ready in time. */
        NOT_READY,
        /** Could not connect, or the connection dropped (server killed, network gone). */
        CONNECTION,
        /** A connect, read or overall deadline passed. */
        TIMEOUT,
        /** The server answered with an unexpected HTTP status (4xx/5xx). */
        HTTP,
        /** Rate-limited (429) or the queue is full (503). Retry later. */
        BUSY,
        /** The app ran the function and it failed ({@code gr.Error} or an exception). */
        APP_ERROR,
        /** The server's answer did not follow the Gradio protocol (bad JSON, broken stream). */
        PROTOCOL,
        /** The server runs a Gradio version this client does not speak. */
        UNSUPPORTED_VERSION,
        /** The caller asked for an endpoint that does not exist, or passed arguments it does not take. */
        BAD_REQUEST,
        /** The job was cancelled (by us or by the server). */
        CANCELLED
    }

    private final Kind kind;
    private final int httpStatus;
    private final String title;

    public GradioException(Kind kind, String message) {
        this(kind, message, 0, null, null);
    }

    public GradioException(Kind kind, String message, Throwable cause) {
        this(kind, message, 0, null, cause);
    }

    public GradioException(Kind kind, String message, int httpStatus, String title, Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.httpStatus = httpStatus;
        this.title = title;
    }

    public Kind kind() {
        return kind;
    }

    /** HTTP status behind the error, or 0. */
    public int httpStatus() {
        return httpStatus;
    }

    /** Title of a {@code gr.Error} (Gradio 5.2+), or null. */
    public String title() {
        return title;
    }

    public ClassifierException toClassifierException() {
        ClassifierException.Reason reason = switch (kind) {
            case NOT_FOUND, AUTH, NOT_READY, CONNECTION, BUSY, UNSUPPORTED_VERSION -> ClassifierException.Reason.UNAVAILABLE;
            case TIMEOUT -> ClassifierException.Reason.TIMEOUT;
            case HTTP, APP_ERROR -> ClassifierException.Reason.REMOTE_ERROR;
            case PROTOCOL -> ClassifierException.Reason.PROTOCOL;
            case BAD_REQUEST -> ClassifierException.Reason.BAD_REQUEST;
            case CANCELLED -> ClassifierException.Reason.CANCELLED;
        };
        return new ClassifierException(reason, getMessage(), this);
    }
}
