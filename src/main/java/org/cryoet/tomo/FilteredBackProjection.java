package org.cryoet.tomo;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;

import org.cryoet.util.CryoEtException;
import org.cryoet.util.Parallel;
import org.cryoet.util.Progress;
import org.cryoet.volume.Calibration;
import org.cryoet.volume.Volume;

/**
 * Weighted (filtered) back-projection for single-axis tilt series, tilt axis = y.
 *
 * <p>Geometry (whole project): a voxel at centred coordinates (x, y, z) projects at tilt theta to
 * detector u = x cos(theta) - z sin(theta), row y; centres of every axis at (N-1)/2. The
 * reconstruction is rec(x, y, z) = sum over views of q_v(u), where q_v is the filtered projection
 * line (see {@link ProjectionFilter}; the view's angular weight is folded into the filter).
 *
 * <p>Interpolation, chosen so the innermost loop is a branch-free, unit-stride multiply-add (as
 * IMOD's cosine stretching): for every view and row, the filtered line is resampled once onto a
 * grid of spacing cos(theta) anchored at detector pixel 0, u_j = j cos(theta), with Catmull-Rom
 * cubic interpolation (S_j). Along an output x-line (fixed y, z) the grid index is
 * j = x + g(z), with a constant fraction f, so the value is (1-f) S_[x+G] + f S_[x+G+1]. At 0
 * degrees this is exactly linear interpolation of the line; at higher tilts the linear step is
 * over a finer grid. Views steeper than {@value #STRETCH_MIN_COS} in cosine resample only the
 * window each line needs; views at 90 degrees use the cubic value directly (constant along x).
 */
public final class FilteredBackProjection {
    /** Zeros on both sides of a line copy, so every cubic tap that can matter is inside the array. */
    private static final int ROW_PAD = 3;
    /** Below this cos(theta) a whole stretched line would be long, so each x-line gets its own window. */
    static final double STRETCH_MIN_COS = 0.25;
    /** When cos(theta) * nx is below this, u moves by less than this along x: the line is constant. */
    static final double CONSTANT_LINE = 1e-4;

    private FilteredBackProjection() {
    }

    /**
     * Reconstructs a tomogram (width x ny x thickness, after binning) from a tilt series (views
     * along z) and its angles in degrees. Voxel size: x and z = tilt-series pixel x times binning,
     * y = pixel y times binning; origin kept.
     */
    public static Volume reconstruct(Volume tiltSeries, double[] anglesDeg, FbpOptions opts, Progress progress) {
        checkInputs(tiltSeries, anglesDeg);
        Progress p = progress == null ? Progress.NONE : progress;
        int b = opts.binning();
        Volume proj = b > 1 ? bin(tiltSeries, b) : tiltSeries;
        int width = opts.width() > 0 ? opts.width() : proj.nx();
        int nz = opts.thickness() > 0 ? opts.thickness() : width;
        Calibration c = tiltSeries.calibration();
        Calibration outCal = new Calibration(c.voxelX() * b, c.voxelY() * b, c.voxelX() * b,
                c.originX(), c.originY(), c.originZ());
        Volume filtered = filter(proj, anglesDeg, opts, nz, p);
        if (b > 1) {
            // line integrals of the binned images are still in unbinned pixel lengths; dividing by
            // the binning keeps densities per voxel independent of the binning
            float[] d = filtered.data();
            Parallel.forEach(filtered.nz(), v -> {
                int n = filtered.nx() * filtered.ny();
                for (int i = v * n; i < (v + 1) * n; i++) d[i] /= b;
            });
        }
        Volume out = Volume.create(width, proj.ny(), nz, outCal);
        backProject(filtered, anglesDeg, out, p);
        return out;
    }

    static void checkInputs(Volume ts, double[] anglesDeg) {
        if (anglesDeg.length != ts.nz()) {
            throw new CryoEtException("Tilt series has " + ts.nz() + " images but " + anglesDeg.length
                    + " angles were given");
        }
        for (double a : anglesDeg) {
            if (!Double.isFinite(a) || Math.abs(a) > 90) {
                throw new CryoEtException("Tilt angle " + a + " is outside -90..90 degrees");
            }
        }
    }

    /**
     * Each view's share of the angular range in radians: the mean of the gaps to its neighbours in
     * angle order (an end view takes its one gap), so evenly spaced views all weigh one step and
     * unevenly spaced ones are weighted by local density (like IMOD's DENSWEIGHT). If the total
     * exceeds pi (e.g. -90..90 holds the same projection twice) it is scaled to pi.
     */
    public static double[] angleWeights(double[] anglesDeg) {
        int n = anglesDeg.length;
        double[] w = new double[n];
        if (n == 1) {
            w[0] = Math.PI;
            return w;
        }
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) order[i] = i;
        Arrays.sort(order, (a, b) -> Double.compare(anglesDeg[a], anglesDeg[b]));
        double total = 0;
        for (int r = 0; r < n; r++) {
            double left = r > 0 ? anglesDeg[order[r]] - anglesDeg[order[r - 1]] : -1;
            double right = r < n - 1 ? anglesDeg[order[r + 1]] - anglesDeg[order[r]] : -1;
            double g = left < 0 ? right : right < 0 ? left : 0.5 * (left + right);
            w[order[r]] = Math.toRadians(g);
            total += w[order[r]];
        }
        if (total <= 0) {
            Arrays.fill(w, Math.PI / n);
        } else if (total > Math.PI) {
            for (int i = 0; i < n; i++) w[i] *= Math.PI / total;
        }
        return w;
    }

    /**
     * Filters every line of the projections (x along the line), returning a new stack of the same
     * size. The angular weights and the thickness (for SIRT_LIKE) are folded into the filter.
     */
    public static Volume filter(Volume proj, double[] anglesDeg, FbpOptions opts, int thickness, Progress progress) {
        checkInputs(proj, anglesDeg);
        Progress p = progress == null ? Progress.NONE : progress;
        int w = proj.nx(), ny = proj.ny(), nv = proj.nz();
        int padded = ProjectionFilter.paddedLength(w);
        double[] aw = angleWeights(anglesDeg);
        float[][] weights = new float[nv][];
        for (int v = 0; v < nv; v++) {
            double[] d = ProjectionFilter.viewWeights(opts, w, padded, Math.cos(Math.toRadians(anglesDeg[v])), aw[v],
                    nv, thickness);
            weights[v] = new float[d.length];
            for (int k = 0; k < d.length; k++) weights[v][k] = (float) d[k];
        }
        Volume out = proj.like();
        float[] src = proj.data();
        float[] dst = out.data();
        int rows = ny * nv;
        int chunks = Math.min(rows, Parallel.threads() * 16);
        AtomicInteger done = new AtomicInteger();
        Parallel.forEach(chunks, chunk -> {
            p.checkCancelled("Filtering");
            ProjectionFilter.LineFilter lf = new ProjectionFilter.LineFilter(w);
            int r0 = (int) ((long) rows * chunk / chunks), r1 = (int) ((long) rows * (chunk + 1) / chunks);
            for (int r = r0; r < r1; r++) {
                int v = r / ny;
                lf.filter(src, r * w, weights[v], dst, r * w);
            }
            p.update("Filtering", done.addAndGet(r1 - r0), rows);
        });
        return out;
    }

    /**
     * Back-projects filtered projections (width x ny x views) into {@code out} (adding to what it
     * holds). {@code out.ny()} must equal the projections' ny; out's x and z are centred on the
     * detector centre and the tilt axis.
     */
    public static void backProject(Volume filtered, double[] anglesDeg, Volume out, Progress progress) {
        checkInputs(filtered, anglesDeg);
        if (filtered.ny() != out.ny()) {
            throw new IllegalArgumentException("projections have " + filtered.ny() + " rows, output " + out.ny());
        }
        Progress p = progress == null ? Progress.NONE : progress;
        final int w = filtered.nx(), ny = out.ny(), nv = filtered.nz(), nx = out.nx(), nz = out.nz();
        final double cu = (w - 1) / 2.0, cx = (nx - 1) / 2.0, cz = (nz - 1) / 2.0;
        final double[] cos = new double[nv], sin = new double[nv], sOverC = new double[nv];
        final int[] jLo = new int[nv], len = new int[nv], mode = new int[nv];
        for (int v = 0; v < nv; v++) {
            double t = Math.toRadians(anglesDeg[v]);
            double c = Math.cos(t), s = Math.sin(t);
            cos[v] = c;
            sin[v] = s;
            if (c * nx < CONSTANT_LINE) {
                mode[v] = 2;
            } else if (c < STRETCH_MIN_COS) {
                mode[v] = 1;
                sOverC[v] = s / c;
            } else {
                mode[v] = 0;
                sOverC[v] = s / c;
                // grid samples with u <= -2 or u >= w + 1 are zero: the cubic reaches 2 pixels
                jLo[v] = (int) Math.floor(-2 / c);
                int jHi = (int) Math.ceil((w + 1) / c);
                len[v] = jHi - jLo[v] + 1;
            }
        }
        // The grid positions are the same for every row y: precompute the cubic taps once per view
        // (first tap index into a row padded by ROW_PAD zeros, and the 4 weights).
        final int[][] tapIdx = new int[nv][];
        final float[][] tapW = new float[nv][];
        for (int v = 0; v < nv; v++) {
            if (mode[v] != 0) continue;
            tapIdx[v] = new int[len[v]];
            tapW[v] = new float[4 * len[v]];
            for (int i = 0; i < len[v]; i++) {
                double u = (jLo[v] + i) * cos[v];
                double fl = Math.floor(u);
                if (fl < -2 || fl > w) continue; // all taps outside the line: weights stay 0
                double t = u - fl;
                tapIdx[v][i] = (int) fl - 1 + ROW_PAD;
                float[] k = tapW[v];
                k[4 * i] = (float) catmullRom(t + 1);
                k[4 * i + 1] = (float) catmullRom(t);
                k[4 * i + 2] = (float) catmullRom(1 - t);
                k[4 * i + 3] = (float) catmullRom(2 - t);
            }
        }
        final float[] src = filtered.data();
        final float[] dst = out.data();
        int chunks = Math.min(ny, Parallel.threads() * 8);
        AtomicInteger done = new AtomicInteger();
        Parallel.forEach(chunks, chunk -> {
            // Stretched lines with nx zeros of margin on both sides, so any x-line that touches the
            // detector reads a full window of nx samples: s0[v][nx + i] = S_(jLo + i), s1 = s0 shifted by one.
            float[][] s0 = new float[nv][], s1 = new float[nv][];
            for (int v = 0; v < nv; v++) {
                if (mode[v] == 0) {
                    s0[v] = new float[len[v] + 2 * nx + 1];
                    s1[v] = new float[len[v] + 2 * nx + 1];
                }
            }
            // The output line travels through one scratch buffer: for each view it is moved to the
            // view's window position, so the update indexes buffer and stretched line alike (C2
            // vectorises the update only when every array shares one index) - one move per view
            // instead of copying both taps.
            int bufLen = nx + 1;
            for (int v = 0; v < nv; v++) if (mode[v] == 0) bufLen = Math.max(bufLen, s0[v].length);
            float[] buf = new float[bufLen];
            float[] w0 = new float[nx + 1];
            float[] row = new float[w + 2 * ROW_PAD];
            int y0 = (int) ((long) ny * chunk / chunks), y1 = (int) ((long) ny * (chunk + 1) / chunks);
            for (int y = y0; y < y1; y++) {
                p.checkCancelled("Back-projecting");
                for (int v = 0; v < nv; v++) {
                    if (mode[v] != 0) continue;
                    float[] sv = s0[v];
                    System.arraycopy(src, w * (y + ny * v), row, ROW_PAD, w);
                    int[] ti = tapIdx[v];
                    float[] tw = tapW[v];
                    for (int i = 0; i < ti.length; i++) {
                        int k = ti[i];
                        sv[nx + i] = tw[4 * i] * row[k] + tw[4 * i + 1] * row[k + 1] + tw[4 * i + 2] * row[k + 2]
                                + tw[4 * i + 3] * row[k + 3];
                    }
                    System.arraycopy(sv, 1, s1[v], 0, sv.length - 1);
                }
                for (int z = 0; z < nz; z++) {
                    int o = nx * (y + ny * z);
                    double dz = z - cz;
                    int at = 0; // where the line currently sits in buf
                    System.arraycopy(dst, o, buf, at, nx);
                    for (int v = 0; v < nv; v++) {
                        if (mode[v] == 0) {
                            double g = cu / cos[v] - cx - dz * sOverC[v];
                            double gf = Math.floor(g);
                            float f = (float) (g - gf);
                            int off = (int) gf - jLo[v] + nx; // index of x = 0 in s0[v]
                            if (off < 0 || off + nx > s0[v].length) continue; // line misses the detector
                            System.arraycopy(buf, at, buf, off, nx);
                            at = off;
                            accumulate(buf, s0[v], s1[v], 1 - f, f, off, off + nx);
                        } else if (mode[v] == 1) {
                            double g = cu / cos[v] - cx - dz * sOverC[v];
                            double gf = Math.floor(g);
                            // line entirely off the detector (cubic support is (-2, w + 1))
                            if ((gf + nx) * cos[v] <= -2 || gf * cos[v] >= w + 1) continue;
                            int rowOff = w * (y + ny * v);
                            for (int i = 0; i <= nx; i++) w0[i] = cubic(src, rowOff, w, (gf + i) * cos[v]);
                            float f = (float) (g - gf), a = 1 - f;
                            for (int x = 0; x < nx; x++) buf[at + x] += a * w0[x] + f * w0[x + 1];
                        } else {
                            float val = cubic(src, w * (y + ny * v), w, cu - dz * sin[v]);
                            if (val != 0) for (int x = 0; x < nx; x++) buf[at + x] += val;
                        }
                    }
                    System.arraycopy(buf, at, dst, o, nx);
                }
                p.update("Back-projecting", done.incrementAndGet(), ny);
            }
        });
    }

    /** The hot loop: d[i] += a t0[i] + b t1[i] for i in [from, to). Unit stride, no branches, one index. */
    private static void accumulate(float[] d, float[] t0, float[] t1, float a, float b, int from, int to) {
        for (int i = from; i < to; i++) {
            d[i] = d[i] + a * t0[i] + b * t1[i];
        }
    }

    /** The Catmull-Rom kernel at distance d (support |d| < 2). */
    static double catmullRom(double d) {
        double a = Math.abs(d);
        if (a <= 1) return (1.5 * a - 2.5) * a * a + 1;
        if (a < 2) return ((-0.5 * a + 2.5) * a - 4) * a + 2;
        return 0;
    }

    /**
     * Catmull-Rom cubic interpolation of line {@code d[off .. off+w)} at position u (pixel
     * index), with zeros outside the line; exact at integer u.
     */
    static float cubic(float[] d, int off, int w, double u) {
        double fl = Math.floor(u);
        if (fl < -2 || fl > w) return 0;
        int i = (int) fl;
        double t = u - fl, t2 = t * t, t3 = t2 * t;
        double wm = 0.5 * (-t3 + 2 * t2 - t);
        double w0 = 0.5 * (3 * t3 - 5 * t2 + 2);
        double w1 = 0.5 * (-3 * t3 + 4 * t2 + t);
        double w2 = 0.5 * (t3 - t2);
        if (i >= 1 && i + 2 < w) {
            int k = off + i;
            return (float) (wm * d[k - 1] + w0 * d[k] + w1 * d[k + 1] + w2 * d[k + 2]);
        }
        double s = 0;
        if (i - 1 >= 0 && i - 1 < w) s += wm * d[off + i - 1];
        if (i >= 0 && i < w) s += w0 * d[off + i];
        if (i + 1 >= 0 && i + 1 < w) s += w1 * d[off + i + 1];
        if (i + 2 >= 0 && i + 2 < w) s += w2 * d[off + i + 2];
        return (float) s;
    }

    /**
     * Average-bins every image of a stack by {@code n} in x and y (a remainder at the high edge is
     * dropped). Voxel size x and y multiplied by n.
     */
    public static Volume bin(Volume v, int n) {
        if (n == 1) return v;
        int bx = v.nx() / n, by = v.ny() / n, nz = v.nz();
        if (bx < 1 || by < 1) {
            throw new CryoEtException("Cannot bin " + v + " images by " + n + ": they are smaller than the bin");
        }
        Calibration c = v.calibration();
        Volume out = Volume.create(bx, by, nz, new Calibration(c.voxelX() * n, c.voxelY() * n, c.voxelZ(),
                c.originX(), c.originY(), c.originZ()));
        float[] s = v.data(), d = out.data();
        int nx = v.nx(), ny = v.ny();
        float scale = 1f / (n * n);
        Parallel.forEach(nz * by, job -> {
            int z = job / by, y = job % by;
            int dOff = bx * (y + by * z);
            for (int dy = 0; dy < n; dy++) {
                int sOff = nx * (y * n + dy + ny * z);
                for (int x = 0; x < bx; x++) {
                    float sum = 0;
                    for (int dx = 0; dx < n; dx++) sum += s[sOff + x * n + dx];
                    d[dOff + x] += sum;
                }
            }
            for (int x = 0; x < bx; x++) d[dOff + x] *= scale;
        });
        return out;
    }
}
