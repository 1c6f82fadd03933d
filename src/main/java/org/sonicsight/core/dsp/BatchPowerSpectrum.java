package org.sonicsight.core.dsp;

/**
 * Power spectra of many frames at once: periodic Hann window (librosa/scipy
 * {@code get_window('hann', n, fftbins=True)}) and a real FFT, laid out
 * frame-minor ({@code row[bin][frame]}) so that every inner loop runs over
 * frames with the same index in every array. That is the shape HotSpot's C2
 * turns into SIMD code on its own (JDK 17 has no stable vector API, and C2
 * does not vectorise the usual in-place butterflies, whose reads and writes
 * sit at different offsets of one array); loops are kept small for the same
 * reason.
 *
 * <p>The transform is the textbook one: the real n-point frame packed as n/2
 * complex points, an in-place radix-4 decimation-in-frequency FFT (its
 * digit-reversed output order is a row lookup, never a copy), then the usual
 * split into the real transform. Each frame's arithmetic is the same whatever
 * the batch size, so results do not depend on how input arrives. Not thread
 * safe; buffers grow to the largest batch asked for (at most
 * {@link #MAX_BATCH} frames, ~1 MB for n_fft 2048).
 */
public final class BatchPowerSpectrum {

    /** Frames per batch: long enough inner loops for C2's vector code, small enough to stay in cache. */
    public static final int MAX_BATCH = 128;

    private final int nFft;
    private final int half;
    private final float[] window;
    private final int[] radix;        // per stage: 4, or 2 for the first when n/2 is not a power of 4
    private final float[][] twiddles; // per stage and butterfly group: (wr, wi) for each of its radix-1 legs
    private final float[] postCos;
    private final float[] postSin;
    private final int[] order;        // row holding Z[k] after the in-place transform
    private int capacity;
    private float[][] ar;
    private float[][] ai;
    private float[] t0;
    private float[] t1;
    private float[] t2;
    private float[] t3;
    private float[] t4;
    private float[] t5;
    private float[] t6;
    private float[] t7;
    private float[] t8;
    private float[] t9;
    private float[] g0;
    private float[] g1;
    private float[] g2;
    private float[] g3;
    private float[] g4;
    private float[] g5;
    private float[] g6;
    private float[] g7;
    private float[] rawRe;
    private float[] rawIm;

    public BatchPowerSpectrum(int nFft) {
        if (nFft < 2 || Integer.bitCount(nFft) != 1) {
            throw new IllegalArgumentException("nFft must be a power of two >= 2: " + nFft);
        }
        this.nFft = nFft;
        this.half = nFft / 2;
        this.window = hann(nFft);
        int log = Integer.numberOfTrailingZeros(half);
        this.radix = new int[log / 2 + log % 2];
        this.twiddles = new float[radix.length][];
        int n = half;
        for (int s = 0; s < radix.length; s++) {
            radix[s] = (s == 0 && log % 2 == 1) ? 2 : 4;
            int groups = n / radix[s];
            float[] t = new float[2 * (radix[s] - 1) * groups];
            for (int p = 0; p < groups; p++) {
                for (int l = 1; l < radix[s]; l++) {
                    double theta = -2 * Math.PI * p * l / n;
                    t[2 * ((radix[s] - 1) * p + l - 1)] = (float) Math.cos(theta);
                    t[2 * ((radix[s] - 1) * p + l - 1) + 1] = (float) Math.sin(theta);
                }
            }
            twiddles[s] = t;
            n /= radix[s];
        }
        this.order = new int[half];
        for (int k = 0; k < half; k++) {
            order[k] = position(k, half, 0);
        }
        this.postCos = new float[half + 1];
        this.postSin = new float[half + 1];
        for (int k = 0; k <= half; k++) {
            postCos[k] = (float) Math.cos(2 * Math.PI * k / nFft);
            postSin[k] = (float) Math.sin(2 * Math.PI * k / nFft);
        }
    }

    /** Where DIF leaves X[k] of an n-point transform from stage {@code st} on: digits of k reversed. */
    private int position(int k, int n, int st) {
        if (n == 1) {
            return 0;
        }
        int r = radix[st];
        return (k % r) * (n / r) + position(k / r, n / r, st + 1);
    }

    static float[] hann(int n) {
        float[] w = new float[n];
        for (int i = 0; i < n; i++) {
            w[i] = (float) (0.5 - 0.5 * Math.cos(2 * Math.PI * i / n));
        }
        return w;
    }

    public int nFft() {
        return nFft;
    }

    /** A buffer for {@link #compute}: {@code nFft/2 + 1} rows of {@code frames} floats. */
    public static float[][] powerRows(int nFft, int frames) {
        return new float[nFft / 2 + 1][frames];
    }

    /**
     * |FFT(window * frame)|^2 for {@code count} frames; frame {@code f} is
     * {@code src[first + f * hop ...]} ({@code nFft} samples) and its power at
     * bin {@code k} lands in {@code power[k][f]}.
     */
    public void compute(float[] src, int first, int hop, int count, float[][] power) {
        if (count < 1 || count > MAX_BATCH) {
            throw new IllegalArgumentException("batch of " + count + " frames (1.." + MAX_BATCH + ")");
        }
        ensure(count);
        // Window and pack, z[j] = w[2j] x[2j] + i w[2j+1] x[2j+1] with one frame per lane: a radix-4 first
        // stage gathers its rows straight from src into rows that stay in L1; a radix-2 one needs them all first.
        boolean fused = radix.length > 0 && radix[0] == 4;
        if (!fused) {
            for (int j = 0; j < half; j++) {
                gather(src, first, hop, count, j, ar[j], ai[j]);
            }
        }
        transform(0, half, 0, count, fused ? src : null, first, hop);
        unpack(ar, ai, count, power);
    }

    /**
     * Stage {@code st} on the block of rows [block, block + n), then the later stages on each of its
     * sub-blocks, depth first: once a block fits in the caches, every later stage on it stays there
     * (a stage-by-stage sweep would stream all the rows through memory once per stage).
     */
    private void transform(int block, int n, int st, int count, float[] src, int first, int hop) {
        if (st == radix.length) {
            return;
        }
        if (radix[st] == 4) {
            radix4(block, n, count, twiddles[st], ar, ai, src, first, hop);
        } else {
            radix2(block, n, count, twiddles[st], ar, ai);
        }
        int sub = n / radix[st];
        for (int t = 0; t < radix[st]; t++) {
            transform(block + t * sub, sub, st + 1, count, null, 0, 0);
        }
    }

    /** Row j of the packed, windowed input: frame f's complex sample j in lane f. */
    private void gather(float[] src, int first, int hop, int count, int j, float[] zr, float[] zi) {
        float w0 = window[2 * j];
        float w1 = window[2 * j + 1];
        int at = first + 2 * j;
        for (int f = 0; f < count; f++, at += hop) {
            zr[f] = src[at] * w0;
            zi[f] = src[at + 1] * w1;
        }
    }

    /**
     * The first stage's four input rows j + l n/8 (l = 0..3) into g0..g7 when the hop is n/4, as librosa's
     * defaults have it: then row j + l n/8 is row j one frame later per l, so one strided gather of
     * count + 3 frames serves all four, and the rest is shifted copies and scaling, which C2 vectorises.
     */
    private void gatherShifted(float[] src, int first, int hop, int count, int j, int step) {
        float[] rr = rawRe;
        float[] ri = rawIm;
        int lanes = count + 3;
        int at = first + 2 * j;
        for (int f = 0; f < lanes; f++, at += hop) {
            rr[f] = src[at];
            ri[f] = src[at + 1];
        }
        float[][] rows = {g0, g1, g2, g3, g4, g5, g6, g7};
        for (int l = 0; l < 4; l++) {
            int row = j + l * step;
            float wr = window[2 * row];
            float wi = window[2 * row + 1];
            float[] zr = rows[2 * l];
            float[] zi = rows[2 * l + 1];
            System.arraycopy(rr, l, zr, 0, count);
            System.arraycopy(ri, l, zi, 0, count);
            for (int f = 0; f < count; f++) {
                zr[f] *= wr;
            }
            for (int f = 0; f < count; f++) {
                zi[f] *= wi;
            }
        }
    }

    /**
     * One in-place radix-4 decimation-in-frequency stage over sub-transforms of n points: rows
     * p + l n/4 (l = 0..3) of each become its four twiddled outputs; every loop touches all its
     * arrays at index f, and the intermediate rows stay in L1. With {@code src} (first stage) the
     * inputs are gathered from the frames instead of read from the rows.
     */
    private void radix4(int block, int n, int count, float[] tw, float[][] xr, float[][] xi, float[] src, int first,
                        int hop) {
        int groups = n / 4;
        float[] s0 = t0;
        float[] d0 = t1;
        float[] s1 = t2;
        float[] d1 = t3;
        float[] s2 = t4;
        float[] d2 = t5;
        float[] s3 = t6;
        float[] d3 = t7;
        float[] u = t8;
        float[] v = t9;
        for (int p = 0; p < groups; p++) {
            float w1r = tw[6 * p];
            float w1i = tw[6 * p + 1];
            float w2r = tw[6 * p + 2];
            float w2i = tw[6 * p + 3];
            float w3r = tw[6 * p + 4];
            float w3i = tw[6 * p + 5];
            for (int base = block; base < block + n; base += n) { // one block per call (see transform)
                int in = base + p;
                int step = groups;
                float[] xar;
                float[] xai;
                float[] xbr;
                float[] xbi;
                float[] xcr;
                float[] xci;
                float[] xdr;
                float[] xdi;
                if (src != null) { // first stage, input straight from the frames
                    xar = g0;
                    xai = g1;
                    xbr = g2;
                    xbi = g3;
                    xcr = g4;
                    xci = g5;
                    xdr = g6;
                    xdi = g7;
                    if (2 * step == hop) {
                        gatherShifted(src, first, hop, count, in, step);
                    } else {
                        gather(src, first, hop, count, in, xar, xai);
                        gather(src, first, hop, count, in + step, xbr, xbi);
                        gather(src, first, hop, count, in + 2 * step, xcr, xci);
                        gather(src, first, hop, count, in + 3 * step, xdr, xdi);
                    }
                } else {
                    xar = xr[in];
                    xai = xi[in];
                    xbr = xr[in + step];
                    xbi = xi[in + step];
                    xcr = xr[in + 2 * step];
                    xci = xi[in + 2 * step];
                    xdr = xr[in + 3 * step];
                    xdi = xi[in + 3 * step];
                }
                // outputs go back to the input rows (only temporaries are read once they are written)
                float[] y0r = xr[in];
                float[] y0i = xi[in];
                float[] y1r = xr[in + step];
                float[] y1i = xi[in + step];
                float[] y2r = xr[in + 2 * step];
                float[] y2i = xi[in + 2 * step];
                float[] y3r = xr[in + 3 * step];
                float[] y3i = xi[in + 3 * step];
                // a +- c, b +- d
                for (int f = 0; f < count; f++) {
                    s0[f] = xar[f] + xcr[f];
                    d0[f] = xar[f] - xcr[f];
                }
                for (int f = 0; f < count; f++) {
                    s1[f] = xai[f] + xci[f];
                    d1[f] = xai[f] - xci[f];
                }
                for (int f = 0; f < count; f++) {
                    s2[f] = xbr[f] + xdr[f];
                    d2[f] = xbr[f] - xdr[f];
                }
                for (int f = 0; f < count; f++) {
                    s3[f] = xbi[f] + xdi[f];
                    d3[f] = xbi[f] - xdi[f];
                }
                if (p == 0) {
                    // all twiddles 1: y0 = (a+c)+(b+d), y2 = (a+c)-(b+d), y1 = (a-c)-j(b-d), y3 = (a-c)+j(b-d)
                    for (int f = 0; f < count; f++) {
                        y0r[f] = s0[f] + s2[f];
                        y2r[f] = s0[f] - s2[f];
                    }
                    for (int f = 0; f < count; f++) {
                        y0i[f] = s1[f] + s3[f];
                        y2i[f] = s1[f] - s3[f];
                    }
                    for (int f = 0; f < count; f++) {
                        y1r[f] = d0[f] + d3[f];
                        y3r[f] = d0[f] - d3[f];
                    }
                    for (int f = 0; f < count; f++) {
                        y1i[f] = d1[f] - d2[f];
                        y3i[f] = d1[f] + d2[f];
                    }
                    continue;
                }
                for (int f = 0; f < count; f++) {
                    y0r[f] = s0[f] + s2[f];
                    u[f] = s0[f] - s2[f];
                }
                for (int f = 0; f < count; f++) {
                    y0i[f] = s1[f] + s3[f];
                    v[f] = s1[f] - s3[f];
                }
                for (int f = 0; f < count; f++) {
                    y2r[f] = w2r * u[f] - w2i * v[f];
                }
                for (int f = 0; f < count; f++) {
                    y2i[f] = w2r * v[f] + w2i * u[f];
                }
                // (a-c) -+ j(b-d): real d0 +- d3, imaginary d1 -+ d2
                for (int f = 0; f < count; f++) {
                    u[f] = d0[f] + d3[f];
                    s0[f] = d0[f] - d3[f];
                }
                for (int f = 0; f < count; f++) {
                    v[f] = d1[f] - d2[f];
                    s1[f] = d1[f] + d2[f];
                }
                for (int f = 0; f < count; f++) {
                    y1r[f] = w1r * u[f] - w1i * v[f];
                }
                for (int f = 0; f < count; f++) {
                    y1i[f] = w1r * v[f] + w1i * u[f];
                }
                for (int f = 0; f < count; f++) {
                    y3r[f] = w3r * s0[f] - w3i * s1[f];
                }
                for (int f = 0; f < count; f++) {
                    y3i[f] = w3r * s1[f] + w3i * s0[f];
                }
            }
        }
    }

    /** One in-place radix-2 stage, as {@link #radix4} (used first when n/2 is not a power of 4). */
    private void radix2(int block, int n, int count, float[] tw, float[][] xr, float[][] xi) {
        int groups = n / 2;
        float[] dr = t0;
        float[] di = t1;
        for (int p = 0; p < groups; p++) {
            float wr = tw[2 * p];
            float wi = tw[2 * p + 1];
            for (int base = block; base < block + n; base += n) { // one block per call (see transform)
                float[] ar0 = xr[base + p];
                float[] ai0 = xi[base + p];
                float[] br0 = xr[base + p + groups];
                float[] bi0 = xi[base + p + groups];
                for (int f = 0; f < count; f++) {
                    dr[f] = ar0[f] - br0[f];
                    ar0[f] = ar0[f] + br0[f];
                }
                for (int f = 0; f < count; f++) {
                    di[f] = ai0[f] - bi0[f];
                    ai0[f] = ai0[f] + bi0[f];
                }
                if (p == 0) {
                    System.arraycopy(dr, 0, br0, 0, count);
                    System.arraycopy(di, 0, bi0, 0, count);
                    continue;
                }
                for (int f = 0; f < count; f++) {
                    br0[f] = wr * dr[f] - wi * di[f];
                }
                for (int f = 0; f < count; f++) {
                    bi0[f] = wr * di[f] + wi * dr[f];
                }
            }
        }
    }

    /**
     * From the n/2-point complex transform Z to the real transform's power:
     * X[k] = E + W^k O with E = (Z[k] + Z*[m-k]) / 2, O = (Z[k] - Z*[m-k]) / 2i;
     * bins k and m-k share their loads.
     */
    private void unpack(float[][] zr, float[][] zi, int count, float[][] power) {
        float[] r0 = zr[order[0]];
        float[] i0 = zi[order[0]];
        float[] p0 = power[0];
        float[] pm = power[half];
        for (int f = 0; f < count; f++) {
            float s = r0[f] + i0[f];
            float d = r0[f] - i0[f];
            p0[f] = s * s;
            pm[f] = d * d;
        }
        float[] er = t0;
        float[] dr = t1;
        float[] ei = t2;
        float[] di = t3;
        for (int k = 1; k <= half / 2; k++) {
            int mk = half - k;
            float c = postCos[k];
            float s = postSin[k];
            float[] zkr = zr[order[k]];
            float[] zki = zi[order[k]];
            float[] zmr = zr[order[mk]];
            float[] zmi = zi[order[mk]];
            for (int f = 0; f < count; f++) {
                er[f] = zkr[f] + zmr[f];
                dr[f] = zkr[f] - zmr[f];
            }
            for (int f = 0; f < count; f++) {
                ei[f] = zki[f] - zmi[f];
                di[f] = zki[f] + zmi[f];
            }
            // u = c*di - s*dr, v = c*dr + s*di; X[k] = (er + u, ei - v) / 2, X[m-k] = (er - u, -ei - v) / 2
            float[] u = t4;
            float[] v = t5;
            for (int f = 0; f < count; f++) {
                u[f] = c * di[f] - s * dr[f];
            }
            for (int f = 0; f < count; f++) {
                v[f] = c * dr[f] + s * di[f];
            }
            float[] pk = power[k];
            for (int f = 0; f < count; f++) {
                float re = er[f] + u[f];
                float im = ei[f] - v[f];
                pk[f] = 0.25f * (re * re + im * im);
            }
            if (mk != k) {
                float[] pmk = power[mk];
                for (int f = 0; f < count; f++) {
                    float re = er[f] - u[f];
                    float im = ei[f] + v[f];
                    pmk[f] = 0.25f * (re * re + im * im);
                }
            }
        }
    }

    private void ensure(int count) {
        if (count <= capacity) {
            return;
        }
        int cap = Math.min(MAX_BATCH, Math.max(count, capacity == 0 ? count : capacity * 2));
        ar = new float[half][cap];
        ai = new float[half][cap];
        t0 = new float[cap];
        t1 = new float[cap];
        t2 = new float[cap];
        t3 = new float[cap];
        t4 = new float[cap];
        t5 = new float[cap];
        t6 = new float[cap];
        t7 = new float[cap];
        t8 = new float[cap];
        t9 = new float[cap];
        g0 = new float[cap];
        g1 = new float[cap];
        g2 = new float[cap];
        g3 = new float[cap];
        g4 = new float[cap];
        g5 = new float[cap];
        g6 = new float[cap];
        g7 = new float[cap];
        rawRe = new float[cap + 3];
        rawIm = new float[cap + 3];
        capacity = cap;
    }
}
