package org.sonicsight.web;

import java.util.Locale;
import org.sonicsight.core.audio.AudioDecoder;
import org.sonicsight.core.audio.AudioInputException;
import org.sonicsight.core.classify.ClassifierException;

/** Turns core exceptions into HTTP statuses and sentences. */
final class WebErrors {

    private WebErrors() {
    }

    static WebException tooLarge(long maxBytes) {
        return new WebException(413, String.format(Locale.ROOT,
                "The file is larger than the %s limit. Send a shorter recording.", size(maxBytes)))
                .localized("web.error.tooLarge", size(maxBytes));
    }

    static WebException noAudio() {
        return new WebException(400, "No audio received: choose a file (form field 'audio').")
                .localized("web.error.noAudio");
    }

    static WebException notAudioType(String contentType) {
        return new WebException(415, "That is not an audio file (" + contentType + "). Choose a "
                + AudioDecoder.SUPPORTED + " file.").localized("web.error.notAudio", AudioDecoder.SUPPORTED);
    }

    static WebException tooManyUploads() {
        return new WebException(503, "The server is receiving too many uploads right now. Try again in a moment.")
                .localized("web.error.tooManyUploads");
    }

    static WebException tooSlow(long minBytesPerSecond) {
        return new WebException(408, String.format(Locale.ROOT,
                "The upload arrived too slowly (under %s per second) and was stopped.", size(minBytesPerSecond)))
                .localized("web.error.tooSlow", size(minBytesPerSecond));
    }

    static WebException busy() {
        return new WebException(429, "The server is busy analysing other sounds. Try again in a moment.")
                .localized("web.error.busy");
    }

    static WebException timeout() {
        return new WebException(503, "The analysis took too long and was stopped. Try a shorter recording.")
                .localized("web.error.timeout");
    }

    static WebException of(AudioInputException e, Upload upload) {
        int status = switch (e.kind()) {
            case UNSUPPORTED_FORMAT -> 415;
            case NOT_FOUND, UNREADABLE, NO_DEVICE, DEVICE_LOST -> 500;
            case CORRUPT, EMPTY -> 400;
        };
        String key = switch (e.kind()) {
            case UNSUPPORTED_FORMAT -> "web.error.unsupported";
            case CORRUPT -> "web.error.corrupt";
            case EMPTY -> "web.error.empty";
            case NOT_FOUND, UNREADABLE, NO_DEVICE, DEVICE_LOST -> "web.error.unreadable";
        };
        return new WebException(status, upload.userMessage(e.getMessage()), e).localized(key, upload.fileName(),
                AudioDecoder.SUPPORTED);
    }

    static WebException of(ClassifierException e) {
        int status = switch (e.reason()) {
            case UNAVAILABLE -> 503;
            case BAD_INPUT -> 400;
            case TIMEOUT, REMOTE_ERROR, PROTOCOL, BAD_REQUEST -> 502;
            case CANCELLED -> 503;
            case INTERNAL -> 500;
        };
        return new WebException(status, e.getMessage(), e).localized(
                e.reason() == ClassifierException.Reason.UNAVAILABLE ? "web.error.noClassifier" : "web.error.classifier");
    }

    static String size(long bytes) {
        if (bytes >= WebConfig.MB && bytes % WebConfig.MB == 0) {
            return bytes / WebConfig.MB + " MB";
        }
        if (bytes >= WebConfig.MB) {
            return String.format(Locale.ROOT, "%.1f MB", bytes / (double) WebConfig.MB);
        }
        return (bytes + 1023) / 1024 + " KB";
    }
}
