package org.cryoet.learn;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class WedgeOperatorTest {

    private static WedgeOperator pm60;

    @BeforeAll
    static void build() {
        pm60 = WedgeOperator.missingWedge(32, -60, 60);
    }

    /** Our mask for [a, b] equals the reference's for [-b, -a] (opposite angle sign convention). */
    @Test
    void masksMatchReferenceTestVectorsExactly() throws IOException {
        assertMaskEquals("wedge_input_c32_pm60.npy", pm60.mask());
        assertMaskEquals("wedge_full_c32_pm60.npy", toFloat(pm60.oddGridMask()));
        assertEquals(103411, pm60.count());

        WedgeOperator asym = WedgeOperator.missingWedge(32, -57.1, 60);
        assertMaskEquals("wedge_input_c32_m60_p57.1.npy", asym.mask());
        assertMaskEquals("wedge_full_c32_m60_p57.1.npy", toFloat(asym.oddGridMask()));
        assertEquals(100901, asym.count());

        WedgeOperator ball = WedgeOperator.ballLowPass(32);
        assertMaskEquals("wedge_ref_c32_pm60.npy", ball.mask());
        assertEquals(19275, ball.count());
    }

    @Test
    void asymmetricRangeUsesTheProjectSignConvention() {
        // project rule: (kx, kz) measured iff atan(-kz/kx) in [tiltMin, tiltMax]. The reference's
        // one-voxel dilation blurs the boundary by about 1/|k| rad, so look at |k| ~ 58 (c = 64).
        WedgeOperator w = WedgeOperator.missingWedge(64, -60, 57.1);
        int c = 64; // DC index on the 128 grid
        // kx = 30, kz = -50: +59.0 deg, beyond +57.1 -> missing (and its Hermitian partner)
        assertFalse(w.measured(c + 30, c, c - 50));
        assertFalse(w.measured(c - 30, c, c + 50));
        // kx = 30, kz = +50: -59.0 deg, inside [-60, ...] -> measured
        assertTrue(w.measured(c + 30, c, c + 50));
        assertTrue(w.measured(c - 30, c, c - 50));
        // the mirrored range [-57.1, 60] swaps the two
        WedgeOperator m = WedgeOperator.missingWedge(64, -57.1, 60);
        assertTrue(m.measured(c + 30, c, c - 50));
        assertFalse(m.measured(c + 30, c, c + 50));
    }

    @Test
    void valuesAtKnownFrequencies() {
        int c = 32;
        assertTrue(pm60.measured(c, c, c)); // DC
        for (int k = 1; k < 32; k++) {
            // the reference's one-voxel dilation includes kz = 1, 2 next to DC
            if (k >= 3) {
                assertFalse(pm60.measured(c, c, c + k), "kz axis (beam)");
                assertFalse(pm60.measured(c, c, c - k), "kz axis (beam)");
            }
            assertTrue(pm60.measured(c + k, c, c), "kx axis");
            assertTrue(pm60.measured(c - k, c, c), "kx axis");
            assertTrue(pm60.measured(c, c + k, c), "ky axis (tilt axis)");
            assertTrue(pm60.measured(c, c - k, c), "ky axis (tilt axis)");
        }
        // 55 degrees measured, 65 degrees missing (radius 20, any ky inside the ball)
        for (int ky : new int[]{0, 5, -7}) {
            assertTrue(pm60.measured(c + r(20, 55, true), c + ky, c + r(20, 55, false)));
            assertTrue(pm60.measured(c + r(20, 55, true), c + ky, c - r(20, 55, false)));
            assertFalse(pm60.measured(c + r(20, 65, true), c + ky, c + r(20, 65, false)));
            assertFalse(pm60.measured(c - r(20, 65, true), c + ky, c + r(20, 65, false)));
        }
        // outside the Nyquist ball: nothing
        assertFalse(pm60.measured(c + 30, c + 15, c));
        // a range reaching 90 degrees measures the kz line too
        WedgeOperator full = WedgeOperator.missingWedge(8, -90, 90);
        assertTrue(full.measured(8, 8, 8 + 3));
        assertEquals(WedgeOperator.ballLowPass(8).count() > 0, true);
    }

    private static int r(int radius, double deg, boolean x) {
        double a = Math.toRadians(deg);
        return (int) Math.round(radius * (x ? Math.cos(a) : Math.sin(a)));
    }

    /** Interior frequencies: rotated(g) at k equals the base mask at g^-1 k (wedge of the rotated geometry). */
    @Test
    void rotatedWedgeIsTheWedgeOfTheRotatedGeometry() {
        int c = 8;
        int g = 2 * c;
        for (double[] range : new double[][]{{-60, 60}, {-60, 57.1}}) {
            WedgeOperator w = WedgeOperator.missingWedge(c, range[0], range[1]);
            for (CubeSymmetry s : CubeSymmetry.all()) {
                WedgeOperator rw = w.rotated(s);
                int[][] inv = s.inverse().matrix();
                int mismatch = 0;
                for (int z = 1; z < g; z++)
                    for (int y = 1; y < g; y++)
                        for (int x = 1; x < g; x++) {
                            int[] k = {x - c, y - c, z - c};
                            int[] q = new int[3];
                            for (int i = 0; i < 3; i++) q[i] = inv[i][0] * k[0] + inv[i][1] * k[1] + inv[i][2] * k[2] + c;
                            if (rw.measured(x, y, z) != w.measured(q[0], q[1], q[2])) mismatch++;
                        }
                assertEquals(0, mismatch, s.name());
                // composition: rotating twice is rotating by the product
                CubeSymmetry h = CubeSymmetry.all().get(13);
                assertArrayEquals(w.rotated(h.compose(s)).mask(), rw.rotated(h).mask(), s.name());
            }
        }
    }

    /**
     * On the ideal wedge (double cone times ball, odd grid centred on DC) the 8 excluded diagonal
     * elements are exact symmetries for a symmetric range, and the 40 others move it. (The
     * reference's dilated masks are only approximately invariant, which is why the reference
     * picks its set with a distance threshold.)
     */
    @Test
    void excludedDiagonalElementsKeepTheWedgeAndTheOthersMoveIt() {
        int n = 32;
        int l = n + 1;
        byte[] ideal = WedgeOperator.idealMask(n, -60, 60);
        byte[] asym = WedgeOperator.idealMask(n, -60, 57.1);
        byte[] r = new byte[ideal.length];
        int ones = 0;
        for (byte b : ideal) ones += b;
        for (CubeSymmetry s : CubeSymmetry.all()) {
            s.apply(ideal, r, l);
            int diff = 0;
            for (int i = 0; i < r.length; i++) if (r[i] != ideal[i]) diff++;
            if (s.isDiagonal()) {
                assertEquals(0, diff, s.name());
            } else {
                assertTrue(Math.sqrt(diff / (double) ones) > 0.5, s.name() + " moves the wedge: " + diff);
                assertTrue(CubeSymmetry.wedgeMoving().contains(s));
            }
            // asymmetric range: only the diagonal elements with sign_x == sign_z keep it exactly
            s.apply(asym, r, l);
            diff = 0;
            for (int i = 0; i < r.length; i++) if (r[i] != asym[i]) diff++;
            assertEquals(s.isDiagonal() && s.sign(0) == s.sign(2), diff == 0, s.name());
        }
        // without the reference's dilation the operator itself has the same invariance
        WedgeOperator plain = WedgeOperator.missingWedge(16, -60, 60, false);
        for (CubeSymmetry s : CubeSymmetry.all()) {
            if (s.isDiagonal()) assertArrayEquals(plain.mask(), plain.rotated(s).mask(), s.name());
        }
    }

    @Test
    void filterMatchesReferenceOutputsOnCpuAndDjl() throws IOException {
        float[] x1 = Npy.read(Npy.vectors("x1_B2_c32.npy")).yxzToZyx();
        float[] pm = Npy.read(Npy.vectors("PM_x1_c32_pm60.npy")).yxzToZyx();
        float[] s = Npy.read(Npy.vectors("S_x1_c32_ballref.npy")).yxzToZyx();
        WedgeOperator ball = WedgeOperator.ballLowPass(32);
        assertClose(pm, pm60.apply(x1, 2), 2e-5);
        assertClose(s, ball.apply(x1, 2), 2e-5);
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray x = manager.create(x1, new Shape(2, 1, 32, 32, 32));
            assertClose(pm, pm60.apply(x).toFloatArray(), 2e-5);
            assertClose(s, ball.apply(x).toFloatArray(), 2e-5);
            // per-sample operators (different rotations) equal separate application
            WedgeOperator r0 = pm60.rotated(CubeSymmetry.wedgeMoving().get(3));
            WedgeOperator r1 = pm60.rotated(CubeSymmetry.wedgeMoving().get(17));
            float[] both = WedgeOperator.applyPerSample(x, List.of(r0, r1)).toFloatArray();
            float[] e0 = r0.apply(x1, 1);
            float[] e1 = r1.apply(java.util.Arrays.copyOfRange(x1, 32768, 65536), 1);
            float[] e = new float[65536];
            System.arraycopy(e0, 0, e, 0, 32768);
            System.arraycopy(e1, 0, e, 32768, 32768);
            assertClose(e, both, 2e-5);
            // the same with masks prepared on the device
            try (NDManager prep = manager.newSubManager()) {
                r0.prepare(prep);
                r1.prepare(prep);
                assertClose(e, WedgeOperator.applyPerSample(x, List.of(r0, r1)).toFloatArray(), 2e-5);
            }
        }
    }

    /** The operator is real symmetric, so d/dx sum(w * P x) = P w; autograd must reproduce it. */
    @Test
    void gradientFlowsThroughTheOperator() {
        int c = 8;
        WedgeOperator w = WedgeOperator.missingWedge(c, -50, 45);
        float[] xv = new float[c * c * c];
        float[] wv = new float[c * c * c];
        java.util.Random rnd = new java.util.Random(3);
        for (int i = 0; i < xv.length; i++) {
            xv[i] = (float) rnd.nextGaussian();
            wv[i] = (float) rnd.nextGaussian();
        }
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray x = manager.create(xv, new Shape(1, 1, c, c, c));
            NDArray weights = manager.create(wv, new Shape(1, 1, c, c, c));
            x.setRequiresGradient(true);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray loss = w.apply(x).mul(weights).sum();
                gc.backward(loss);
            }
            assertClose(w.apply(wv, 1), x.getGradient().toFloatArray(), 1e-4);
        }
    }

    private static float[] toFloat(byte[] b) {
        float[] f = new float[b.length];
        for (int i = 0; i < b.length; i++) f[i] = b[i];
        return f;
    }

    private static void assertMaskEquals(String file, float[] ours) throws IOException {
        float[] ref = Npy.read(Npy.vectors(file)).yxzToZyx();
        assertEquals(ref.length, ours.length, file);
        int diff = 0;
        for (int i = 0; i < ref.length; i++) if (ref[i] != ours[i]) diff++;
        assertEquals(0, diff, file + ": voxels that differ");
    }

    private static void assertClose(float[] expected, float[] actual, double tol) {
        assertEquals(expected.length, actual.length);
        double scale = 0;
        for (float v : expected) scale = Math.max(scale, Math.abs(v));
        for (int i = 0; i < expected.length; i++) {
            if (Math.abs(expected[i] - actual[i]) > tol * Math.max(1, scale)) {
                fail("index " + i + ": expected " + expected[i] + " but was " + actual[i]);
            }
        }
    }
}
