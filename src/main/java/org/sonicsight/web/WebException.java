package org.sonicsight.web;

/** A request that cannot be answered normally: an HTTP status and a sentence for the user. */
final class WebException extends RuntimeException {

    private final int status;

    WebException(int status, String message) {
        super(message);
        this.status = status;
    }

    WebException(int status, String message, Throwable cause) {
        super(message, cause);
        this.status = status;
    }

    int status() {
        return status;
    }
}
