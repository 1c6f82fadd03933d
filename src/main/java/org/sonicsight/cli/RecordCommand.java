package org.sonicsight.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.sonicsight.core.audio.AudioClip;
import org.sonicsight.core.audio.AudioDevices;
import org.sonicsight.core.audio.AudioInputException;
import org.sonicsight.core.audio.AudioSource;
import org.sonicsight.core.audio.FileAudioSource;
import org.sonicsight.core.audio.Levels;
import org.sonicsight.core.audio.MicrophoneSource;
import org.sonicsight.core.audio.Recorder;
import org.sonicsight.core.audio.WavWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "record", mixinStandardHelpOptions = true,
        description = "Record from a microphone to a 16-bit mono WAV file at the device's native rate.")
public final class RecordCommand implements Callable<Integer> {

    @Option(names = {"-d", "--duration"}, defaultValue = "5", description = "Seconds to record (default 5).")
    double seconds;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "WAV", description = "Where to write the WAV file.")
    Path output;

    @Option(names = {"-D", "--device"}, paramLabel = "NAME", description = "Input device (name or part of it; see 'devices').")
    String device;

    @Option(names = "--demo", paramLabel = "FILE", description = "Use FILE as a virtual microphone (played in real time).")
    Path demo;

    @Option(names = "--quiet", description = "No progress or summary.")
    boolean quiet;

    @Override
    public Integer call() throws AudioInputException, InterruptedException {
        if (!(seconds > 0) || seconds > 3600) {
            throw new UserException("--duration must be between 0 and 3600 seconds.", ExitCodes.USAGE);
        }
        AudioSource source = demo != null ? new FileAudioSource(demo, 0, true, true)
                : new MicrophoneSource(AudioDevices.find(device));
        if (!quiet) {
            System.err.printf(Locale.ROOT, "Recording %.1f s from %s...%n", seconds, source.name());
        }
        int[] lastPercent = {-1};
        AudioClip clip = Recorder.record(source, seconds, fraction -> {
            int p = (int) (fraction * 10) * 10;
            if (!quiet && p != lastPercent[0]) {
                lastPercent[0] = p;
                System.err.print("\r" + p + "%");
            }
        });
        if (!quiet) {
            System.err.println();
        }
        try {
            WavWriter.write(clip, output);
        } catch (IOException e) {
            throw new UserException("Could not write " + output + ": " + e.getMessage(), ExitCodes.FAILURE, e);
        }
        Levels levels = Levels.of(clip.samples());
        if (!quiet) {
            System.out.printf(Locale.ROOT, "%s: %.2f s at %d Hz, RMS %.1f dBFS, peak %.1f dBFS%n", output,
                    clip.durationSeconds(), clip.sampleRate(), levels.rmsDbfs(), levels.peakDbfs());
        }
        return ExitCodes.OK;
    }
}
