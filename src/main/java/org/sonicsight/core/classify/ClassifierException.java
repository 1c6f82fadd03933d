package org.sonicsight.core.classify;

/** A classifier could not answer. The message is a sentence for people. */
public class ClassifierException extends Exception {

    /** Why, so faces can react (fallback to local, HTTP status, exit code). */
    public enum Reason {
        UNAVAILABLE, TIMEOUT, REMOTE_ERROR, BAD_INPUT, BAD_REQUEST, PROTOCOL, CANCELLED, INTERNAL
    }

    private final Reason reason;

    public ClassifierException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public ClassifierException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
