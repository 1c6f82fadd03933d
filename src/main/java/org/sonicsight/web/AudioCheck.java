package org.sonicsight.web;

/**
 * The result of opening an upload without analysing it (for the preview).
 *
 * @param format      the decoder's description, e.g. "WAV, 16-bit PCM, 22050 Hz, mono"
 * @param contentType a MIME type browsers play, derived from the sniffed container
 * @param seconds     duration of the audio that decodes
 * @param cutShort    true when the header promises more audio than the file holds
 */
record AudioCheck(String format, String contentType, double seconds, boolean cutShort) {
}
