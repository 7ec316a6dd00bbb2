package org.cryoet.learn.cryolithe;

/**
 * One level of the biorthogonal 3.1 wavelet transform (the {@code bior3.1} of PyWavelets) in one
 * and three dimensions, with periodic extension.
 *
 * <p>Analysis of a line x of even length N gives N/2 low-pass and N/2 high-pass coefficients,
 * coefficient n centred between samples 2n and 2n+1:
 * a[n] = sum_k LO[k] x[2n + k - 1], d[n] = sum_k HI[k] x[2n + k - 1] (indices mod N). Synthesis
 * adds a[n] LO_S[k] + d[n] HI_S[k] back onto the same four samples. The four filters are
 * biorthogonal (LO . LO_S = HI . HI_S = 1, all cross and shifted-by-two products zero), so synthesis
 * inverts analysis exactly. Periodic extension keeps that exact at the ends; callers that do not
 * want wrap-around pad the volume first.
 *
 * <p>In 3D the coefficient cubes are ordered by the band along (z, y, x), x fastest: index
 * b = 4 bz + 2 by + bx with 0 = low, 1 = high (band 0 is the smooth approximation).
 */
public final class Bior31 {
    private static final double R2 = Math.sqrt(2.0);
    /** Analysis low-pass (PyWavelets dec_lo reversed; symmetric), sqrt(2)/4 (-1, 3, 3, -1). */
    static final double[] LO = {-R2 / 4, 3 * R2 / 4, 3 * R2 / 4, -R2 / 4};
    /** Analysis high-pass (dec_hi reversed), sqrt(2)/8 (1, -3, 3, -1). */
    static final double[] HI = {R2 / 8, -3 * R2 / 8, 3 * R2 / 8, -R2 / 8};
    /** Synthesis low-pass (rec_lo), sqrt(2)/8 (1, 3, 3, 1). */
    static final double[] LO_S = {R2 / 8, 3 * R2 / 8, 3 * R2 / 8, R2 / 8};
    /** Synthesis high-pass (rec_hi), sqrt(2)/4 (-1, -3, 3, 1). */
    static final double[] HI_S = {-R2 / 4, -3 * R2 / 4, 3 * R2 / 4, R2 / 4};

    /** Number of 3D bands. */
    public static final int BANDS = 8;

    private Bior31() {
    }

    /** 1D analysis of an even-length line into its low and high halves (periodic). */
    static void analyse(double[] x, double[] low, double[] high) {
        int n = x.length;
        if ((n & 1) != 0 || n < 4) throw new IllegalArgumentException("length must be even and at least 4, got " + n);
        for (int c = 0; c < n / 2; c++) {
            double a = 0, d = 0;
            for (int k = 0; k < 4; k++) {
                double v = x[Math.floorMod(2 * c + k - 1, n)];
                a += LO[k] * v;
                d += HI[k] * v;
            }
            low[c] = a;
            high[c] = d;
        }
    }

    /** 1D synthesis: the inverse of {@link #analyse}. */
    static void synthesise(double[] low, double[] high, double[] x) {
        int n = x.length;
        java.util.Arrays.fill(x, 0);
        for (int c = 0; c < n / 2; c++) {
            for (int k = 0; k < 4; k++) {
                x[Math.floorMod(2 * c + k - 1, n)] += low[c] * LO_S[k] + high[c] * HI_S[k];
            }
        }
    }

    /**
     * Forward 3D transform of an nx x ny x nz volume (x fastest; every size even and at least 4).
     *
     * @return 8 bands, each (nx/2) x (ny/2) x (nz/2), x fastest
     */
    public static float[][] forward(float[] v, int nx, int ny, int nz) {
        check(nx, ny, nz);
        // Transform along x, y, z in turn in place on a double copy; each axis leaves its low half in
        // the first half of the axis and its high half in the second.
        double[] w = new double[v.length];
        for (int i = 0; i < v.length; i++) w[i] = v[i];
        transformAxis(w, nx, ny, nz, 0, true);
        transformAxis(w, nx, ny, nz, 1, true);
        transformAxis(w, nx, ny, nz, 2, true);
        int hx = nx / 2, hy = ny / 2, hz = nz / 2;
        float[][] bands = new float[BANDS][hx * hy * hz];
        for (int b = 0; b < BANDS; b++) {
            int ox = (b & 1) * hx, oy = ((b >> 1) & 1) * hy, oz = ((b >> 2) & 1) * hz;
            float[] out = bands[b];
            for (int z = 0; z < hz; z++) {
                for (int y = 0; y < hy; y++) {
                    int src = ((z + oz) * ny + (y + oy)) * nx + ox;
                    int dst = (z * hy + y) * hx;
                    for (int x = 0; x < hx; x++) out[dst + x] = (float) w[src + x];
                }
            }
        }
        return bands;
    }

    /** Inverse 3D transform: 8 bands of (nx/2) x (ny/2) x (nz/2) to an nx x ny x nz volume. */
    public static float[] inverse(float[][] bands, int nx, int ny, int nz) {
        check(nx, ny, nz);
        if (bands.length != BANDS) throw new IllegalArgumentException("expected 8 bands, got " + bands.length);
        int hx = nx / 2, hy = ny / 2, hz = nz / 2;
        double[] w = new double[nx * ny * nz];
        for (int b = 0; b < BANDS; b++) {
            int ox = (b & 1) * hx, oy = ((b >> 1) & 1) * hy, oz = ((b >> 2) & 1) * hz;
            float[] in = bands[b];
            if (in.length != hx * hy * hz) throw new IllegalArgumentException("band " + b + " has the wrong size");
            for (int z = 0; z < hz; z++) {
                for (int y = 0; y < hy; y++) {
                    int dst = ((z + oz) * ny + (y + oy)) * nx + ox;
                    int src = (z * hy + y) * hx;
                    for (int x = 0; x < hx; x++) w[dst + x] = in[src + x];
                }
            }
        }
        transformAxis(w, nx, ny, nz, 2, false);
        transformAxis(w, nx, ny, nz, 1, false);
        transformAxis(w, nx, ny, nz, 0, false);
        float[] out = new float[w.length];
        for (int i = 0; i < w.length; i++) out[i] = (float) w[i];
        return out;
    }

    private static void check(int nx, int ny, int nz) {
        if (nx < 4 || ny < 4 || nz < 4 || ((nx | ny | nz) & 1) != 0) {
            throw new IllegalArgumentException("wavelet transform needs even sizes of at least 4, got "
                    + nx + "x" + ny + "x" + nz);
        }
    }

    private static void transformAxis(double[] w, int nx, int ny, int nz, int axis, boolean forward) {
        int n = axis == 0 ? nx : axis == 1 ? ny : nz;
        int stride = axis == 0 ? 1 : axis == 1 ? nx : nx * ny;
        int lines = nx * ny * nz / n;
        double[] line = new double[n];
        double[] low = new double[n / 2];
        double[] high = new double[n / 2];
        for (int l = 0; l < lines; l++) {
            int base;
            if (axis == 0) {
                base = l * nx;
            } else if (axis == 1) {
                base = (l / nx) * nx * ny + (l % nx);
            } else {
                base = l;
            }
            for (int i = 0; i < n; i++) line[i] = w[base + i * stride];
            if (forward) {
                analyse(line, low, high);
                for (int i = 0; i < n / 2; i++) {
                    w[base + i * stride] = low[i];
                    w[base + (i + n / 2) * stride] = high[i];
                }
            } else {
                for (int i = 0; i < n / 2; i++) {
                    low[i] = line[i];
                    high[i] = line[i + n / 2];
                }
                synthesise(low, high, line);
                for (int i = 0; i < n; i++) w[base + i * stride] = line[i];
            }
        }
    }
}
