package org.cryoet.learn.icetide;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import org.cryoet.tomo.ForwardProjector;
import org.cryoet.tomo.ProjectionDeformation;
import org.cryoet.volume.Volume;
import org.junit.jupiter.api.Test;

class ProjectionMatchingTest {
    /** Gaussian blobs (x, y, sigma, amplitude) on a jittered 11-pixel lattice, so that every part of the image has structure. */
    private static final double[][] BLOBS = blobs();

    private static double[][] blobs() {
        java.util.List<double[]> list = new java.util.ArrayList<>();
        java.util.Random rng = new java.util.Random(17);
        for (double y = -44; y <= 44; y += 11) {
            for (double x = -48; x <= 48; x += 11) {
                list.add(new double[] {x + 4 * rng.nextDouble() - 2, y + 4 * rng.nextDouble() - 2, 2.5 + 2 * rng.nextDouble(),
                        rng.nextDouble() * 4 - 2});
            }
        }
        return list.toArray(new double[0][]);
    }

    /** A smooth test image (a sum of Gaussian blobs) at centred detector position (x, y). */
    private static double image(double x, double y) {
        double v = 0;
        for (double[] b : BLOBS) v += b[3] * Math.exp(-((x - b[0]) * (x - b[0]) + (y - b[1]) * (y - b[1])) / (2 * b[2] * b[2]));
        return v;
    }

    /** Gauss-Newton registration finds a known shift and rotation of an image with a local deformation. */
    @Test
    void registrationRecoversAKnownShiftAndRotation() {
        int w = 64, h = 56, margin = 10, pw = w + 2 * margin, ph = h + 2 * margin;
        double cx = (w - 1) / 2.0, cy = (h - 1) / 2.0;
        float[] reference = new float[pw * ph];
        for (int b = 0; b < ph; b++) {
            for (int a = 0; a < pw; a++) reference[b * pw + a] = (float) image(a - margin - cx, b - margin - cy);
        }
        double[] lx = {0.4, -0.3, 0.2, 0.1, -0.5, 0.6, 0.3, -0.2, 0.1, 0.2, -0.4, 0.5, 0.3, -0.1, 0.2, -0.3};
        double[] ly = {-0.2, 0.5, 0.1, -0.4, 0.3, -0.1, 0.2, 0.4, -0.3, 0.1, 0.2, -0.5, 0.4, 0.3, -0.2, 0.1};
        ProjectionDeformation truth = new ProjectionDeformation(1.7, -2.3, 0.6, 4, 4, lx, ly).withRigidFreeLocal(w, h);
        float[] recorded = new float[w * h];
        double[] s = new double[2];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                truth.source(x - cx, y - cy, w, h, s);
                recorded[y * w + x] = (float) (image(s[0], s[1]) + 0.25);
            }
        }
        double[] lxs = new double[16], lys = new double[16];
        for (int j = 0; j < 4; j++) {
            for (int i = 0; i < 4; i++) {
                lxs[j * 4 + i] = truth.localX(i, j);
                lys[j * 4 + i] = truth.localY(i, j);
            }
        }
        ProjectionDeformation start = new ProjectionDeformation(0, 0, 0, 4, 4, lxs, lys);
        ProjectionDeformation r = ProjectionMatching.register(reference, margin, recorded, w, h, start, 0.1, true, false);
        assertEquals(1.7, r.shiftX(), 0.01, "tau_x");
        assertEquals(-2.3, r.shiftY(), 0.01, "tau_y");
        assertEquals(0.6, r.rotationDeg(), 0.005, "alpha (degrees)");
        ProjectionDeformation fixed = ProjectionMatching.register(reference, margin, recorded, w, h, start, 0.1, false,
                false);
        assertEquals(0, fixed.rotationDeg(), 0, "without rotation refinement alpha keeps its value");
        assertTrue(Math.hypot(fixed.shiftX() - 1.7, fixed.shiftY() + 2.3) < 0.5, "shift without rotation " + fixed);

        // the local field too, from none: the rigid part stays in tau and alpha
        ProjectionDeformation none = new ProjectionDeformation(0, 0, 0, 4, 4, new double[16], new double[16]);
        double rigidOnly = Math.abs(ProjectionMatching.register(reference, margin, recorded, w, h, none, 0.1, true,
                false).rotationDeg() - 0.6);
        ProjectionDeformation all = ProjectionMatching.register(reference, margin, recorded, w, h, none, 0.1, true, true);
        assertEquals(1.7, all.shiftX(), 0.03, "tau_x with the local field");
        assertEquals(-2.3, all.shiftY(), 0.03, "tau_y with the local field");
        assertEquals(0.6, all.rotationDeg(), 0.02, "alpha with the local field (rigid only: off by " + rigidOnly + ")");
        double err = 0, size = 0;
        double[] a = new double[2], b = new double[2];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                truth.displacement(x - cx, y - cy, w, h, a);
                all.displacement(x - cx, y - cy, w, h, b);
                err += (a[0] - b[0]) * (a[0] - b[0]) + (a[1] - b[1]) * (a[1] - b[1]);
                size += a[0] * a[0] + a[1] * a[1];
            }
        }
        assertTrue(Math.sqrt(size / (w * h)) > 0.2, "the test field is substantial");
        assertTrue(Math.sqrt(err / size) < 0.15, "local field error " + Math.sqrt(err / (w * h)) + " px RMS of "
                + Math.sqrt(size / (w * h)));
    }

    /** The reprojection of a voxel grid equals tomo.ForwardProjector's projection inside the detector. */
    @Test
    void reprojectionOfAVoxelGridMatchesTheForwardProjector() {
        int nx = 32, ny = 24, nz = 16, margin = 6;
        Volume vol = IcetideTestData.blobs(nx, ny, nz, 10, 4, 7);
        double[] angles = {-60, -35, 0, 20, 48, 60};
        Volume want = ForwardProjector.project(vol, angles);
        double half = IcetideReconstruction.domainHalfExtent(nx, ny, nz, angles)[0];
        try (NDManager m = NDManager.newBaseManager()) {
            float[][] got = ProjectionMatching.reproject(new VoxelGridField(vol, m), angles, nx, ny, nz, nz, margin,
                    half, m);
            double max = 0, worst = 0;
            for (int t = 0; t < angles.length; t++) {
                for (int y = 0; y < ny; y++) {
                    for (int x = 0; x < nx; x++) {
                        double e = want.get(x, y, t);
                        max = Math.max(max, Math.abs(e));
                        worst = Math.max(worst, Math.abs(got[t][(y + margin) * (nx + 2 * margin) + x + margin] - e));
                    }
                }
            }
            assertTrue(max > 1, "the phantom projects to something");
            assertTrue(worst < 0.02 * max, "largest difference " + worst + " of " + max);
        }
    }
}
