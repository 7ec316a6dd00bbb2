package org.cryoet.learn;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class AdamOptimizerTest {

    /** Two steps on loss = sum(w^2 * c) against the Adam recursion written out in doubles. */
    @Test
    void matchesTheAdamRecursion() {
        float[] w0 = {0.5f, -1.5f, 2f};
        float[] c = {1f, 3f, 0.25f};
        double lr = 0.1;
        double b1 = 0.9;
        double b2 = 0.999;
        double eps = 1e-8;
        double[] w = {w0[0], w0[1], w0[2]};
        double[] m = new double[3];
        double[] v = new double[3];
        for (int t = 1; t <= 3; t++) {
            for (int i = 0; i < 3; i++) {
                double g = 2 * c[i] * w[i];
                m[i] = b1 * m[i] + (1 - b1) * g;
                v[i] = b2 * v[i] + (1 - b2) * g * g;
                double mh = m[i] / (1 - Math.pow(b1, t));
                double vh = v[i] / (1 - Math.pow(b2, t));
                w[i] -= lr * mh / (Math.sqrt(vh) + eps);
            }
        }
        try (NDManager mgr = NDManager.newBaseManager()) {
            NDArray p = mgr.create(w0);
            NDArray cc = mgr.create(c);
            p.setRequiresGradient(true);
            NDArray[] params = {p};
            try (AdamOptimizer adam = new AdamOptimizer(params, lr, b1, b2, eps, mgr)) {
                for (int t = 0; t < 3; t++) {
                    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                        gc.backward(p.square().mul(cc).sum());
                    }
                    adam.step(params);
                }
                assertEquals(3, adam.stepCount());
            }
            float[] got = p.toFloatArray();
            for (int i = 0; i < 3; i++) assertEquals(w[i], got[i], 1e-5);
        }
    }
}
