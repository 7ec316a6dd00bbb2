package org.cryoet.learn.icetide;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.Test;

class GradientFlowTest {
    private static final int VIEWS = 3, W = 24, H = 20, THICK = 10, RAYS = 200;

    private final int[] view = new int[RAYS], column = new int[RAYS], row = new int[RAYS];
    private final double[] theta = new double[RAYS];

    GradientFlowTest() {
        SplittableRandom rng = new SplittableRandom(3);
        double[] angles = {-40, 0, 30};
        for (int k = 0; k < RAYS; k++) {
            view[k] = k % VIEWS;
            column[k] = rng.nextInt(W);
            row[k] = rng.nextInt(H);
            theta[k] = angles[view[k]];
        }
    }

    /** sum of the predicted pixels (deterministic: stratum centres). */
    private NDArray objective(ImplicitVolume vol, ViewDeformations def, RayModel rays, NDManager scope) {
        NDArray u = def.detectorPositions(view, column, row, true, scope);
        return rays.project(vol, u, theta, null, scope).sum();
    }

    @Test
    void gradientsReachTablesAndDeformationsAndMatchFiniteDifferences() {
        // small tables so that both a dense and a hashed level exist; a linear read-out keeps the
        // objective continuously differentiable (smoothstep weights), so a finite difference converges
        HashGridSpec spec = new HashGridSpec(4, 2, 12, 4, 2.5, true, 16, 0);
        try (NDManager m = NDManager.newBaseManager()) {
            ImplicitVolume vol = new ImplicitVolume(spec, new double[] {30, 16, THICK / 2.0 + 0.5}, 5, m);
            assertTrue(vol.encoding().isDense(0), "coarsest level dense");
            assertFalse(vol.encoding().isDense(spec.levels() - 1), "finest level hashed");
            // features of order 1 instead of 1e-4, so that the output varies visibly with position
            SplittableRandom rng = new SplittableRandom(11);
            for (NDArray t : vol.tables()) {
                float[] v = new float[(int) t.getShape().size()];
                for (int i = 0; i < v.length; i++) v[i] = (float) (rng.nextDouble() * 2 - 1);
                t.set(v);
            }
            ViewDeformations def = new ViewDeformations(VIEWS, W, H, 4, 4, m);
            def.shift().set(new float[] {0.3f, -0.2f, 1.1f, 0.4f, -0.7f, 0.25f});
            def.rotation().set(new float[] {0.5f, -0.3f, 0.2f});
            RayModel rays = new RayModel(THICK, 16);

            try (NDManager scope = m.newSubManager(); GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                gc.backward(objective(vol, def, rays, scope));
            }
            for (NDArray t : vol.tables()) {
                float[] g = t.getGradient().toFloatArray();
                double sum = 0;
                for (float x : g) {
                    assertTrue(Float.isFinite(x));
                    sum += Math.abs(x);
                }
                assertTrue(sum > 0, "a table received no gradient");
            }
            float[] shiftGrad = def.shift().getGradient().toFloatArray();
            float[] rotGrad = def.rotation().getGradient().toFloatArray();
            float[] localGrad = def.local().getGradient().toFloatArray();
            assertTrue(Math.abs(rotGrad[1]) > 0 && Math.abs(localGrad[5]) + Math.abs(localGrad[6]) > 0);

            // central finite difference on the x shift of view 1
            double h = 0.01;
            double[] values = new double[2];
            for (int s = 0; s < 2; s++) {
                float[] shifted = def.shift().toFloatArray();
                shifted[2] += (float) (s == 0 ? h : -h);
                def.shift().set(shifted);
                try (NDManager scope = m.newSubManager()) {
                    values[s] = objective(vol, def, rays, scope).getFloat();
                }
                shifted[2] -= (float) (s == 0 ? h : -h);
                def.shift().set(shifted);
            }
            double fd = (values[0] - values[1]) / (2 * h);
            assertTrue(Math.abs(fd) > 1e-3, "the objective depends on the shift: " + fd);
            assertEquals(fd, shiftGrad[2], 0.05 * Math.abs(fd), "autograd " + shiftGrad[2] + " vs finite difference " + fd);
        }
    }
}
