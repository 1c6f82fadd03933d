package org.sonicsight.core.dsp;

/**
 * Maps dB values to ARGB pixels through a colormap. Pure data, no toolkit:
 * the PNG writer, the JavaFX live view and the web endpoint all draw with it.
 */
public final class SpectrogramPainter {

    private final int[] lut;
    private final float minDb;
    private final float maxDb;
    private final float scale;

    /** Values at or below {@code minDb} get the first colour, at or above {@code maxDb} the last. */
    public SpectrogramPainter(Colormap colormap, float minDb, float maxDb) {
        if (!(maxDb > minDb)) {
            throw new IllegalArgumentException("maxDb must exceed minDb: " + minDb + ".." + maxDb);
        }
        this.lut = colormap.table();
        this.minDb = minDb;
        this.maxDb = maxDb;
        this.scale = 255f / (maxDb - minDb);
    }

    public float minDb() {
        return minDb;
    }

    public float maxDb() {
        return maxDb;
    }

    public int argb(float db) {
        float v = (db - minDb) * scale;
        int i = v <= 0 ? 0 : v >= 255 ? 255 : (int) (v + 0.5f);
        return lut[i];
    }

    /**
     * Paints one spectrogram column (lowest band at the bottom) into a pixel
     * array of row stride {@code stride}, at column {@code x}, {@code height}
     * rows tall, resampling the bands to the height (nearest band).
     */
    public void paintColumn(float[] bandsDb, int[] pixels, int stride, int x, int y0, int height) {
        int bands = bandsDb.length;
        for (int row = 0; row < height; row++) {
            int band = (int) ((long) (height - 1 - row) * bands / height);
            pixels[(y0 + row) * stride + x] = argb(bandsDb[band]);
        }
    }

    /** The whole spectrogram as a {@code columns x bands} ARGB image, low frequencies at the bottom. */
    public int[] paint(Spectrogram s) {
        int w = s.columns();
        int h = s.bands();
        int[] pixels = new int[w * h];
        float[][] db = s.db();
        for (int x = 0; x < w; x++) {
            float[] col = db[x];
            for (int band = 0; band < h; band++) {
                pixels[(h - 1 - band) * w + x] = argb(col[band]);
            }
        }
        return pixels;
    }
}
