package org.cryoet.fourier;

import java.util.List;

import org.cryoet.util.CryoEtException;
import org.cryoet.util.Parallel;
import org.cryoet.volume.Volume;

/**
 * Real-space quality metrics, accumulated in double precision, multi-threaded over z sections.
 * Definitions are in doc/metrics.md.
 */
public final class Metrics {
    private Metrics() {
    }

    /** An axis-aligned box of voxels: origin (x0, y0, z0) and size (sx, sy, sz), all in voxels. */
    public record Box(int x0, int y0, int z0, int sx, int sy, int sz) {
        public Box {
            if (sx <= 0 || sy <= 0 || sz <= 0) throw new CryoEtException("Box size must be positive: " + sx + "x" + sy + "x" + sz);
        }

        /** A box of edge {@code size} centred on voxel (cx, cy, cz) (for even sizes the centre is the upper middle). */
        public static Box centred(int cx, int cy, int cz, int size) {
            return new Box(cx - size / 2, cy - size / 2, cz - size / 2, size, size, size);
        }

        long voxels() {
            return (long) sx * sy * sz;
        }
    }

    /** Pearson correlation over all voxels. */
    public static double pearson(Volume a, Volume b) {
        return pearson(a, b, null);
    }

    /**
     * Pearson correlation Σ(a−ā)(b−b̄)/sqrt(Σ(a−ā)²·Σ(b−b̄)²) over the voxels where the real-space
     * mask is &gt; 0.5 (all voxels when mask is null). Two passes (means, then centred sums).
     */
    public static double pearson(Volume a, Volume b, Volume mask) {
        checkShape(a, b);
        if (mask != null) checkShape(a, mask);
        float[] x = a.data(), y = b.data();
        float[] m = mask == null ? null : mask.data();
        int nz = a.nz(), plane = a.nx() * a.ny();
        double[][] s = new double[nz][];
        Parallel.forEach(nz, z -> {
            double sx = 0, sy = 0, n = 0;
            for (int i = z * plane, e = i + plane; i < e; i++) {
                if (m != null && !(m[i] > 0.5f)) continue;
                sx += x[i];
                sy += y[i];
                n++;
            }
            s[z] = new double[] {sx, sy, n};
        });
        double sx = 0, sy = 0, n = 0;
        for (double[] p : s) {
            sx += p[0];
            sy += p[1];
            n += p[2];
        }
        if (n < 2) throw new CryoEtException("Correlation needs at least two voxels inside the mask");
        double mx = sx / n, my = sy / n;
        Parallel.forEach(nz, z -> {
            double xy = 0, xx = 0, yy = 0;
            for (int i = z * plane, e = i + plane; i < e; i++) {
                if (m != null && !(m[i] > 0.5f)) continue;
                double dx = x[i] - mx, dy = y[i] - my;
                xy += dx * dy;
                xx += dx * dx;
                yy += dy * dy;
            }
            s[z] = new double[] {xy, xx, yy};
        });
        double xy = 0, xx = 0, yy = 0;
        for (double[] p : s) {
            xy += p[0];
            xx += p[1];
            yy += p[2];
        }
        return xy / Math.sqrt(xx * yy);
    }

    /** Mean squared error between a and b over all voxels. */
    public static double mse(Volume a, Volume b) {
        checkShape(a, b);
        float[] x = a.data(), y = b.data();
        int nz = a.nz(), plane = a.nx() * a.ny();
        double[] s = new double[nz];
        Parallel.forEach(nz, z -> {
            double acc = 0;
            for (int i = z * plane, e = i + plane; i < e; i++) {
                double d = x[i] - y[i];
                acc += d * d;
            }
            s[z] = acc;
        });
        double sum = 0;
        for (double v : s) sum += v;
        return sum / x.length;
    }

    /**
     * Peak signal-to-noise ratio in dB of {@code estimate} against {@code truth}:
     * 10·log10(range² / MSE), range = max − min of the truth.
     */
    public static double psnr(Volume estimate, Volume truth) {
        var st = org.cryoet.volume.Statistics.of(truth.data());
        double range = st.max() - st.min();
        return 10 * Math.log10(range * range / mse(estimate, truth));
    }

    /**
     * SNR in dB from paired signal and background boxes (Topaz-Denoise, Bepler et al. 2020, Eq. 4;
     * used by paper 001): (10/N) Σ_i log10((mean(s_i) − mean(b_i))² / var(b_i)), with the population
     * variance of the background box. Boxes must lie inside the volume.
     */
    public static double snr(Volume v, List<Box> signalBoxes, List<Box> backgroundBoxes) {
        if (signalBoxes.size() != backgroundBoxes.size() || signalBoxes.isEmpty()) {
            throw new CryoEtException("SNR needs the same positive number of signal and background boxes, got "
                    + signalBoxes.size() + " and " + backgroundBoxes.size());
        }
        double sum = 0;
        for (int i = 0; i < signalBoxes.size(); i++) {
            double[] s = boxMoments(v, signalBoxes.get(i));
            double[] b = boxMoments(v, backgroundBoxes.get(i));
            double contrast = s[0] - b[0];
            sum += Math.log10(contrast * contrast / b[1]);
        }
        return 10 * sum / signalBoxes.size();
    }

    /** Mean and population variance inside a box. */
    static double[] boxMoments(Volume v, Box b) {
        if (b.x0() < 0 || b.y0() < 0 || b.z0() < 0 || b.x0() + b.sx() > v.nx() || b.y0() + b.sy() > v.ny()
                || b.z0() + b.sz() > v.nz()) {
            throw new CryoEtException("Box " + b + " is not inside the volume " + v);
        }
        float[] d = v.data();
        double sum = 0;
        for (int z = b.z0(); z < b.z0() + b.sz(); z++) {
            for (int y = b.y0(); y < b.y0() + b.sy(); y++) {
                int row = v.index(0, y, z);
                for (int x = b.x0(); x < b.x0() + b.sx(); x++) sum += d[row + x];
            }
        }
        double mean = sum / b.voxels();
        double ss = 0;
        for (int z = b.z0(); z < b.z0() + b.sz(); z++) {
            for (int y = b.y0(); y < b.y0() + b.sy(); y++) {
                int row = v.index(0, y, z);
                for (int x = b.x0(); x < b.x0() + b.sx(); x++) {
                    double dv = d[row + x] - mean;
                    ss += dv * dv;
                }
            }
        }
        return new double[] {mean, ss / b.voxels()};
    }

    private static void checkShape(Volume a, Volume b) {
        if (!a.sameShape(b)) {
            throw new CryoEtException("Volumes differ in size: " + a + " and " + b);
        }
    }
}
