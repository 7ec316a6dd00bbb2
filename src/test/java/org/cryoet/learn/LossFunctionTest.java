package org.cryoet.learn;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import org.cryoet.fourier.Fsc;
import org.cryoet.fourier.FscCurve;
import org.cryoet.util.CryoEtException;
import org.cryoet.volume.Calibration;
import org.cryoet.volume.Volume;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

/** The loss functions' values against independent host computations, and the FSC loss's gradient. */
class LossFunctionTest {

    static float[] gaussian(int n, long seed) {
        Random r = new Random(seed);
        float[] v = new float[n];
        for (int i = 0; i < v.length; i++) v[i] = (float) r.nextGaussian();
        return v;
    }

    @Test
    void registryHasTheThreeLosses() {
        assertEquals(Set.of("l1", "l2", "fsc"), LossFunctions.names());
        CryoEtException e = assertThrows(CryoEtException.class, () -> LossFunctions.byName("huber"));
        assertTrue(e.getMessage().contains("huber") && e.getMessage().contains("fsc"), e.getMessage());
        assertEquals("l2", TrainingConfig.defaults().loss());
    }

    @Test
    void l1AndL2AreTheMeansOfAbsoluteAndSquaredDifferences() {
        int b = 2, c = 6, n = b * c * c * c;
        float[] p = gaussian(n, 1);
        float[] t = gaussian(n, 2);
        double abs = 0, sq = 0;
        for (int i = 0; i < n; i++) {
            abs += Math.abs(p[i] - t[i]);
            sq += (p[i] - t[i]) * (double) (p[i] - t[i]);
        }
        try (NDManager m = NDManager.newBaseManager()) {
            Shape s = new Shape(b, 1, c, c, c);
            NDArray pa = m.create(p, s);
            NDArray ta = m.create(t, s);
            assertEquals(abs / n, LossFunctions.byName("l1").between(pa, ta).getFloat(), 1e-6 * abs / n);
            assertEquals(sq / n, LossFunctions.byName("l2").between(pa, ta).getFloat(), 1e-6 * sq / n);
            assertThrows(IllegalArgumentException.class,
                    () -> LossFunctions.byName("l1").between(pa, ta.reshape(b, 1, c, c * c, 1)));
        }
    }

    /** 1 - mean over samples and shells 1..n/2 of the FSC computed on the host by {@link Fsc}. */
    static double hostFscLoss(float[] p, float[] t, int batch, int n) {
        int v = n * n * n;
        double sum = 0;
        for (int b = 0; b < batch; b++) {
            Volume a = Volume.wrap(Arrays.copyOfRange(p, b * v, (b + 1) * v), n, n, n, Calibration.UNIT);
            Volume c = Volume.wrap(Arrays.copyOfRange(t, b * v, (b + 1) * v), n, n, n, Calibration.UNIT);
            FscCurve f = Fsc.compute(a, c);
            assertEquals(n / 2 + 1, f.fsc().length);
            for (int q = 1; q <= n / 2; q++) sum += f.fsc()[q];
        }
        return 1 - sum / (batch * (n / 2));
    }

    @Test
    void fscLossMatchesTheHostFsc() {
        for (int n : new int[]{8, 9, 16}) {
            int batch = 3;
            float[] t = gaussian(batch * n * n * n, 10 + n);
            float[] noise = gaussian(t.length, 20 + n);
            float[] p = new float[t.length];
            // correlated with the target, so the FSC is well inside (-1, 1)
            for (int i = 0; i < p.length; i++) p[i] = 0.7f * t[i] + 0.5f * noise[i];
            double expected = hostFscLoss(p, t, batch, n);
            try (NDManager m = NDManager.newBaseManager()) {
                Shape s = new Shape(batch, 1, n, n, n);
                double got = LossFunctions.byName("fsc").between(m.create(p, s), m.create(t, s)).getFloat();
                assertEquals(expected, got, 1e-5, "n = " + n);
                assertTrue(expected > 0.05 && expected < 0.9, "a non-trivial value: " + expected);
                assertEquals(0, LossFunctions.byName("fsc").between(m.create(t, s).mul(3), m.create(t, s)).getFloat(),
                        1e-5, "a scaled copy of the target correlates perfectly");
            }
        }
    }

    @Test
    void fscLossGradientMatchesFiniteDifferences() {
        int n = 8;
        float[] t = gaussian(n * n * n, 3);
        float[] p = gaussian(n * n * n, 4);
        int[] probes = {0, 17, 200, 511};
        float[] grad;
        try (NDManager m = NDManager.newBaseManager()) {
            Shape s = new Shape(1, 1, n, n, n);
            NDArray pa = m.create(p, s);
            pa.setRequiresGradient(true);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray loss = LossFunctions.byName("fsc").between(pa, m.create(t, s));
                gc.backward(loss);
            }
            grad = pa.getGradient().toFloatArray();
        }
        double h = 1e-2;
        for (int i : probes) {
            float[] up = p.clone();
            float[] down = p.clone();
            up[i] += (float) h;
            down[i] -= (float) h;
            double fd = (hostFscLoss(up, t, 1, n) - hostFscLoss(down, t, 1, n)) / (2 * h);
            assertEquals(fd, grad[i], 1e-3 * Math.max(1e-2, Math.abs(fd)) + 2e-5, "d loss / d p[" + i + "]");
        }
        double norm = 0;
        for (float g : grad) norm += g * g;
        assertTrue(norm > 0, "the gradient reaches the prediction");
    }
}
