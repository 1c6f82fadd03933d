package org.sonicsight.core.classify.gradio;

import java.util.Objects;

/**
 * A file to send as an argument: its bytes and the name the server should see
 * (the extension tells the app the format). Uploaded before the call.
 */
public record FileInput(String name, byte[] bytes, String mimeType) {

    public FileInput {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(bytes, "bytes");
        mimeType = mimeType == null ? "application/octet-stream" : mimeType;
    }

    public static FileInput of(java.nio.file.Path path) throws java.io.IOException {
        String name = path.getFileName().toString();
        String mime = java.nio.file.Files.probeContentType(path);
        return new FileInput(name, java.nio.file.Files.readAllBytes(path), mime);
    }

    @Override
    public String toString() {
        return "FileInput[" + name + ", " + bytes.length + " bytes, " + mimeType + "]";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FileInput f && f.name.equals(name) && java.util.Arrays.equals(f.bytes, bytes)
                && f.mimeType.equals(mimeType);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, java.util.Arrays.hashCode(bytes), mimeType);
    }
}
