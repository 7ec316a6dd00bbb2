package org.cryoet.tomo;

import org.cryoet.volume.Calibration;
import org.cryoet.volume.Volume;

/**
 * Test phantom made of spheres with additive densities, with exact (analytic) voxel values and
 * line integrals, so reconstruction tests do not depend on the forward projector under test.
 */
final class SpherePhantom {
    private final double[][] spheres; // {x, y, z (centred coordinates), radius, density}

    SpherePhantom(double[]... spheres) {
        this.spheres = spheres;
    }

    /** A few spheres of different densities, all within the cylinder a full tilt range sees. */
    static SpherePhantom standard(int n) {
        double r = n / 64.0;
        return new SpherePhantom(
                new double[] {0, 0, 0, 22 * r, 1.0},
                new double[] {-8 * r, 4 * r, 5 * r, 7 * r, 0.8},
                new double[] {9 * r, -6 * r, -6 * r, 5 * r, -0.6},
                new double[] {3 * r, 10 * r, -10 * r, 4 * r, 1.5},
                new double[] {-10 * r, -12 * r, -4 * r, 3 * r, 2.0});
    }

    /** Voxel values, each the mean over 4x4x4 sub-samples (partial volume at the edges). */
    Volume volume(int nx, int ny, int nz) {
        Volume v = Volume.create(nx, ny, nz, Calibration.UNIT);
        double cx = (nx - 1) / 2.0, cy = (ny - 1) / 2.0, cz = (nz - 1) / 2.0;
        int ss = 4;
        for (int z = 0; z < nz; z++) {
            for (int y = 0; y < ny; y++) {
                for (int x = 0; x < nx; x++) {
                    double sum = 0;
                    for (int a = 0; a < ss; a++) {
                        for (int b = 0; b < ss; b++) {
                            for (int c = 0; c < ss; c++) {
                                double px = x - cx + (a + 0.5) / ss - 0.5;
                                double py = y - cy + (b + 0.5) / ss - 0.5;
                                double pz = z - cz + (c + 0.5) / ss - 0.5;
                                sum += density(px, py, pz);
                            }
                        }
                    }
                    v.set(x, y, z, (float) (sum / (ss * ss * ss)));
                }
            }
        }
        return v;
    }

    double density(double x, double y, double z) {
        double d = 0;
        for (double[] s : spheres) {
            double dx = x - s[0], dy = y - s[1], dz = z - s[2];
            if (dx * dx + dy * dy + dz * dz <= s[3] * s[3]) d += s[4];
        }
        return d;
    }

    /**
     * Analytic projections (width x ny x angles): the line integral along direction
     * (sin t, 0, cos t) through detector point (u, y), averaged over 4x4 points per pixel.
     */
    Volume project(int width, int ny, double[] anglesDeg) {
        Volume p = Volume.create(width, ny, anglesDeg.length, Calibration.UNIT);
        double cu = (width - 1) / 2.0, cy = (ny - 1) / 2.0;
        int ss = 4;
        for (int t = 0; t < anglesDeg.length; t++) {
            double th = Math.toRadians(anglesDeg[t]);
            double c = Math.cos(th), s = Math.sin(th);
            for (int y = 0; y < ny; y++) {
                for (int u = 0; u < width; u++) {
                    double sum = 0;
                    for (int a = 0; a < ss; a++) {
                        for (int b = 0; b < ss; b++) {
                            double pu = u - cu + (a + 0.5) / ss - 0.5;
                            double py = y - cy + (b + 0.5) / ss - 0.5;
                            for (double[] sp : spheres) {
                                double uc = sp[0] * c - sp[2] * s;
                                double d2 = (pu - uc) * (pu - uc) + (py - sp[1]) * (py - sp[1]);
                                if (d2 < sp[3] * sp[3]) sum += 2 * sp[4] * Math.sqrt(sp[3] * sp[3] - d2);
                            }
                        }
                    }
                    p.set(u, y, t, (float) (sum / (ss * ss)));
                }
            }
        }
        return p;
    }

    static double[] range(double from, double to, double step) {
        int n = (int) Math.round((to - from) / step) + 1;
        double[] a = new double[n];
        for (int i = 0; i < n; i++) a[i] = from + i * step;
        return a;
    }

    static double pearson(float[] a, float[] b) {
        double ma = 0, mb = 0;
        for (int i = 0; i < a.length; i++) {
            ma += a[i];
            mb += b[i];
        }
        ma /= a.length;
        mb /= b.length;
        double sab = 0, saa = 0, sbb = 0;
        for (int i = 0; i < a.length; i++) {
            double da = a[i] - ma, db = b[i] - mb;
            sab += da * db;
            saa += da * da;
            sbb += db * db;
        }
        return sab / Math.sqrt(saa * sbb);
    }
}
