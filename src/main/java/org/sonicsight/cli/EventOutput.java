package org.sonicsight.cli;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.sonicsight.core.detect.DetectedEvent;
import org.sonicsight.core.export.EventFormat;
import org.sonicsight.core.export.EventTableWriter;
import org.sonicsight.core.settings.AtomicFiles;

/**
 * Where {@code identify --events --format} writes: standard output (flushed per event, so a pipe sees events as
 * they are found) or a file, written beside its target and moved into place whole when the run ends.
 */
final class EventOutput {

    /** Top of the band a Raven selection covers: the model hears up to half its rate (22050 Hz). */
    static final double HIGH_FREQ_HZ = IdentifyCommand.ANALYSIS_RATE / 2.0;

    private final Writer writer;
    private final EventTableWriter table;
    private final Path target;
    private final Path temp;

    private EventOutput(Writer writer, EventFormat format, boolean severalFiles, Path target, Path temp)
            throws IOException {
        this.writer = writer;
        this.table = new EventTableWriter(writer, format, severalFiles, HIGH_FREQ_HZ);
        this.target = target;
        this.temp = temp;
        table.begin(); // a run that finds nothing still writes a table with its header
        if (target == null) {
            writer.flush();
        }
    }

    /** @param target a file, or null for standard output */
    static EventOutput open(Path target, EventFormat format, boolean severalFiles) throws IOException {
        if (target == null) {
            return new EventOutput(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), format, severalFiles,
                    null, null);
        }
        Path abs = target.toAbsolutePath();
        Path temp = Files.createTempFile(abs.getParent(), "." + abs.getFileName(), ".part");
        return new EventOutput(Files.newBufferedWriter(temp, StandardCharsets.UTF_8), format, severalFiles, abs, temp);
    }

    void event(String file, DetectedEvent e, String backend) {
        try {
            table.event(file, e, backend);
            if (target == null) {
                writer.flush();
            }
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    void endFile(double seconds) throws IOException {
        table.endFile(seconds);
    }

    /** Finishes the output: flushes standard output, or moves the file into place. */
    void commit() throws IOException {
        if (target == null) {
            writer.flush();
            return;
        }
        writer.close();
        AtomicFiles.move(temp, target);
    }

    /** Drops a half-written file (the run failed). */
    void abandon() {
        if (target == null) {
            return;
        }
        try {
            writer.close();
            Files.deleteIfExists(temp);
        } catch (IOException ignored) {
            // best effort: the run is failing already
        }
    }
}
