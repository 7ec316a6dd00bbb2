package org.cryoet.fiji;

import java.util.Random;

import org.cryoet.volume.Calibration;
import org.cryoet.volume.Volume;

/** Small synthetic volumes for UI tests. */
final class TestVolumes {
    private TestVolumes() {
    }

    /**
     * Gaussian blobs in a slab, elongated along z as a missing wedge elongates particles: the
     * XZ sections show the smear and the ky=0 Fourier slice the empty cone around kz.
     */
    static Volume blobs(int nx, int ny, int nz, long seed, double zStretch) {
        Volume v = Volume.create(nx, ny, nz, Calibration.isotropic(10));
        Random r = new Random(seed);
        float[] d = v.data();
        for (int b = 0; b < 40; b++) {
            double cx = r.nextDouble() * nx, cy = r.nextDouble() * ny, cz = nz * (0.3 + 0.4 * r.nextDouble());
            double s = 1.5 + 2.5 * r.nextDouble();
            double amp = 0.5 + r.nextDouble();
            for (int z = 0; z < nz; z++) {
                for (int y = 0; y < ny; y++) {
                    for (int x = 0; x < nx; x++) {
                        double dx = x - cx, dy = y - cy, dz = (z - cz) / zStretch;
                        double e = (dx * dx + dy * dy + dz * dz) / (2 * s * s);
                        if (e < 12) d[v.index(x, y, z)] += (float) (amp * Math.exp(-e));
                    }
                }
            }
        }
        return v;
    }
}
