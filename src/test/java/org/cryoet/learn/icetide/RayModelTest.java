package org.cryoet.learn.icetide;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.cryoet.tomo.ForwardProjector;
import org.cryoet.volume.Volume;
import org.junit.jupiter.api.Test;

class RayModelTest {

    /** The ray integral of a voxel grid equals tomo.ForwardProjector's projection of it, at every pixel. */
    @Test
    void rayIntegralOfAVoxelGridMatchesTheForwardProjector() {
        int nx = 32, ny = 24, nz = 16;
        Volume vol = IcetideTestData.blobs(nx, ny, nz, 10, 4, 7);
        double[] angles = {-60, -35, 0, 20, 48, 60};
        Volume reference = ForwardProjector.project(vol, angles);
        int n = nx * ny * angles.length;
        int[] view = new int[n], column = new int[n], row = new int[n];
        double[] theta = new double[n];
        for (int t = 0, k = 0; t < angles.length; t++) {
            for (int y = 0; y < ny; y++) {
                for (int x = 0; x < nx; x++, k++) {
                    view[k] = t;
                    column[k] = x;
                    row[k] = y;
                    theta[k] = angles[t];
                }
            }
        }
        try (NDManager m = NDManager.newBaseManager()) {
            VoxelGridField field = new VoxelGridField(vol, m);
            ViewDeformations identity = new ViewDeformations(angles.length, nx, ny, 2, 2, m);
            // the padded grid reaches one voxel beyond the volume: integrate over nz + 2
            RayModel rays = new RayModel(nz + 2, 360);
            float[] got;
            try (NDManager scope = m.newSubManager()) {
                NDArray u = identity.detectorPositions(view, column, row, true, scope);
                got = rays.project(field, u, theta, null, scope).toFloatArray();
            }
            float[] want = reference.data();
            double max = 0, worst = 0;
            for (float w : want) max = Math.max(max, Math.abs(w));
            for (int k = 0; k < n; k++) worst = Math.max(worst, Math.abs(got[k] - want[k]));
            assertTrue(max > 1, "the phantom projects to something");
            assertTrue(worst < 0.02 * max, "largest difference " + worst + " of " + max);
        }
    }
}
