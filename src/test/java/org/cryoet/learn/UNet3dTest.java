package org.cryoet.learn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.engine.Engine;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class UNet3dTest {

    @Test
    void referenceArchitectureHasTheReferenceParameterCount() {
        UNetConfig ref = UNetConfig.reference();
        assertEquals(16_313_248L, ref.parameterCount());
        int[][] s = ref.weightShapes();
        assertEquals(15, s.length);
        assertArrayEquals(new int[] {32, 1, 3}, s[0]);
        assertArrayEquals(new int[] {512, 256, 3}, s[7]);
        assertArrayEquals(new int[] {256, 768, 3}, s[8]);
        assertArrayEquals(new int[] {64, 192, 3}, s[12]);
        assertArrayEquals(new int[] {1, 64, 1}, s[14]);
    }

    @Test
    void forwardKeepsShapeIsScaleEquivariantAndGradientsReachEveryWeight() {
        try (NDManager m = NDManager.newBaseManager();
             UNet3d net = UNet3d.create(new UNetConfig(3, 4), UNet3d.Init.PYTORCH_DEFAULT, 7, m)) {
            assertEquals(new UNetConfig(3, 4).parameterCount(),
                    java.util.Arrays.stream(net.parameters()).mapToLong(p -> p.getShape().size()).sum());
            java.util.Random r = new java.util.Random(1);
            float[] data = new float[2 * 8 * 8 * 8];
            for (int i = 0; i < data.length; i++) data[i] = (float) r.nextGaussian();
            NDArray x = m.create(data, new Shape(2, 1, 8, 8, 8));
            float[] y1 = net.forward(x).toFloatArray();
            float[] y3 = net.forward(x.mul(3f)).toFloatArray();
            assertEquals(data.length, y1.length);
            double maxAbs = 0;
            for (int i = 0; i < y1.length; i++) {
                maxAbs = Math.max(maxAbs, Math.abs(y1[i]));
                assertEquals(3 * y1[i], y3[i], 1e-5 * (1 + Math.abs(y3[i])));
            }
            assertTrue(maxAbs > 0);

            net.setRequiresGradient(true);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray loss = net.forward(x).square().sum();
                gc.backward(loss);
            }
            for (NDArray p : net.parameters()) {
                assertTrue(p.getGradient().abs().sum().getFloat() > 0, "zero gradient for " + p.getShape());
            }
        }
    }
}
