package org.cryoet.tomo;

import org.jtransforms.fft.FloatFFT_1D;

/**
 * The 1D weighting applied to each projection line before back-projection, and its application
 * through zero-padded real FFTs.
 *
 * <p>Weights are first built in Fourier index units of the padded length N, as IMOD's
 * {@code tilt} does: w(k) = k for k = 1..N/2 and w(0) = 0.2 (the value of Kak and Slaney's discrete
 * ramp at zero frequency, which keeps the mean density). RADIAL keeps the ramp up to the cutoff
 * index kc and continues it as w(kc) exp(-(k-kc)^2 / (2 sigma^2)) (IMOD RADIAL with
 * FalloffIsTrueSigma 1). SIRT_LIKE multiplies the ramp by 1 - max(0, 1 - a/w(k))^n, the transfer
 * function of n Landweber/SIRT iterations started from zero (Zeng 2012), with a = N cos(theta) /
 * (nViews dTheta T) from SIRT's normalisation by ray length (T / cos theta) and by the number of views.
 * Finally the weights are converted to cycles/pixel (divided by N) and multiplied by the view's
 * angular weight dTheta in radians, so that the back-projected sum is the inverse Radon transform
 * with unit scale: a unit-density object reconstructs to 1.
 */
public final class ProjectionFilter {
    /** Kak and Slaney's zero-frequency weight, in Fourier index units (IMOD's RADWT). */
    static final double ZERO_FREQUENCY_WEIGHT = 0.2;

    private ProjectionFilter() {
    }

    /**
     * Padded FFT length for lines of {@code width} pixels: at least twice the width (so the
     * circular convolution never wraps data onto data), even, and a product of 2, 3 and 5; a power
     * of two when that is at most 25 % longer.
     */
    public static int paddedLength(int width) {
        int min = Math.max(16, 2 * width);
        int n = min;
        while (!smooth(n)) n += 2;
        // JTransforms is markedly faster on powers of two (e.g. 2048 vs 1920: 23 vs 40 us per line)
        int pow2 = Integer.highestOneBit(min - 1) << 1;
        return pow2 <= 1.25 * min ? pow2 : n;
    }

    private static boolean smooth(int n) {
        for (int p : new int[] {2, 3, 5}) {
            while (n % p == 0) n /= p;
        }
        return n == 1;
    }

    /** Converts a RADIAL value (cycles/pixel below 1, else Fourier pixels out of width/2) to cycles/pixel. */
    public static double cyclesPerPixel(double value, int width) {
        return value >= 1 ? value / width : value;
    }

    /**
     * The ramp or RADIAL weights in Fourier index units for k = 0..padded/2 (no angular factor,
     * no SIRT shaping).
     */
    public static double[] indexWeights(FbpOptions o, int width, int padded) {
        int half = padded / 2;
        double[] w = new double[half + 1];
        w[0] = ZERO_FREQUENCY_WEIGHT;
        for (int k = 1; k <= half; k++) w[k] = k;
        if (o.filter() == FbpOptions.FilterType.RADIAL) {
            double kc = cyclesPerPixel(o.radialCutoff(), width) * padded;
            double sigma = cyclesPerPixel(o.radialFalloff(), width) * padded;
            for (int k = 1; k <= half; k++) {
                if (k <= kc) continue;
                if (sigma <= 0) {
                    w[k] = 0;
                } else {
                    double d = (k - kc) / sigma;
                    w[k] = kc * Math.exp(-0.5 * d * d);
                }
            }
        }
        return w;
    }

    /**
     * The weights applied to one view's lines, for k = 0..padded/2, in cycles/pixel times the
     * view's angular weight (radians).
     *
     * @param cosTheta    cosine of the view's tilt (SIRT_LIKE only)
     * @param angleWeight the view's share of the angular range, radians
     * @param nViews      number of views (SIRT_LIKE only)
     * @param thickness   output thickness in voxels (SIRT_LIKE only)
     */
    public static double[] viewWeights(FbpOptions o, int width, int padded, double cosTheta, double angleWeight,
                                       int nViews, int thickness) {
        double[] w = indexWeights(o, width, padded);
        if (o.filter() == FbpOptions.FilterType.SIRT_LIKE) {
            double a = padded * Math.max(cosTheta, 1e-3) / (nViews * Math.max(angleWeight, 1e-9) * thickness);
            for (int k = 0; k < w.length; k++) {
                double r = Math.max(0, 1 - a / w[k]);
                w[k] *= 1 - Math.pow(r, o.sirtIterations());
            }
        }
        for (int k = 0; k < w.length; k++) w[k] *= angleWeight / padded;
        return w;
    }

    /**
     * Reusable per-thread state for filtering lines of one width: an FFT plan and a work buffer.
     * Not thread-safe; create one per worker.
     */
    public static final class LineFilter {
        private final int width;
        private final int padded;
        private final FloatFFT_1D fft;
        private final float[] buf;

        public LineFilter(int width) {
            this.width = width;
            this.padded = paddedLength(width);
            this.fft = new FloatFFT_1D(padded);
            this.buf = new float[padded];
        }

        public int padded() {
            return padded;
        }

        /**
         * Filters {@code width} samples of {@code src} from {@code srcOff} with the weights
         * (k = 0..padded/2) and writes them to {@code dst} at {@code dstOff}. The padding holds a
         * linear ramp from the last sample back to the first (IMOD's taper), so data that are not
         * zero at the edges do not make a step; data that are zero at the edges are zero-padded.
         */
        public void filter(float[] src, int srcOff, float[] weights, float[] dst, int dstOff) {
            System.arraycopy(src, srcOff, buf, 0, width);
            float last = src[srcOff + width - 1];
            float first = src[srcOff];
            int pad = padded - width;
            for (int i = 0; i < pad; i++) {
                float t = (i + 1) / (float) (pad + 1);
                buf[width + i] = last + t * (first - last);
            }
            fft.realForward(buf);
            // JTransforms packing for even n: [Re0, Re(n/2), Re1, Im1, Re2, Im2, ...]
            buf[0] *= weights[0];
            buf[1] *= weights[padded / 2];
            for (int k = 1; k < padded / 2; k++) {
                float wk = weights[k];
                buf[2 * k] *= wk;
                buf[2 * k + 1] *= wk;
            }
            fft.realInverse(buf, true);
            System.arraycopy(buf, 0, dst, dstOff, width);
        }
    }
}
