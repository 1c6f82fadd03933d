package org.sonicsight.web;

/**
 * A request that cannot be answered normally: an HTTP status and a sentence for the user. The sentence is
 * English (the JSON API's); where the page shows it in another language, {@link #key} names the translation.
 */
final class WebException extends RuntimeException {

    private final int status;
    private String key;
    private Object[] args = new Object[0];

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

    /** The message key (in the core's bundle) of this error's sentence for the page, with its arguments. */
    WebException localized(String messageKey, Object... messageArgs) {
        this.key = messageKey;
        this.args = messageArgs.clone();
        return this;
    }

    /** The translation's key, or null where the page shows the English sentence in every language. */
    String key() {
        return key;
    }

    Object[] args() {
        return args.clone();
    }
}
