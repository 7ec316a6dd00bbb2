package org.cryoet.learn.icetide;

import org.cryoet.learn.HostArrays;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.cryoet.tomo.ProjectionDeformation;

/**
 * Projection matching, ICE-TIDE's closed-form refinement of the global alignment: the current
 * volume is sampled once on a voxel lattice, projected along every view's rays (the geometry of
 * {@link RayModel}, one sample per voxel plane) onto a detector padded by a margin, and each
 * recorded image is registered to its reprojection by Gauss-Newton on the sum of squared residuals
 * over all its pixels, in the shift, the in-plane rotation (optional), the local control values
 * (optional) and a per-view intensity offset. Every pixel of every view takes part, where the ray
 * sampling of the training steps sees a few dozen per view.
 */
final class ProjectionMatching {
    /** Gauss-Newton iterations per view and round. */
    static final int ITERATIONS = 8;
    /** Ridge on the local control values, relative to the mean curvature of the data term in them. */
    static final double LOCAL_RIDGE = 0.05;
    /** Largest change per iteration: shift and control values (pixels), rotation (radians). */
    private static final double MAX_SHIFT_STEP = 2, MAX_ROTATION_STEP = Math.toRadians(1);

    private ProjectionMatching() {
    }

    /**
     * Ideal projections of {@code field} for every tilt on a detector of {@code width x height}
     * pixels padded by {@code margin} pixels on each side ({@code [view][(row) * (width + 2 margin) + column]},
     * padded pixel (a, b) at centred detector position (a - margin - (width-1)/2, b - margin - (height-1)/2)),
     * in the units of {@link RayModel#project} with stratum centres: the field is sampled on the
     * {@code samples} depth planes at the centres of the strata of the slab |z| <= thickness / 2,
     * on a 1-voxel lattice in x and y (only where some view's rays cross the plane), and each ray
     * sums its plane values, interpolated linearly along x, times thickness / (samples cos(theta)).
     */
    static float[][] reproject(DensityField field, double[] anglesDeg, int width, int height, double thickness,
                               int samples, int margin, double halfX, NDManager manager) {
        int xr = (int) Math.ceil(halfX) + 1, nx = 2 * xr + 1;
        int pw = width + 2 * margin, ph = height + 2 * margin;
        double cx = (width - 1) / 2.0, cy = (height - 1) / 2.0, stratum = thickness / samples;
        double[] depth = new double[samples];
        int[] first = new int[samples], count = new int[samples];
        float[][] grid = new float[samples][];
        for (int k = 0; k < samples; k++) {
            depth[k] = -thickness / 2 + (k + 0.5) * stratum;
            double lo = Double.MAX_VALUE, hi = -Double.MAX_VALUE;
            for (double a : anglesDeg) {
                double th = Math.toRadians(a), inv = 1 / Math.cos(th), shift = depth[k] * Math.tan(th);
                lo = Math.min(lo, (-cx - margin) * inv + shift);
                hi = Math.max(hi, (pw - 1 - cx - margin) * inv + shift);
            }
            first[k] = Math.max(0, (int) Math.floor(lo) + xr - 1);
            count[k] = Math.min(nx - 1, (int) Math.ceil(hi) + xr + 1) - first[k] + 1;
            float[] points = new float[ph * count[k] * 3];
            for (int b = 0, n = 0; b < ph; b++) {
                for (int i = 0; i < count[k]; i++, n++) {
                    points[3 * n] = first[k] + i - xr;
                    points[3 * n + 1] = (float) (b - margin - cy);
                    points[3 * n + 2] = (float) depth[k];
                }
            }
            try (NDManager scope = manager.newSubManager()) {
                NDArray p = HostArrays.create(scope, points, new Shape((long) ph * count[k], 3));
                grid[k] = HostArrays.toHost(field.density(p, scope));
            }
        }
        float[][] out = new float[anglesDeg.length][pw * ph];
        org.cryoet.util.Parallel.forEach(anglesDeg.length, t -> {
            double th = Math.toRadians(anglesDeg[t]), inv = 1 / Math.cos(th), tan = Math.tan(th);
            float[] img = out[t];
            for (int b = 0; b < ph; b++) {
                for (int a = 0; a < pw; a++) {
                    double ux = a - margin - cx, sum = 0;
                    for (int k = 0; k < samples; k++) {
                        double fi = ux * inv + depth[k] * tan + xr - first[k];
                        int i0 = (int) Math.floor(fi);
                        if (i0 < 0 || i0 + 1 >= count[k]) continue;
                        double f = fi - i0;
                        int base = b * count[k] + i0;
                        sum += grid[k][base] * (1 - f) + grid[k][base + 1] * f;
                    }
                    img[b * pw + a] = (float) (sum * stratum * inv);
                }
            }
        });
        return out;
    }

    /**
     * Registers one recorded image to its reprojection: the deformation that minimises
     * sum_x (P(R_alpha (x + phi(x)) - tau) + offset + c - y(x))^2 + ridge |C|^2, c a per-view offset,
     * starting from {@code start}: shift and (optionally) rotation, and with {@code refineLocal} the
     * control values C of phi (the grid of {@code start}), with a small ridge on C relative to the
     * curvature of the data term ({@link #LOCAL_RIDGE}); otherwise phi stays that of {@code start}.
     * A rigid part that the refined local field picks up is handed to the shift and rotation
     * ({@link ProjectionDeformation#withRigidFreeLocal}). Pixels whose position falls outside the
     * padded reprojection are left out.
     *
     * @param reference      padded reprojection ({@link #reproject}), {@code (width + 2 margin) x (height + 2 margin)}
     * @param recorded       the recorded image, {@code width x height}, same units as the reprojection
     * @param offset         intensity offset added to the reprojection
     * @param refineRotation estimate alpha (otherwise it keeps its value)
     * @param refineLocal    estimate the local control values ({@code start} must have a local grid)
     */
    static ProjectionDeformation register(float[] reference, int margin, float[] recorded, int width, int height,
                                          ProjectionDeformation start, double offset, boolean refineRotation,
                                          boolean refineLocal) {
        int pw = width + 2 * margin, ph = height + 2 * margin, n = width * height;
        double cx = (width - 1) / 2.0, cy = (height - 1) / 2.0;
        boolean local = start.hasLocal();
        if (refineLocal && !local) throw new IllegalArgumentException("no local grid to refine");
        int gx = start.gridX(), gy = start.gridY(), g = local ? gx * gy : 0;
        double[] clx = new double[g], cly = new double[g];
        for (int k = 0; k < g; k++) {
            clx[k] = start.localX(k % gx, k / gx);
            cly[k] = start.localY(k % gx, k / gx);
        }
        // Catmull-Rom taps of phi at every pixel (16 per pixel), as ProjectionDeformation interpolates
        int[] tapIndex = new int[local ? n * 16 : 0];
        double[] tapWeight = new double[local ? n * 16 : 0];
        if (local) {
            for (int y = 0, p = 0; y < height; y++) {
                double v = y * (gy - 1) / (double) Math.max(1, height - 1);
                int j0 = (int) Math.floor(v);
                double[] wv = ViewDeformations.catmullRomWeights(v - j0);
                for (int x = 0; x < width; x++, p++) {
                    double u = x * (gx - 1) / (double) Math.max(1, width - 1);
                    int i0 = (int) Math.floor(u);
                    double[] wu = ViewDeformations.catmullRomWeights(u - i0);
                    for (int b = 0; b < 4; b++) {
                        for (int a = 0; a < 4; a++) {
                            tapIndex[16 * p + 4 * b + a] = clampIndex(j0 - 1 + b, gy) * gx + clampIndex(i0 - 1 + a, gx);
                            tapWeight[16 * p + 4 * b + a] = wu[a] * wv[b];
                        }
                    }
                }
            }
        }
        double tx = start.shiftX(), ty = start.shiftY(), alpha = Math.toRadians(start.rotationDeg()), c = 0;
        int rigid = refineRotation ? 4 : 3, m = rigid + (refineLocal ? 2 * g : 0);
        // non-zero Jacobian entries per pixel: the rigid ones and 2 per tap (taps repeat at clamped borders)
        double[] jac = new double[rigid + (refineLocal ? 32 : 0)], vg = new double[3];
        int[] nz = new int[jac.length];
        for (int it = 0; it < ITERATIONS; it++) {
            double[][] h = new double[m][m];
            double[] grad = new double[m];
            double cos = Math.cos(alpha), sin = Math.sin(alpha);
            int used = 0;
            for (int p = 0; p < n; p++) {
                double qx = p % width - cx, qy = p / width - cy;
                if (local) {
                    for (int k = 16 * p; k < 16 * p + 16; k++) {
                        qx += tapWeight[k] * clx[tapIndex[k]];
                        qy += tapWeight[k] * cly[tapIndex[k]];
                    }
                }
                double rx = cos * qx - sin * qy, ry = sin * qx + cos * qy;
                double u = rx - tx + cx + margin, v = ry - ty + cy + margin;
                if (!(u >= 1 && u < pw - 2 && v >= 1 && v < ph - 2)) continue;
                catmullRom(reference, pw, u, v, vg);
                double r = vg[0] + offset + c - recorded[p];
                int count = 0;
                jac[count] = -vg[1];
                nz[count++] = 0;
                jac[count] = -vg[2];
                nz[count++] = 1;
                jac[count] = 1;
                nz[count++] = 2;
                if (refineRotation) {
                    jac[count] = -vg[1] * ry + vg[2] * rx;
                    nz[count++] = 3;
                }
                if (refineLocal) {
                    double dX = vg[1] * cos + vg[2] * sin, dY = -vg[1] * sin + vg[2] * cos;
                    for (int k = 16 * p; k < 16 * p + 16; k++) {
                        jac[count] = tapWeight[k] * dX;
                        nz[count++] = rigid + 2 * tapIndex[k];
                        jac[count] = tapWeight[k] * dY;
                        nz[count++] = rigid + 2 * tapIndex[k] + 1;
                    }
                }
                for (int i = 0; i < count; i++) {
                    int a = nz[i];
                    double ji = jac[i];
                    grad[a] += ji * r;
                    double[] row = h[a];
                    for (int j = 0; j < count; j++) {
                        if (nz[j] <= a) row[nz[j]] += ji * jac[j];
                    }
                }
                used++;
            }
            if (used < 16 + m) break;
            for (int i = 0; i < m; i++) for (int j = 0; j < i; j++) h[j][i] = h[i][j];
            if (refineLocal) {
                double diag = 0;
                for (int i = rigid; i < m; i++) diag += h[i][i];
                double ridge = LOCAL_RIDGE * diag / (m - rigid);
                for (int k = 0; k < g; k++) {
                    h[rigid + 2 * k][rigid + 2 * k] += ridge;
                    h[rigid + 2 * k + 1][rigid + 2 * k + 1] += ridge;
                    grad[rigid + 2 * k] += ridge * clx[k];
                    grad[rigid + 2 * k + 1] += ridge * cly[k];
                }
            }
            double[] d = solve(h, grad);
            if (d == null) break;
            double sx = clamp(-d[0], MAX_SHIFT_STEP), sy = clamp(-d[1], MAX_SHIFT_STEP);
            double sa = refineRotation ? clamp(-d[3], MAX_ROTATION_STEP) : 0;
            double sl = 0;
            tx += sx;
            ty += sy;
            c += -d[2];
            alpha += sa;
            if (refineLocal) {
                for (int k = 0; k < g; k++) {
                    double dx = clamp(-d[rigid + 2 * k], MAX_SHIFT_STEP), dy = clamp(-d[rigid + 2 * k + 1], MAX_SHIFT_STEP);
                    clx[k] += dx;
                    cly[k] += dy;
                    sl = Math.max(sl, Math.max(Math.abs(dx), Math.abs(dy)));
                }
            }
            if (Math.abs(sx) < 1e-4 && Math.abs(sy) < 1e-4 && Math.abs(sa) < 1e-6 && sl < 1e-4) break;
        }
        if (!local) return ProjectionDeformation.rigid(tx, ty, Math.toDegrees(alpha));
        if (!refineLocal) return new ProjectionDeformation(tx, ty, Math.toDegrees(alpha), gx, gy, clx, cly);
        // hand the rigid part of the refined field to the global part: R_a (x + m + w J x) ~ R_(a+w) x + R_a m
        ProjectionDeformation raw = new ProjectionDeformation(tx, ty, Math.toDegrees(alpha), gx, gy, clx, cly);
        ProjectionDeformation.RigidFunctionals f = ProjectionDeformation.rigidFunctionals(width, height, gx, gy);
        ProjectionDeformation free = raw.withRigidFreeLocal(f);
        ProjectionDeformation.RigidPart part = f.of(clx, cly);
        double mx = part.meanX(), my = part.meanY();
        double cos = Math.cos(alpha), sin = Math.sin(alpha);
        double[] fx = new double[g], fy = new double[g];
        for (int k = 0; k < g; k++) {
            fx[k] = free.localX(k % gx, k / gx);
            fy[k] = free.localY(k % gx, k / gx);
        }
        return new ProjectionDeformation(tx - (cos * mx - sin * my), ty - (sin * mx + cos * my),
                Math.toDegrees(alpha + (refineRotation ? part.rotation() : 0)), gx, gy, fx, fy);
    }

    private static int clampIndex(int k, int n) {
        return k < 0 ? 0 : (k >= n ? n - 1 : k);
    }

    private static double clamp(double v, double limit) {
        return Math.max(-limit, Math.min(limit, v));
    }

    /** Solves the symmetric system h x = g (Gaussian elimination, partial pivoting); null if singular. */
    private static double[] solve(double[][] h, double[] g) {
        int m = g.length;
        double[][] a = new double[m][m + 1];
        for (int i = 0; i < m; i++) {
            System.arraycopy(h[i], 0, a[i], 0, m);
            a[i][m] = g[i];
        }
        for (int col = 0; col < m; col++) {
            int piv = col;
            for (int r = col + 1; r < m; r++) if (Math.abs(a[r][col]) > Math.abs(a[piv][col])) piv = r;
            if (!(Math.abs(a[piv][col]) > 1e-12)) return null;
            double[] tmp = a[col];
            a[col] = a[piv];
            a[piv] = tmp;
            for (int r = 0; r < m; r++) {
                if (r == col) continue;
                double f = a[r][col] / a[col][col];
                for (int k = col; k <= m; k++) a[r][k] -= f * a[col][k];
            }
        }
        double[] x = new double[m];
        for (int i = 0; i < m; i++) x[i] = a[i][m] / a[i][i];
        return x;
    }

    /** Catmull-Rom value and gradient (d/du, d/dv) of a row-major image of width {@code w} at (u, v), 1 <= u, v. */
    private static void catmullRom(float[] img, int w, double u, double v, double[] out) {
        int i0 = (int) Math.floor(u), j0 = (int) Math.floor(v);
        double fu = u - i0, fv = v - j0;
        double[] wu = ViewDeformations.catmullRomWeights(fu), wv = ViewDeformations.catmullRomWeights(fv);
        double[] du = derivativeWeights(fu), dv = derivativeWeights(fv);
        double val = 0, gu = 0, gv = 0;
        for (int b = 0; b < 4; b++) {
            int row = (j0 - 1 + b) * w + i0 - 1;
            double s = 0, sd = 0;
            for (int a = 0; a < 4; a++) {
                double pix = img[row + a];
                s += wu[a] * pix;
                sd += du[a] * pix;
            }
            val += wv[b] * s;
            gu += wv[b] * sd;
            gv += dv[b] * s;
        }
        out[0] = val;
        out[1] = gu;
        out[2] = gv;
    }

    private static double[] derivativeWeights(double t) {
        double t2 = t * t;
        return new double[] {-1.5 * t2 + 2 * t - 0.5, 4.5 * t2 - 5 * t, -4.5 * t2 + 4 * t + 0.5, 1.5 * t2 - t};
    }
}
