package org.cryoet.tomo;

import org.cryoet.util.Parallel;
import org.cryoet.volume.Volume;

/**
 * Line-integral projector for single-axis tilt geometry (tilt axis = y). A voxel at centred
 * coordinates (x, y, z) lands on detector x' = x cos(theta) - z sin(theta), y' = y; centres are
 * at (N-1)/2. Each ray is sampled once per voxel plane along the axis closer to the beam
 * (z for |theta| <= 45 degrees, x otherwise) with linear interpolation, scaled by the path
 * length per plane, so a unit-density slab of thickness T projects to T / cos(theta).
 *
 * <p>For speed the rays are not placed on the detector pixels directly: for one view and one
 * row y they are placed on a grid where consecutive rays cross each sampled plane exactly one
 * voxel apart (spacing cos(theta) on the detector when marching over z, |sin(theta)| when
 * marching over x). Then, within a plane, every ray has the same interpolation fraction and the
 * accumulation is a unit-stride multiply-add over the plane's row. The ray sums are finally
 * resampled onto the detector pixels with Catmull-Rom cubic interpolation.
 */
public final class ForwardProjector {
    private ForwardProjector() {
    }

    /** Projects {@code vol} at the given angles (degrees) onto a detector nx wide and ny high. */
    public static Volume project(Volume vol, double[] anglesDeg) {
        return project(vol, anglesDeg, vol.nx());
    }

    /** Projects onto a detector {@code width} pixels wide. Result: width x ny x angles. */
    public static Volume project(Volume vol, double[] anglesDeg, int width) {
        final int nx = vol.nx(), ny = vol.ny(), nz = vol.nz(), nv = anglesDeg.length;
        Volume out = Volume.create(width, ny, nv, vol.calibration());
        final float[] v = vol.data();
        final float[] o = out.data();
        final double cx = (nx - 1) / 2.0, cz = (nz - 1) / 2.0, cu = (width - 1) / 2.0;
        final double[] cos = new double[nv], sin = new double[nv], h = new double[nv];
        final boolean[] overZ = new boolean[nv];
        final int[] jLo = new int[nv], len = new int[nv];
        boolean anyZ = false, anyX = false;
        for (int t = 0; t < nv; t++) {
            double th = Math.toRadians(anglesDeg[t]);
            cos[t] = Math.cos(th);
            sin[t] = Math.sin(th);
            overZ[t] = Math.abs(cos[t]) >= Math.abs(sin[t]);
            // ray-grid spacing on the detector: u_j = cu + j h
            h[t] = overZ[t] ? cos[t] : -sin[t];
            double reach = cu / Math.abs(h[t]);
            jLo[t] = (int) Math.floor(-reach) - 2;
            len[t] = (int) Math.ceil(reach) + 2 - jLo[t] + 1;
            anyZ |= overZ[t];
            anyX |= !overZ[t];
        }
        final boolean needA = anyZ, needB = anyX;
        final int rowA = nx + 2, rowB = nz + 2;
        int chunks = Math.min(ny, Parallel.threads() * 8);
        Parallel.forEach(chunks, chunk -> {
            // the xz-slice of row y, zero-padded by one voxel at both ends of every line:
            // a[z][x + 1] (x fastest) and b[x][z + 1] (z fastest)
            float[] a = needA ? new float[nz * rowA] : null;
            float[] b = needB ? new float[nx * rowB] : null;
            float[][] rays = new float[nv][];
            int maxLen = 0;
            for (int t = 0; t < nv; t++) {
                rays[t] = new float[len[t]];
                maxLen = Math.max(maxLen, len[t]);
            }
            float[] t0 = new float[maxLen], t1 = new float[maxLen];
            int y0 = (int) ((long) ny * chunk / chunks), y1 = (int) ((long) ny * (chunk + 1) / chunks);
            for (int y = y0; y < y1; y++) {
                for (int z = 0; z < nz; z++) {
                    int src = nx * (y + ny * z);
                    if (a != null) System.arraycopy(v, src, a, z * rowA + 1, nx);
                    if (b != null) for (int x = 0; x < nx; x++) b[x * rowB + z + 1] = v[src + x];
                }
                for (int t = 0; t < nv; t++) {
                    float[] r = rays[t];
                    java.util.Arrays.fill(r, 0f);
                    int n = len[t];
                    if (overZ[t]) {
                        double sc = sin[t] / cos[t];
                        for (int z = 0; z < nz; z++) {
                            // ray j crosses plane z at x = j + cx + (z - cz) tan(theta)
                            double xo = cx + (z - cz) * sc;
                            double xf = Math.floor(xo);
                            float f = (float) (xo - xf);
                            int k = jLo[t] + (int) xf + 1; // ray i reads padded column i + k
                            int base = z * rowA;
                            int is = Math.max(0, -k), ie = Math.min(n, nx - k + 1);
                            addPlane(r, a, base + k, 1 - f, f, is, ie, t0, t1);
                        }
                        scale(r, (float) (1 / Math.abs(cos[t])));
                    } else {
                        double cs = cos[t] / h[t];
                        for (int x = 0; x < nx; x++) {
                            // ray j crosses plane x at z = j + cz - (x - cx) cos(theta) / h
                            double zo = cz - (x - cx) * cs;
                            double zf = Math.floor(zo);
                            float f = (float) (zo - zf);
                            int k = jLo[t] + (int) zf + 1;
                            int is = Math.max(0, -k), ie = Math.min(n, nz - k + 1);
                            addPlane(r, b, x * rowB + k, 1 - f, f, is, ie, t0, t1);
                        }
                        scale(r, (float) (1 / Math.abs(sin[t])));
                    }
                    int dst = width * (y + ny * t);
                    double inv = 1 / h[t];
                    for (int u = 0; u < width; u++) {
                        o[dst + u] = FilteredBackProjection.cubic(r, 0, n, (u - cu) * inv - jLo[t]);
                    }
                }
            }
        });
        return out;
    }

    /**
     * r[i] += a p[off + i] + b p[off + i + 1] for i in [is, ie). C2 vectorises the update only when
     * all arrays share one index, so the two taps are first copied to the rays' indices.
     */
    private static void addPlane(float[] r, float[] p, int off, float a, float b, int is, int ie, float[] t0,
                                 float[] t1) {
        if (ie <= is) return;
        System.arraycopy(p, off + is, t0, is, ie - is);
        System.arraycopy(p, off + is + 1, t1, is, ie - is);
        for (int i = is; i < ie; i++) {
            r[i] = r[i] + a * t0[i] + b * t1[i];
        }
    }

    private static void scale(float[] r, float s) {
        for (int i = 0; i < r.length; i++) r[i] *= s;
    }
}
