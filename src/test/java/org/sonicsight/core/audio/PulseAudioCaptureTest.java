package org.sonicsight.core.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sonicsight.testsupport.TestEnv;

/**
 * The real audio path: paplay plays a 1 kHz tone into a PulseAudio null sink,
 * Java Sound captures its monitor (ALSA default → pulse plugin), and the
 * captured audio's spectral peak is at 1 kHz. .ci/setup.d/10-pulseaudio.sh
 * starts the daemon and sets -Dsonicsight.test.pulse=true.
 */
class PulseAudioCaptureTest {

    @TempDir
    Path tmp;

    @Test
    void capturesToneFromNullSinkMonitor() throws Exception {
        TestEnv.need(Boolean.getBoolean("sonicsight.test.pulse") && TestEnv.onPath("paplay"),
                "PulseAudio null sink (run via .ci/test with pulseaudio installed)");
        AudioDevices.InputDevice device = AudioDevices.find(null);
        System.out.println("capturing from: " + device.name() + " " + device.rates());

        int toneRate = 44100;
        float[] tone = new float[toneRate * 3];
        for (int i = 0; i < tone.length; i++) {
            tone[i] = (float) (0.5 * Math.sin(2 * Math.PI * 1000 * i / toneRate));
        }
        Path wav = tmp.resolve("tone.wav");
        WavWriter.write(new AudioClip(tone, toneRate, "tone"), wav);

        MicrophoneSource mic = new MicrophoneSource(device);
        Thread player = new Thread(() -> {
            try {
                Thread.sleep(300);
                Process p = new ProcessBuilder("paplay", wav.toString()).redirectErrorStream(true).start();
                p.waitFor(20, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        player.start();
        AudioClip captured = Recorder.record(mic, 2.5, null);
        player.join(20_000);

        int rate = captured.sampleRate();
        float[] x = captured.samples();
        // Find the loudest 0.5 s window and its dominant frequency by a Goertzel scan.
        int win = rate / 2;
        int bestStart = 0;
        double bestEnergy = -1;
        for (int s = 0; s + win <= x.length; s += win / 4) {
            double e = 0;
            for (int i = s; i < s + win; i++) {
                e += x[i] * x[i];
            }
            if (e > bestEnergy) {
                bestEnergy = e;
                bestStart = s;
            }
        }
        double rms = Math.sqrt(bestEnergy / win);
        assertTrue(rms > 0.05, "the tone was captured (rms " + rms + ")");
        double bestHz = 0;
        double bestPower = -1;
        for (int hz = 200; hz <= 5000; hz += 10) {
            double p = goertzel(x, bestStart, win, rate, hz);
            if (p > bestPower) {
                bestPower = p;
                bestHz = hz;
            }
        }
        System.out.printf(Locale.ROOT, "captured %d samples at %d Hz, rms %.3f, peak at %.0f Hz%n", x.length, rate,
                rms, bestHz);
        assertEquals(1000, bestHz, 20);
    }

    static double goertzel(float[] x, int start, int n, int rate, double hz) {
        double w = 2 * Math.PI * hz / rate;
        double coeff = 2 * Math.cos(w);
        double s1 = 0;
        double s2 = 0;
        for (int i = start; i < start + n; i++) {
            double s = x[i] + coeff * s1 - s2;
            s2 = s1;
            s1 = s;
        }
        return s1 * s1 + s2 * s2 - coeff * s1 * s2;
    }
}
