package org.cryoet.learn;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.cryoet.util.Progress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/** The n2n method: its rotation augmentation, its random stream, its model files and prediction. */
class Noise2NoiseMethodTest {

    @Test
    void quarterTurnIsAProperRotationAboutY() {
        int n = 6;
        int b = 2;
        float[] v = new float[b * n * n * n];
        Random r = new Random(5);
        for (int i = 0; i < v.length; i++) v[i] = (float) r.nextGaussian();
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.create(v, new Shape(b, 1, n, n, n));
            for (int k = 0; k < 4; k++) {
                float[] out = Noise2NoiseMethod.rotateAboutY(x, k).toFloatArray();
                // centred coordinates c = i - (n - 1)/2; a quarter turn maps (z, y, x) to (-x, y, z)
                for (int s = 0; s < b; s++) {
                    for (int z = 0; z < n; z++) for (int y = 0; y < n; y++) for (int xx = 0; xx < n; xx++) {
                        int[] zx = {z, xx};
                        for (int t = 0; t < k; t++) zx = new int[]{n - 1 - zx[1], zx[0]};
                        float in = v[((s * n + z) * n + y) * n + xx];
                        assertEquals(in, out[((s * n + zx[0]) * n + y) * n + zx[1]], "k=" + k);
                    }
                }
            }
            // four quarter turns are the identity; 1 then 3 too
            NDArray four = x;
            for (int t = 0; t < 4; t++) four = Noise2NoiseMethod.rotateAboutY(four, 1);
            assertArrayEquals(v, four.toFloatArray());
            assertArrayEquals(v, Noise2NoiseMethod.rotateAboutY(Noise2NoiseMethod.rotateAboutY(x, 1), 3).toFloatArray());
        }
        // the map (z, x) -> (-x, z) has determinant +1: a rotation, not a mirror
        int[][] rot = {{0, -1}, {1, 0}};
        assertEquals(1, rot[0][0] * rot[1][1] - rot[0][1] * rot[1][0]);
    }

    @Test
    void quarterTurnsArePureFunctionsOfSeedIterationAndSample() {
        int[] counts = new int[4];
        for (long it = 1; it <= 500; it++) {
            for (int s = 0; s < 4; s++) {
                int k = Noise2NoiseMethod.quarterTurnsAt(42, it, s);
                assertEquals(k, Noise2NoiseMethod.quarterTurnsAt(42, it, s));
                counts[k]++;
            }
        }
        for (int c : counts) assertTrue(c > 400 && c < 600, java.util.Arrays.toString(counts));
        int differ = 0;
        for (long it = 1; it <= 100; it++) {
            if (Noise2NoiseMethod.quarterTurnsAt(42, it, 0) != Noise2NoiseMethod.quarterTurnsAt(43, it, 0)) differ++;
        }
        assertTrue(differ > 50, "another seed draws other turns: " + differ);
    }

    @Test
    void lossIsTheMeanOfBothDirectionsOnRotatedCrops() {
        int n = 8;
        TrainingPair pair = TrainerTest.pairs().get(0);
        try (NDManager m = NDManager.newBaseManager()) {
            float[] a = new float[2 * n * n * n];
            float[] bb = new float[a.length];
            Random r = new Random(9);
            for (int i = 0; i < a.length; i++) {
                a[i] = (float) r.nextGaussian();
                bb[i] = (float) r.nextGaussian();
            }
            Shape s = new Shape(2, 1, n, n, n);
            NDArray ya = m.create(a, s);
            NDArray yb = m.create(bb, s);
            // a "network" that doubles its input: the loss has a closed form on the host
            Network doubling = new Network() {
                @Override
                public NDArray forward(NDArray x) {
                    return x.mul(2);
                }

                @Override
                public NetworkSpec spec() {
                    return new UNetConfig(2, 4);
                }

                @Override
                public Device device() {
                    return Device.cpu();
                }

                @Override
                public NDArray[] parameters() {
                    return new NDArray[0];
                }

                @Override
                public void setRequiresGradient(boolean on) {
                }

                @Override
                public void setHalfPrecision(boolean on) {
                }

                @Override
                public float[][] weightsToHost() {
                    return new float[0][];
                }

                @Override
                public void close() {
                }
            };
            TrainingSetup setup = new TrainingSetup(MethodSpec.defaults("n2n"), LossFunctions.byName("l1"),
                    java.util.List.of(pair), n, 2, 42, m);
            LossTerms t = new Noise2NoiseMethod().prepare(setup).loss(doubling, new TrainingBatch(1, 0, ya, yb));
            // rotations move voxels within a sample, so the mean over all voxels does not depend on them
            double sum = 0;
            for (int i = 0; i < a.length; i++) sum += Math.abs(2 * a[i] - bb[i]) + Math.abs(2 * bb[i] - a[i]);
            assertEquals(sum / (2 * a.length), t.total().getFloat(), 1e-5);
            assertEquals(Map.of("n2n", (double) t.total().getFloat()), t.values());
        }
    }

    @Test
    void trainedModelRecordsMethodAndLossAndPredictsInOnePass(@TempDir Path dir) throws Exception {
        TrainingConfig cfg = TrainerTest.tiny(2).toBuilder().method("n2n").loss("fsc").build();
        new Trainer(cfg, TrainerTest.pairs(), dir).run(Progress.NONE);
        String json = Files.readString(dir.resolve(IcecreamModel.DESCRIPTION));
        assertTrue(json.contains("\"name\": \"n2n\"") && json.contains("\"loss\": \"fsc\""), json);
        assertEquals("iteration,loss,n2n,smoothed,seconds,resident_mib,device_mib",
                Files.readAllLines(dir.resolve("loss.csv")).get(0));
        try (IcecreamModel m = IcecreamModel.load(dir, Device.cpu())) {
            assertEquals(MethodSpec.defaults("n2n"), m.info().method());
            assertEquals("fsc", m.info().loss());
            ModelInfo again = ModelInfo.fromJson(m.info().toJson(), "round trip");
            assertEquals(m.info().method(), again.method());
            assertEquals("fsc", again.loss());
            float[] tiles = new float[2 * 8 * 8 * 8];
            Random r = new Random(3);
            for (int i = 0; i < tiles.length; i++) tiles[i] = (float) r.nextGaussian();
            try (TileFunction f = m.inferenceFunction(); TileFunction once = m.singlePassFunction()) {
                assertArrayEquals(once.apply(tiles, 2, 8), f.apply(tiles, 2, 8));
            }
        }
    }
}
