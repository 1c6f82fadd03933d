package org.sonicsight.core.dsp;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleConsumer;
import org.sonicsight.core.audio.AudioClip;
import org.sonicsight.core.audio.SampleStream;

/**
 * Whole-signal log-mel spectrograms (for snapshots, PNGs and parity checks).
 * Input is streamed; with a column limit, memory stays bounded however long
 * the file is (frames are max-pooled in time, pairwise, as they arrive).
 */
public final class SpectrogramAnalyzer {

    private final SpectrogramConfig config;

    public SpectrogramAnalyzer(SpectrogramConfig config) {
        this.config = config;
    }

    public SpectrogramConfig config() {
        return config;
    }

    /** Full resolution, for clips held in memory. */
    public Spectrogram analyze(AudioClip clip) {
        requireRate(clip.sampleRate());
        Accumulator acc = new Accumulator(Integer.MAX_VALUE, config.nMels());
        MelFrameStream stream = new MelFrameStream(config, true, acc);
        stream.push(clip.samples(), 0, clip.samples().length);
        stream.finish();
        return acc.toSpectrogram(config, clip.samples().length);
    }

    /**
     * Streams a (possibly very long) source.
     *
     * @param maxColumns at most this many columns are kept (pairwise max-pooling beyond it)
     * @param progress   receives the fraction done, if the length is known; may be null
     * @param cancelled  polled between blocks; may be null
     */
    public Spectrogram analyze(SampleStream source, int maxColumns, DoubleConsumer progress,
                               java.util.function.BooleanSupplier cancelled) throws IOException {
        requireRate(source.sampleRate());
        Accumulator acc = new Accumulator(maxColumns, config.nMels());
        MelFrameStream stream = new MelFrameStream(config, true, acc);
        float[] block = new float[16384];
        long total = 0;
        long expected = source.estimatedLength();
        int n;
        while ((n = source.read(block, 0, block.length)) >= 0) {
            if (cancelled != null && cancelled.getAsBoolean()) {
                throw new java.util.concurrent.CancellationException("analysis cancelled");
            }
            stream.push(block, 0, n);
            total += n;
            if (progress != null && expected > 0) {
                progress.accept(Math.min(1.0, total / (double) expected));
            }
        }
        stream.finish();
        return acc.toSpectrogram(config, total);
    }

    private void requireRate(int rate) {
        if (rate != config.sampleRate()) {
            throw new IllegalArgumentException("input is " + rate + " Hz but the spectrogram expects "
                    + config.sampleRate() + " Hz; resample first");
        }
    }

    /** Collects mel power frames, pooling pairs when over the limit. */
    private static final class Accumulator implements MelFrameStream.FrameSink {
        private final int maxColumns;
        private final int bands;
        private final List<float[]> columns = new ArrayList<>();
        private int framesPerColumn = 1;
        private float[] partial;
        private int partialCount;
        private long frames;

        Accumulator(int maxColumns, int bands) {
            this.maxColumns = Math.max(1, maxColumns);
            this.bands = bands;
        }

        @Override
        public void accept(float[] melPower, long frameIndex) {
            frames++;
            if (partial == null) {
                partial = melPower.clone();
                partialCount = 1;
            } else {
                for (int i = 0; i < bands; i++) {
                    if (melPower[i] > partial[i]) {
                        partial[i] = melPower[i];
                    }
                }
                partialCount++;
            }
            if (partialCount == framesPerColumn) {
                columns.add(partial);
                partial = null;
                partialCount = 0;
                if (columns.size() >= 2L * maxColumns) {
                    halve();
                }
            }
        }

        private void halve() {
            List<float[]> merged = new ArrayList<>(columns.size() / 2 + 1);
            for (int i = 0; i + 1 < columns.size(); i += 2) {
                float[] a = columns.get(i);
                float[] b = columns.get(i + 1);
                for (int k = 0; k < bands; k++) {
                    a[k] = Math.max(a[k], b[k]);
                }
                merged.add(a);
            }
            if (columns.size() % 2 == 1) {
                merged.add(columns.get(columns.size() - 1));
            }
            columns.clear();
            columns.addAll(merged);
            framesPerColumn *= 2;
        }

        Spectrogram toSpectrogram(SpectrogramConfig config, long samples) {
            if (partial != null) {
                columns.add(partial);
                partial = null;
            }
            while (columns.size() > maxColumns) {
                halve();
            }
            float[][] data = columns.toArray(new float[0][]);
            double ref = PowerToDb.applyRefMax(data, config.topDb());
            return new Spectrogram(data, config, framesPerColumn, frames, samples / (double) config.sampleRate(), ref);
        }
    }
}
