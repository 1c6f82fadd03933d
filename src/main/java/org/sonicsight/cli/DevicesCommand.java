package org.sonicsight.cli;

import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.sonicsight.core.audio.AudioDevices;
import org.sonicsight.core.audio.AudioInputException;
import picocli.CommandLine.Command;

@Command(name = "devices", mixinStandardHelpOptions = true, description = "List audio input devices (microphones).")
public final class DevicesCommand implements Callable<Integer> {

    @Override
    public Integer call() throws AudioInputException {
        List<AudioDevices.InputDevice> inputs = AudioDevices.inputs();
        if (inputs.isEmpty()) {
            throw new AudioInputException(AudioInputException.Kind.NO_DEVICE,
                    "No audio input device found. Connect a microphone (or start PulseAudio) and try again.");
        }
        for (int i = 0; i < inputs.size(); i++) {
            AudioDevices.InputDevice d = inputs.get(i);
            String rates = d.rates().isEmpty() ? "no 16-bit PCM rates offered"
                    : d.rates().stream().map(r -> r + " Hz").collect(Collectors.joining(", "));
            System.out.printf("%d. %s%s  [%s]%n", i + 1, d.name(), i == 0 ? " (default)" : "", rates);
            if (d.description() != null && !d.description().isBlank()) {
                System.out.println("   " + d.description());
            }
        }
        return ExitCodes.OK;
    }
}
