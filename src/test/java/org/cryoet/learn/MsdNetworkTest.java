package org.cryoet.learn;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import org.cryoet.util.CryoEtException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/** The mixed-scale dense network: shapes, parameter count, dilated dense stencils, weights and model.json. */
class MsdNetworkTest {

    private static float[] gaussian(int n, long seed) {
        Random r = new Random(seed);
        float[] d = new float[n];
        for (int i = 0; i < n; i++) d[i] = (float) r.nextGaussian();
        return d;
    }

    @Test
    void parameterCountIsTheSumOverLayersPlusTheFinalConvolution() {
        // layer i reads 1 + 2i channels (input + i layers of width 2): 1, 3, 5, 7, 9 -> 25 in total;
        // kernels 25 * 2 * 27 = 1350, biases 5 * 2 = 10; final 1x1x1 over 11 channels + 1 bias = 12
        assertEquals(1372, new MsdConfig(5, 2, 10).parameterCount());
        for (int[] lwd : new int[][] {{1, 1, 1}, {12, 1, 10}, {7, 3, 4}, {100, 1, 10}}) {
            MsdConfig c = new MsdConfig(lwd[0], lwd[1], lwd[2]);
            long expected = 0;
            for (int i = 0; i < c.layers(); i++) expected += (1L + (long) i * c.width()) * c.width() * 27 + c.width();
            expected += (1L + (long) c.layers() * c.width()) + 1;
            assertEquals(expected, c.parameterCount(), c.toString());
        }
        // width 1, 100 layers: 27 * (1 + ... + 100) + 100 biases + final 101 + 1
        assertEquals(27L * 5050 + 202, new MsdConfig(100, 1, 10).parameterCount());
        int[] dilations = new int[7];
        for (int i = 0; i < 7; i++) dilations[i] = new MsdConfig(7, 1, 3).dilation(i);
        assertArrayEquals(new int[] {1, 2, 3, 1, 2, 3, 1}, dilations);
    }

    @Test
    void outputHasTheInputShapeForAnySizeAndLiveWeightsMatchTheCount() {
        MsdConfig c = new MsdConfig(6, 2, 3);
        assertEquals(1, c.sizeDivisor());
        c.checkCrop(7);
        try (NDManager m = NDManager.newBaseManager(Device.cpu());
             MsdNetwork net = c.create(UNet3d.Init.HE_NORMAL, 5, m)) {
            assertEquals(c.parameterCount(), Arrays.stream(net.parameters()).mapToLong(p -> p.getShape().size()).sum());
            for (Shape s : List.of(new Shape(2, 1, 16, 16, 16), new Shape(1, 1, 7, 9, 5), new Shape(1, 1, 3, 3, 3))) {
                try (NDManager scope = m.newSubManager()) {
                    NDArray x = scope.create(gaussian((int) s.size(), 3), s);
                    NDArray y = net.forward(x);
                    assertEquals(s, y.getShape());
                    assertTrue(y.abs().sum().getFloat() > 0);
                }
            }
        }
    }

    /**
     * Known weights: layer 0 (dilation 1) copies the input (centre tap 1), layers 1 and 2 read
     * nothing but layer 2 (dilation 3) sums the 27 taps of layer 0's output; the final convolution
     * takes 0.5 x input + 1 x layer 2 + 0.25. An impulse of height a at c therefore gives
     * 0.25 + 0.5 a [p = c] + a [p - c in {-3, 0, 3}^3] for a > 0, and the ReLU removes the stencil
     * for a &lt; 0.
     */
    @Test
    void anImpulseReachesExactlyTheDilatedStencilThroughTheDenseConnections() {
        MsdConfig c = new MsdConfig(3, 1, 4);
        assertEquals(3, c.dilation(2));
        int[][] shapes = c.weightShapes();
        float[][] w = new float[shapes.length][];
        for (int i = 0; i < shapes.length; i++) w[i] = new float[(int) MsdConfig.size(shapes[i])];
        w[0][13] = 1;                                   // layer 0: centre of the 3x3x3 kernel on the input
        assertEquals(3 * 27, w[4].length);              // layer 2 reads input, layer 0, layer 1
        Arrays.fill(w[4], 27, 54, 1f);                  // ... all ones on layer 0's channel only
        assertArrayEquals(new int[] {1, 4, 1}, shapes[6]);
        w[6][0] = 0.5f;                                 // final: input
        w[6][3] = 1f;                                   // final: layer 2
        w[7][0] = 0.25f;                                // final bias
        int nz = 9, ny = 11, nx = 10;
        int[][] centres = {{4, 5, 6}, {1, 9, 0}};
        try (NDManager m = NDManager.newBaseManager(Device.cpu());
             MsdNetwork net = MsdNetwork.fromWeights(c, w, m)) {
            for (int[] ctr : centres) {
                for (float a : new float[] {2f, -2f}) {
                    float[] in = new float[nz * ny * nx];
                    in[(ctr[0] * ny + ctr[1]) * nx + ctr[2]] = a;
                    float[] out;
                    try (NDManager scope = m.newSubManager()) {
                        out = net.forward(scope.create(in, new Shape(1, 1, nz, ny, nx))).toFloatArray();
                    }
                    for (int z = 0; z < nz; z++) {
                        for (int y = 0; y < ny; y++) {
                            for (int x = 0; x < nx; x++) {
                                int dz = z - ctr[0], dy = y - ctr[1], dx = x - ctr[2];
                                boolean centre = dz == 0 && dy == 0 && dx == 0;
                                boolean stencil = onStencil(dz, 3) && onStencil(dy, 3) && onStencil(dx, 3);
                                double expected = 0.25 + (centre ? 0.5 * a : 0) + (stencil && a > 0 ? a : 0);
                                assertEquals(expected, out[(z * ny + y) * nx + x], 1e-6,
                                        "impulse " + a + " at " + Arrays.toString(ctr) + ", voxel " + z + "," + y + "," + x);
                            }
                        }
                    }
                }
            }
        }
    }

    private static boolean onStencil(int offset, int dilation) {
        return offset == 0 || offset == dilation || offset == -dilation;
    }

    /** The CPU's factorised layer (matrix product + 27 shifts) is the dilated convolution, values and gradients. */
    @Test
    void theFactorisedLayerIsTheDilatedConvolution() {
        try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
            for (int d : new int[] {1, 2, 3, 7}) {
                Shape xs = new Shape(2, 5, 6, 9, 7);
                float[][] results = new float[2][];
                float[][] gradients = new float[2][];
                for (int form = 0; form < 2; form++) {
                    // fresh arrays per form: gradients accumulate across backward passes
                    NDArray x = m.create(gaussian((int) xs.size(), d), xs);
                    NDArray w = m.create(gaussian(3 * 5 * 27, 10 + d), new Shape(3, 5, 3, 3, 3));
                    NDArray b = m.create(gaussian(3, 20 + d), new Shape(3));
                    w.setRequiresGradient(true);
                    x.setRequiresGradient(true);
                    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                        NDArray y = form == 0 ? MsdNetwork.dilatedConvolution(x, w, b, d)
                                : MsdNetwork.factorisedConvolution(x, w, b, d);
                        assertEquals(new Shape(2, 3, 6, 9, 7), y.getShape());
                        results[form] = y.toFloatArray();
                        gc.backward(y.mul(y.sin()).sum());
                    }
                    float[] gw = w.getGradient().toFloatArray();
                    float[] gx = x.getGradient().toFloatArray();
                    gradients[form] = Arrays.copyOf(gw, gw.length + gx.length);
                    System.arraycopy(gx, 0, gradients[form], gw.length, gx.length);
                }
                for (int i = 0; i < results[0].length; i++) {
                    assertEquals(results[0][i], results[1][i], 2e-5 * (1 + Math.abs(results[0][i])), "d=" + d + " value " + i);
                }
                // weight gradients sum hundreds of products with cancellation: compare against their scale
                double scale = 0;
                for (float g : gradients[0]) scale = Math.max(scale, Math.abs(g));
                for (int i = 0; i < gradients[0].length; i++) {
                    assertEquals(gradients[0][i], gradients[1][i], 1e-5 * scale, "d=" + d + " gradient " + i);
                }
            }
        }
    }

    @Test
    void sameSeedSameWeightsAndTheWeightsRoundTripToTheSameOutput() {
        MsdConfig c = new MsdConfig(5, 2, 3);
        float[] data = gaussian(2 * 16 * 16 * 16, 9);
        Shape shape = new Shape(2, 1, 16, 16, 16);
        try (NDManager m = NDManager.newBaseManager(Device.cpu());
             MsdNetwork a = c.create(UNet3d.Init.HE_NORMAL, 11, m);
             MsdNetwork b = c.create(UNet3d.Init.HE_NORMAL, 11, m);
             MsdNetwork other = c.create(UNet3d.Init.HE_NORMAL, 12, m);
             MsdNetwork copy = MsdNetwork.fromWeights(c, a.weightsToHost(), m)) {
            float[][] wa = a.weightsToHost();
            TrainerTest.assertBitIdentical(wa, b.weightsToHost());
            assertFalse(Arrays.equals(wa[0], other.weightsToHost()[0]), "another seed draws other weights");
            for (int i = 1; i < wa.length; i += 2) assertTrue(allZero(wa[i]), "biases start at 0");
            // He normal: kernel variance 2 / fan-in (layer 4 reads 9 channels: fan-in 243, 486 values)
            assertEquals(2.0 / 243, variance(wa[8]), 0.4 * 2.0 / 243);
            try (NDManager scope = m.newSubManager()) {
                float[] ya = a.forward(scope.create(data, shape)).toFloatArray();
                float[] yc = copy.forward(scope.create(data, shape)).toFloatArray();
                for (int i = 0; i < ya.length; i++) {
                    assertEquals(Float.floatToRawIntBits(ya[i]), Float.floatToRawIntBits(yc[i]), "voxel " + i);
                }
            }
            float[][] wrong = Arrays.copyOf(wa, wa.length - 1);
            assertThrows(IllegalArgumentException.class, () -> MsdNetwork.fromWeights(c, wrong, m));
        }
    }

    private static boolean allZero(float[] v) {
        for (float f : v) if (f != 0) return false;
        return true;
    }

    private static double variance(float[] v) {
        double s = 0, s2 = 0;
        for (float f : v) {
            s += f;
            s2 += (double) f * f;
        }
        return s2 / v.length - (s / v.length) * (s / v.length);
    }

    @Test
    void gradientsReachEveryWeightAndBias() {
        MsdConfig c = new MsdConfig(4, 1, 2);
        try (NDManager m = NDManager.newBaseManager(Device.cpu());
             MsdNetwork net = c.create(UNet3d.Init.HE_NORMAL, 3, m)) {
            net.setRequiresGradient(true);
            NDArray x = m.create(gaussian(2 * 8 * 8 * 8, 4), new Shape(2, 1, 8, 8, 8));
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                gc.backward(net.forward(x).sub(x).square().sum());
            }
            for (int i = 0; i < net.parameters().length; i++) {
                NDArray p = net.parameters()[i];
                assertTrue(p.getGradient().abs().sum().getFloat() > 0, "zero gradient for weight " + i + " " + p.getShape());
            }
        }
    }

    @Test
    void modelJsonRecordsTheMsdNetAndLoadsItBack(@TempDir Path dir) throws Exception {
        MsdConfig c = new MsdConfig(7, 2, 5);
        ModelInfo info = new ModelInfo(ModelInfo.FORMAT, MethodSpec.defaults("icecream"), c, ModelInfo.NORMALIZATION,
                -60, 60, 16, 2, 3, 1e-4, 42, "he_normal", List.of("a.mrc | b.mrc"), 0, ModelInfo.SOFTWARE, "");
        float[][] before;
        try (IcecreamModel m = IcecreamModel.create(info, UNet3d.Init.HE_NORMAL, 3, Device.cpu())) {
            before = m.network().weightsToHost();
            m.save(dir);
        }
        String json = Files.readString(dir.resolve(IcecreamModel.DESCRIPTION));
        assertTrue(json.matches("(?s).*\"network\": \\{\\s*\"type\": \"msd\",\\s*\"parameters\": \\{\\s*"
                + "\"layers\": 7,\\s*\"width\": 2,\\s*\"maxDilation\": 5\\s*},\\s*\"weights\": "
                + c.parameterCount() + "\\s*}.*"), json);
        try (IcecreamModel m = IcecreamModel.load(dir)) {
            assertEquals(c, m.info().network());
            assertInstanceOf(MsdNetwork.class, m.network());
            TrainerTest.assertBitIdentical(before, m.network().weightsToHost());
        }
        String bad = json.replace("\"layers\": 7", "\"layers\": 0");
        CryoEtException e = assertThrows(CryoEtException.class, () -> ModelInfo.fromJson(bad, "bad/model.json"));
        assertTrue(e.getMessage().contains("bad/model.json") && e.getMessage().contains("MS-D layers"), e.getMessage());
        assertEquals(c, NetworkTypes.byName("MSD").spec(Map.of("layers", 7, "width", 2, "maxDilation", 5)));
    }
}
