package org.cryoet.learn.icetide;

import java.util.SplittableRandom;

import org.cryoet.volume.Calibration;
import org.cryoet.volume.Volume;

/** Small smooth phantoms for the ICE-TIDE tests. */
final class IcetideTestData {
    private IcetideTestData() {
    }

    /** Gaussian blobs (sigma 1.5..3 voxels, amplitude 0.5..1.5) kept {@code margin} voxels inside the box. */
    static Volume blobs(int nx, int ny, int nz, int count, int margin, long seed) {
        Volume v = Volume.create(nx, ny, nz, Calibration.UNIT);
        SplittableRandom rng = new SplittableRandom(seed);
        for (int b = 0; b < count; b++) {
            double cx = margin + rng.nextDouble() * (nx - 1 - 2 * margin);
            double cy = margin + rng.nextDouble() * (ny - 1 - 2 * margin);
            double cz = margin + rng.nextDouble() * (nz - 1 - 2 * margin);
            double s = 1.5 + 1.5 * rng.nextDouble(), amp = 0.5 + rng.nextDouble();
            for (int z = 0; z < nz; z++) {
                for (int y = 0; y < ny; y++) {
                    for (int x = 0; x < nx; x++) {
                        double r2 = (x - cx) * (x - cx) + (y - cy) * (y - cy) + (z - cz) * (z - cz);
                        v.set(x, y, z, (float) (v.get(x, y, z) + amp * Math.exp(-r2 / (2 * s * s))));
                    }
                }
            }
        }
        return v;
    }
}
