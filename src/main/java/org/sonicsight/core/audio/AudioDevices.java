package org.sonicsight.core.audio;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.DataLine;
import javax.sound.sampled.Line;
import javax.sound.sampled.Mixer;
import javax.sound.sampled.TargetDataLine;

/** Finds capture devices through Java Sound. */
public final class AudioDevices {

    /** Rates tried, best first, when asking a device for its native rate. */
    static final int[] PREFERRED_RATES = {48000, 44100, 96000, 32000, 22050, 16000, 8000};

    private AudioDevices() {
    }

    /** An input device that can capture. */
    public record InputDevice(String name, String description, Mixer.Info info, List<Integer> rates) {
        @Override
        public String toString() {
            return name;
        }
    }

    /** All mixers that offer a capture line, in Java Sound's order. */
    public static List<InputDevice> inputs() {
        List<InputDevice> devices = new ArrayList<>();
        for (Mixer.Info info : AudioSystem.getMixerInfo()) {
            Mixer mixer;
            try {
                mixer = AudioSystem.getMixer(info);
            } catch (RuntimeException e) {
                continue;
            }
            Line.Info[] targets = mixer.getTargetLineInfo(new Line.Info(TargetDataLine.class));
            if (targets.length == 0) {
                continue;
            }
            List<Integer> rates = new ArrayList<>();
            for (int rate : PREFERRED_RATES) {
                if (mixer.isLineSupported(lineInfo(rate, 1)) || mixer.isLineSupported(lineInfo(rate, 2))) {
                    rates.add(rate);
                }
            }
            devices.add(new InputDevice(info.getName(), info.getDescription(), info, List.copyOf(rates)));
        }
        return devices;
    }

    /**
     * Picks a device by exact name, then by case-insensitive substring; an
     * empty or null name means the first device.
     */
    public static InputDevice find(String name) throws AudioInputException {
        List<InputDevice> all = inputs();
        if (all.isEmpty()) {
            throw new AudioInputException(AudioInputException.Kind.NO_DEVICE,
                    "No audio input device found. Connect a microphone (or start PulseAudio) and try again.");
        }
        if (name == null || name.isBlank()) {
            return all.get(0);
        }
        Optional<InputDevice> exact = all.stream().filter(d -> d.name().equals(name)).findFirst();
        if (exact.isPresent()) {
            return exact.get();
        }
        String needle = name.toLowerCase(Locale.ROOT);
        return all.stream().filter(d -> d.name().toLowerCase(Locale.ROOT).contains(needle)).findFirst()
                .orElseThrow(() -> new AudioInputException(AudioInputException.Kind.NO_DEVICE,
                        "No input device called \"" + name + "\". Run 'sonicsight devices' to list them."));
    }

    static DataLine.Info lineInfo(int rate, int channels) {
        return new DataLine.Info(TargetDataLine.class, format(rate, channels));
    }

    static AudioFormat format(int rate, int channels) {
        return new AudioFormat(rate, 16, channels, true, false);
    }
}
