package org.cryoet.tomo;

import org.cryoet.util.Parallel;
import org.cryoet.volume.Volume;

/**
 * Line-integral projector for single-axis tilt geometry (tilt axis = y). A voxel at centred
 * coordinates (x, y, z) lands on detector x' = x cos(theta) - z sin(theta), y' = y; centres are
 * at (N-1)/2. Each ray is sampled once per voxel plane along the axis closer to the beam
 * (z for |theta| <= 45 degrees, x otherwise) with linear interpolation, scaled by the path
 * length per plane, so a unit-density slab of thickness T projects to T / cos(theta).
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
        int nx = vol.nx(), ny = vol.ny(), nz = vol.nz();
        Volume out = Volume.create(width, ny, anglesDeg.length, vol.calibration());
        float[] v = vol.data();
        float[] o = out.data();
        double cx = (nx - 1) / 2.0, cz = (nz - 1) / 2.0, cu = (width - 1) / 2.0;
        Parallel.forEach(anglesDeg.length * ny, job -> {
            int t = job / ny, y = job % ny;
            double th = Math.toRadians(anglesDeg[t]);
            double c = Math.cos(th), s = Math.sin(th);
            int row = width * (y + ny * t);
            for (int iu = 0; iu < width; iu++) {
                double u = iu - cu;
                double sum = 0;
                if (Math.abs(c) >= Math.abs(s)) {
                    // march over z planes: x = (u + z s) / c
                    double len = 1.0 / Math.abs(c);
                    for (int iz = 0; iz < nz; iz++) {
                        double x = (u + (iz - cz) * s) / c + cx;
                        sum += sample(v, nx, ny, x, y, iz, true) * len;
                    }
                } else {
                    // march over x planes: z = (x c - u) / s
                    double len = 1.0 / Math.abs(s);
                    for (int ix = 0; ix < nx; ix++) {
                        double z = ((ix - cx) * c - u) / s + cz;
                        sum += sampleZ(v, nx, ny, nz, ix, y, z) * len;
                    }
                }
                o[row + iu] = (float) sum;
            }
        });
        return out;
    }

    private static double sample(float[] v, int nx, int ny, double x, int y, int z, boolean unused) {
        int x0 = (int) Math.floor(x);
        double f = x - x0;
        int base = nx * (y + ny * z);
        double a = (x0 >= 0 && x0 < nx) ? v[base + x0] : 0;
        double b = (x0 + 1 >= 0 && x0 + 1 < nx) ? v[base + x0 + 1] : 0;
        return a + f * (b - a);
    }

    private static double sampleZ(float[] v, int nx, int ny, int nz, int x, int y, double z) {
        int z0 = (int) Math.floor(z);
        double f = z - z0;
        double a = (z0 >= 0 && z0 < nz) ? v[x + nx * (y + ny * z0)] : 0;
        double b = (z0 + 1 >= 0 && z0 + 1 < nz) ? v[x + nx * (y + ny * (z0 + 1))] : 0;
        return a + f * (b - a);
    }
}
