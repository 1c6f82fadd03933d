package org.sonicsight.core.audio;

import java.io.IOException;

/**
 * A well-formed container whose audio is in a codec we do not decode (or is
 * encrypted): the message names the codec, and the file is not called corrupt.
 */
final class UnsupportedCodecException extends IOException {

    UnsupportedCodecException(String message) {
        super(message);
    }
}
