package org.sonicsight.core.audio;

/**
 * A problem with audio input that a user can act on. The message is a full
 * sentence meant for people; {@link #kind()} lets faces map it to exit codes,
 * HTTP statuses or dialogs.
 */
public class AudioInputException extends Exception {

    /** What went wrong, coarse enough for faces to react to. */
    public enum Kind {
        NOT_FOUND,
        UNREADABLE,
        UNSUPPORTED_FORMAT,
        CORRUPT,
        EMPTY,
        NO_DEVICE,
        DEVICE_LOST
    }

    private final Kind kind;

    public AudioInputException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public AudioInputException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
