package org.cryoet.learn;

import org.cryoet.fourier.Fft3d;
import org.cryoet.fourier.MissingWedge;
import org.cryoet.volume.Calibration;
import org.cryoet.volume.Volume;

import java.util.Random;
import java.util.function.UnaryOperator;

/** Test data: random solid balls and spherical shells, and two noisy missing-wedge halves. */
final class SyntheticPairs {

    final int n;
    final float[] truth;
    final float[] even;
    final float[] odd;
    final double tiltMin;
    final double tiltMax;

    /**
     * @param n       cube edge (even)
     * @param objects number of balls/shells
     * @param noise   noise standard deviation relative to the truth's standard deviation
     */
    SyntheticPairs(int n, int objects, double noise, double tiltMin, double tiltMax, long seed) {
        this(n, objects, noise, tiltMin, tiltMax, seed, false);
    }

    /**
     * Test data whose missing wedge is exactly empty on the volume's own Fourier grid
     * ({@link MissingWedge}, the region every report scores), rather than the reference's wedge
     * operator on a twice-padded grid, which leaks into the wedge at the volume's edges.
     */
    static SyntheticPairs withSharpWedge(int n, int objects, double noise, double tiltMin, double tiltMax, long seed) {
        return new SyntheticPairs(n, objects, noise, tiltMin, tiltMax, seed, true);
    }

    private SyntheticPairs(int n, int objects, double noise, double tiltMin, double tiltMax, long seed,
                           boolean sharpWedge) {
        this.n = n;
        this.tiltMin = tiltMin;
        this.tiltMax = tiltMax;
        Random r = new Random(seed);
        truth = new float[n * n * n];
        for (int o = 0; o < objects; o++) {
            double cx = 4 + r.nextDouble() * (n - 8);
            double cy = 4 + r.nextDouble() * (n - 8);
            double cz = n * 0.2 + r.nextDouble() * n * 0.6;
            double rad = 2 + r.nextDouble() * 4;
            boolean shell = r.nextBoolean();
            double amp = 0.5 + 0.5 * r.nextDouble();
            int lo = (int) Math.floor(-rad - 1);
            int hi = (int) Math.ceil(rad + 1);
            for (int dz = lo; dz <= hi; dz++) for (int dy = lo; dy <= hi; dy++) for (int dx = lo; dx <= hi; dx++) {
                int x = (int) Math.round(cx) + dx;
                int y = (int) Math.round(cy) + dy;
                int z = (int) Math.round(cz) + dz;
                if (x < 0 || y < 0 || z < 0 || x >= n || y >= n || z >= n) continue;
                double d = Math.sqrt((x - cx) * (x - cx) + (y - cy) * (y - cy) + (z - cz) * (z - cz));
                boolean in = shell ? Math.abs(d - rad) < 0.9 : d < rad;
                if (in) truth[x + n * (y + n * z)] -= (float) amp;
            }
        }
        double std = std(truth);
        UnaryOperator<float[]> wedge;
        if (sharpWedge) {
            boolean[] measured = MissingWedge.measuredBits(n, n, n, tiltMin, tiltMax);
            wedge = v -> {
                float[] f = Fft3d.forward(v, n, n, n);
                for (int i = 0; i < measured.length; i++) {
                    if (!measured[i]) {
                        f[2 * i] = 0;
                        f[2 * i + 1] = 0;
                    }
                }
                return Fft3d.inverseReal(f, n, n, n, Calibration.UNIT).data();
            };
        } else {
            WedgeOperator pm = WedgeOperator.missingWedge(n, tiltMin, tiltMax);
            wedge = v -> pm.apply(v, 1);
        }
        even = noisyHalf(r, noise * std, wedge);
        odd = noisyHalf(r, noise * std, wedge);
    }

    private float[] noisyHalf(Random r, double sigma, UnaryOperator<float[]> wedge) {
        float[] v = new float[truth.length];
        for (int i = 0; i < v.length; i++) v[i] = truth[i] + (float) (sigma * r.nextGaussian());
        return wedge.apply(v);
    }

    TrainingPair pair() {
        return new TrainingPair(Volume.wrap(even.clone(), n, n, n, Calibration.UNIT),
                Volume.wrap(odd.clone(), n, n, n, Calibration.UNIT), tiltMin, tiltMax, null, "synthetic");
    }

    /** (v - mean) / std over the whole volume, as the training normalisation. */
    static float[] zscore(float[] v) {
        double s = 0;
        for (float x : v) s += x;
        double m = s / v.length;
        double sd = std(v);
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) out[i] = (float) ((v[i] - m) / sd);
        return out;
    }

    static double std(float[] v) {
        double s = 0;
        double ss = 0;
        for (float x : v) {
            s += x;
            ss += (double) x * x;
        }
        double m = s / v.length;
        return Math.sqrt(ss / v.length - m * m);
    }

    static double cc(float[] a, float[] b) {
        double ma = 0;
        double mb = 0;
        for (int i = 0; i < a.length; i++) {
            ma += a[i];
            mb += b[i];
        }
        ma /= a.length;
        mb /= b.length;
        double sab = 0;
        double saa = 0;
        double sbb = 0;
        for (int i = 0; i < a.length; i++) {
            double x = a[i] - ma;
            double y = b[i] - mb;
            sab += x * y;
            saa += x * x;
            sbb += y * y;
        }
        return sab / Math.sqrt(saa * sbb);
    }

    /** Separable Gaussian filter with clamped borders. */
    static float[] gaussian(float[] v, int n, double sigma) {
        int rad = (int) Math.ceil(3 * sigma);
        double[] k = new double[2 * rad + 1];
        double sum = 0;
        for (int i = -rad; i <= rad; i++) {
            k[i + rad] = Math.exp(-0.5 * i * i / (sigma * sigma));
            sum += k[i + rad];
        }
        for (int i = 0; i < k.length; i++) k[i] /= sum;
        float[] cur = v.clone();
        int[] strides = {1, n, n * n};
        for (int axis = 0; axis < 3; axis++) {
            float[] out = new float[cur.length];
            int st = strides[axis];
            for (int z = 0; z < n; z++) for (int y = 0; y < n; y++) for (int x = 0; x < n; x++) {
                int[] c = {x, y, z};
                int base = x + n * (y + n * z);
                double acc = 0;
                for (int i = -rad; i <= rad; i++) {
                    int p = Math.min(n - 1, Math.max(0, c[axis] + i));
                    acc += k[i + rad] * cur[base + (p - c[axis]) * st];
                }
                out[base] = (float) acc;
            }
            cur = out;
        }
        return cur;
    }
}
