package org.cryoet.tomo;

import java.nio.file.Path;
import java.util.Arrays;

import org.cryoet.fourier.GaussianFilter;
import org.cryoet.io.MrcReader;
import org.cryoet.util.CryoEtException;
import org.cryoet.util.Parallel;
import org.cryoet.util.Progress;
import org.cryoet.volume.Border;
import org.cryoet.volume.Statistics;
import org.cryoet.volume.Volume;

/**
 * Automatic sample mask in the style of IsoNet's {@code make_mask} as ICECREAM uses it: marks the
 * regions with dense, structured material so that training crops avoid empty ice or vacuum.
 * Steps (icecream-reference §4), on the normalised tomogram t (each input z-scored with the
 * unbiased std + 1e-8; two inputs are averaged):
 * <ol>
 * <li>bin by 2 like {@code skimage.transform.resize(t, shape // 2, anti_aliasing=True)}: Gaussian
 *     anti-aliasing σ = (n/m − 1)/2 per axis (mirror border), then linear interpolation at input
 *     coordinate (i + ½)·n/m − ½;</li>
 * <li>g = Gaussian blur of the binned volume, σ = side/2, reflecting border;</li>
 * <li>density criterion: h = max of −g over a (2·side+1)³ box (reflecting border), keep
 *     h &gt; percentile(h, 100 − density%) — the darkest (densest) neighbourhoods in cryo-ET
 *     contrast;</li>
 * <li>structure criterion: local std of g over the same box with zero padding, normalised by the
 *     true voxel count at the borders; keep std &gt; percentile(std, 100 − std%);</li>
 * <li>mask = both criteria, upsampled ×2 by nearest neighbour (a trailing odd plane stays 0); then
 *     the optional z-crop.</li>
 * </ol>
 * Percentiles use numpy's default linear interpolation. The result is a 0/1 float volume with the
 * input's calibration.
 */
public final class SampleMask {
    private SampleMask() {
    }

    /** Mask from one tomogram. */
    public static Volume compute(Volume tomo, SampleMaskOptions o) {
        return compute(tomo, null, o);
    }

    /** Mask from the average of two normalised half tomograms ({@code tomo2} may be null). */
    public static Volume compute(Volume tomo, Volume tomo2, SampleMaskOptions o) {
        return compute(tomo, tomo2, o, Progress.NONE);
    }

    /** As {@link #compute(Volume, Volume, SampleMaskOptions)}, reporting 6 steps and honouring cancellation. */
    public static Volume compute(Volume tomo, Volume tomo2, SampleMaskOptions o, Progress progress) {
        int nx = tomo.nx(), ny = tomo.ny(), nz = tomo.nz();
        if (tomo2 != null && !tomo.sameShape(tomo2)) {
            throw new CryoEtException("The two tomograms differ in size: " + tomo + " and " + tomo2);
        }
        if (nx < 2 || ny < 2 || nz < 2) {
            throw new CryoEtException("Tomogram " + tomo + " is too small for a sample mask (needs 2 voxels per axis)");
        }
        final String stage = "Sample mask";
        progress.update(stage, 0, STEPS);
        float[] t = normalised(tomo, tomo2);
        step(progress, stage, 1);
        int mx = nx / 2, my = ny / 2, mz = nz / 2;
        // 1. anti-aliased linear resize to half size
        GaussianFilter.blurInPlace(t, nx, ny, nz, aaSigma(nx, mx), aaSigma(ny, my), aaSigma(nz, mz), Border.MIRROR_SINGLE);
        float[] b = resize(t, nx, ny, nz, mx, my, mz);
        t = null;
        step(progress, stage, 2);
        // 2. smoothing
        GaussianFilter.blurInPlace(b, mx, my, mz, o.side() / 2.0, o.side() / 2.0, o.side() / 2.0, Border.MIRROR_DOUBLE);
        step(progress, stage, 3);
        int radius = o.side();
        boolean[] keep = new boolean[b.length];
        Arrays.fill(keep, true);
        // 3. local density
        if (o.densityPercentage() <= 99.8) {
            float[] h = new float[b.length];
            for (int i = 0; i < h.length; i++) h[i] = -b[i];
            boxFilter(h, mx, my, mz, radius, true);
            double thr = Statistics.percentile(h, 100 - o.densityPercentage());
            for (int i = 0; i < h.length; i++) keep[i] &= h[i] > thr;
        }
        step(progress, stage, 4);
        // 4. local standard deviation
        if (o.stdPercentage() <= 99.8) {
            float[] s1 = b.clone();
            float[] s2 = new float[b.length];
            for (int i = 0; i < b.length; i++) s2[i] = b[i] * b[i];
            boxFilter(s1, mx, my, mz, radius, false);
            boxFilter(s2, mx, my, mz, radius, false);
            float[] std = s2;
            Parallel.forEach(mz, z -> {
                double cz = inside(z, mz, radius);
                for (int y = 0; y < my; y++) {
                    double cyz = cz * inside(y, my, radius);
                    int row = mx * (y + my * z);
                    for (int x = 0; x < mx; x++) {
                        double n = cyz * inside(x, mx, radius);
                        double sum = s1[row + x];
                        double var = (s2[row + x] - sum * sum / n) / n;
                        std[row + x] = (float) Math.sqrt(Math.max(0, var));
                    }
                }
            });
            double thr = Statistics.percentile(std, 100 - o.stdPercentage());
            for (int i = 0; i < std.length; i++) keep[i] &= std[i] > thr;
        }
        step(progress, stage, 5);
        // 5. nearest-neighbour upsampling and z-crop
        Volume mask = Volume.create(nx, ny, nz, tomo.calibration());
        float[] m = mask.data();
        int crop = (int) (o.zCrop() * nz / 2);
        Parallel.forEach(nz, z -> {
            if (z / 2 >= mz || z < crop || z >= nz - crop) return;
            for (int y = 0; y < ny && y / 2 < my; y++) {
                int src = mx * (y / 2 + my * (z / 2));
                int dst = nx * (y + ny * z);
                for (int x = 0; x < nx && x / 2 < mx; x++) m[dst + x] = keep[src + x / 2] ? 1f : 0f;
            }
        });
        progress.update(stage, STEPS, STEPS);
        return mask;
    }

    private static final int STEPS = 6;

    private static void step(Progress p, String stage, int done) {
        p.checkCancelled(stage);
        p.update(stage, done, STEPS);
    }

    /**
     * Reads a user-provided mask (any MRC the reader supports) and checks that it matches the
     * tomogram's size; voxels &gt; 0.5 become 1, others 0.
     */
    public static Volume read(Path file, Volume tomogram) {
        Volume m = MrcReader.read(file);
        if (!m.sameShape(tomogram)) {
            throw new CryoEtException("Mask " + file + " is " + m + " but the tomogram is " + tomogram);
        }
        float[] d = m.data();
        for (int i = 0; i < d.length; i++) d[i] = d[i] > 0.5f ? 1f : 0f;
        m.setCalibration(tomogram.calibration());
        return m;
    }

    /** Fraction of voxels &gt; 0.5. */
    public static double fraction(Volume mask) {
        long n = 0;
        for (float v : mask.data()) if (v > 0.5f) n++;
        return n / (double) mask.size();
    }

    private static float[] normalised(Volume a, Volume b) {
        float[] out = new float[a.data().length];
        addZScored(a.data(), out, b == null ? 1 : 0.5);
        if (b != null) addZScored(b.data(), out, 0.5);
        return out;
    }

    private static void addZScored(float[] v, float[] out, double weight) {
        double sum = 0;
        for (float f : v) sum += f;
        double mean = sum / v.length, ss = 0;
        for (float f : v) ss += (f - mean) * (f - mean);
        double std = Math.sqrt(ss / Math.max(1, v.length - 1)) + 1e-8;
        double s = weight / std;
        for (int i = 0; i < v.length; i++) out[i] += (float) ((v[i] - mean) * s);
    }

    private static double aaSigma(int n, int m) {
        return Math.max(0, ((double) n / m - 1) / 2);
    }

    /** Number of in-range positions of a window [i − r, i + r] on an axis of length n. */
    private static int inside(int i, int n, int r) {
        return Math.min(n - 1, i + r) - Math.max(0, i - r) + 1;
    }

    /** Separable linear resize with grid-mode coordinates (i + ½)·n/m − ½ (scipy zoom, grid_mode). */
    static float[] resize(float[] d, int nx, int ny, int nz, int mx, int my, int mz) {
        float[] a = resizeAxis(d, new int[] {nx, ny, nz}, 0, mx);
        float[] b = resizeAxis(a, new int[] {mx, ny, nz}, 1, my);
        return resizeAxis(b, new int[] {mx, my, nz}, 2, mz);
    }

    private static float[] resizeAxis(float[] d, int[] dims, int axis, int m) {
        int n = dims[axis];
        int[] out = dims.clone();
        out[axis] = m;
        float[] r = new float[out[0] * out[1] * out[2]];
        int[] lo = new int[m], hi = new int[m];
        double[] w = new double[m];
        for (int i = 0; i < m; i++) {
            double c = (i + 0.5) * n / m - 0.5;
            int f = (int) Math.floor(c);
            w[i] = c - f;
            lo[i] = Border.MIRROR_SINGLE.index(f, n);
            hi[i] = Border.MIRROR_SINGLE.index(f + 1, n);
        }
        int inStride = axis == 0 ? 1 : axis == 1 ? dims[0] : dims[0] * dims[1];
        int outStride = axis == 0 ? 1 : axis == 1 ? out[0] : out[0] * out[1];
        // lines: every combination of the other two output coordinates
        int lines = r.length / m;
        Parallel.forEach(lines, line -> {
            int inBase, outBase;
            if (axis == 0) {
                inBase = line * dims[0];
                outBase = line * m;
            } else if (axis == 1) {
                int x = line % out[0], z = line / out[0];
                inBase = x + dims[0] * dims[1] * z;
                outBase = x + out[0] * out[1] * z;
            } else {
                inBase = line;
                outBase = line;
            }
            for (int i = 0; i < m; i++) {
                double a = d[inBase + lo[i] * inStride], b = d[inBase + hi[i] * inStride];
                r[outBase + i * outStride] = (float) (a + w[i] * (b - a));
            }
        });
        return r;
    }

    /** Separable box filter of edge 2r + 1: maximum with reflecting border, or sum with zeros outside. */
    private static void boxFilter(float[] d, int nx, int ny, int nz, int r, boolean max) {
        int[] dims = {nx, ny, nz};
        for (int axis = 0; axis < 3; axis++) {
            int n = dims[axis];
            int stride = axis == 0 ? 1 : axis == 1 ? nx : nx * ny;
            int lines = d.length / n;
            int ax = axis;
            Parallel.forEach(lines, line -> {
                int base;
                if (ax == 0) base = line * nx;
                else if (ax == 1) base = line % nx + nx * ny * (line / nx);
                else base = line;
                double[] buf = new double[n + 2 * r];
                for (int i = -r; i < n + r; i++) {
                    int j = (max ? Border.MIRROR_DOUBLE : Border.ZERO).index(i, n);
                    buf[i + r] = j < 0 ? 0 : d[base + j * stride];
                }
                for (int i = 0; i < n; i++) {
                    double acc = max ? Double.NEGATIVE_INFINITY : 0;
                    for (int k = 0; k <= 2 * r; k++) {
                        double v = buf[i + k];
                        if (max) {
                            if (v > acc) acc = v;
                        } else {
                            acc += v;
                        }
                    }
                    d[base + i * stride] = (float) acc;
                }
            });
        }
    }
}
