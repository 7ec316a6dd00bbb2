package org.cryoet.learn.cryolithe;

import org.jtransforms.fft.DoubleFFT_1D;

/**
 * The learned ramp-type filter that CryoLithe applies to every projection line along x before
 * sampling patches (the "filtering" step of filtered back-projection, with a learned response).
 *
 * <p>The response is a real, even function of frequency given by control points at
 * f_c = 0.5 c / (C - 1) cycles/pixel, linearly interpolated in between, so one set of weights
 * serves every detector width. A line of width W is zero-padded to L = 2W (circular convolution
 * then never wraps data onto data) and multiplied by the response at f = k / L. Initial response:
 * the cosine ramp 2 f cos(pi f) (zero at f = 0 and at Nyquist, like the paper's "cosine" filter).
 *
 * <p>Two equivalent evaluations: {@link #apply} (FFT, for reconstruction of any size) and
 * {@link #circulantBasis} (a matrix linear in the control points, so that training can
 * differentiate through the filter with plain matrix products).
 */
public final class ProjectionFilter1d {
    private ProjectionFilter1d() {
    }

    /** The cosine ramp 2 f cos(pi f) at the control points. */
    public static float[] cosineRamp(int points) {
        float[] c = new float[points];
        for (int i = 0; i < points; i++) {
            double f = 0.5 * i / (points - 1);
            c[i] = (float) (2 * f * Math.cos(Math.PI * f));
        }
        return c;
    }

    /** Weight of control point c in the response at frequency f (cycles/pixel, 0..0.5): a hat function. */
    static double hat(int c, int points, double f) {
        double pos = f * 2 * (points - 1);
        double d = Math.abs(pos - c);
        return d >= 1 ? 0 : 1 - d;
    }

    /** The response at FFT bins k = 0 .. L/2 of a padded length L. */
    public static double[] response(float[] control, int paddedLength) {
        int half = paddedLength / 2;
        double[] h = new double[half + 1];
        int n = control.length;
        for (int k = 0; k <= half; k++) {
            double pos = (double) k / paddedLength * 2 * (n - 1);
            int i = Math.min((int) Math.floor(pos), n - 2);
            double t = pos - i;
            h[k] = (1 - t) * control[i] + t * control[i + 1];
        }
        return h;
    }

    /**
     * Filters {@code lines} rows of width {@code width} stored consecutively in {@code data}, in place.
     * Each row is zero-padded to 2 x width.
     */
    public static void apply(float[] data, int width, int lines, float[] control) {
        int l = 2 * width;
        double[] h = response(control, l);
        int chunk = 64;
        int chunks = (lines + chunk - 1) / chunk;
        org.cryoet.util.Parallel.forEach(chunks, ch -> {
            int from = ch * chunk;
            int to = Math.min(lines, from + chunk);
            DoubleFFT_1D fft = new DoubleFFT_1D(l);
            double[] a = new double[l];
            for (int r = from; r < to; r++) {
                java.util.Arrays.fill(a, 0);
                int off = r * width;
                for (int i = 0; i < width; i++) a[i] = data[off + i];
                fft.realForward(a);
                a[0] *= h[0];
                a[1] *= h[l / 2];
                for (int k = 1; k < l / 2; k++) {
                    a[2 * k] *= h[k];
                    a[2 * k + 1] *= h[k];
                }
                fft.realInverse(a, true);
                for (int i = 0; i < width; i++) data[off + i] = (float) a[i];
            }
        });
    }

    /**
     * Basis B (points x width*width, row-major) such that the filtered row is x . K with
     * K = reshape(control . B, width, width): K[i][j] = g[(j - i) mod 2W], g the impulse response.
     */
    public static float[] circulantBasis(int points, int width) {
        int l = 2 * width;
        float[] basis = new float[points * width * width];
        double[] g = new double[l];
        for (int c = 0; c < points; c++) {
            // Impulse response of the hat function of control point c (real, even spectrum).
            for (int m = 0; m < l; m++) {
                double s = 0;
                for (int k = 0; k < l; k++) {
                    int kk = Math.min(k, l - k);
                    double w = hat(c, points, (double) kk / l);
                    if (w != 0) s += w * Math.cos(2 * Math.PI * k * m / l);
                }
                g[m] = s / l;
            }
            int off = c * width * width;
            for (int i = 0; i < width; i++) {
                for (int j = 0; j < width; j++) basis[off + i * width + j] = (float) g[Math.floorMod(j - i, l)];
            }
        }
        return basis;
    }
}
