package org.cryoet.learn;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.cryoet.util.Progress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

/** IsoNet-style training: rotations, noise schedule, loss, refill state and resume. */
class IsonetMethodTest {

    @Test
    void rotationsAreTheTwentyFourProperCubeRotationsDrawnRepeatably() {
        assertEquals(24, IsonetMethod.rotations().size());
        assertEquals(24, new HashSet<>(IsonetMethod.rotations()).size());
        for (CubeSymmetry g : IsonetMethod.rotations()) {
            int[][] m = g.matrix();
            double det = m[0][0] * (m[1][1] * m[2][2] - m[1][2] * m[2][1])
                    - m[0][1] * (m[1][0] * m[2][2] - m[1][2] * m[2][0])
                    + m[0][2] * (m[1][0] * m[2][1] - m[1][1] * m[2][0]);
            assertEquals(1.0, det);
        }
        Set<CubeSymmetry> seen = new HashSet<>();
        for (int i = 0; i < 500; i++) {
            CubeSymmetry g = IsonetMethod.rotationAt(9, i / 4 + 1, i % 4);
            assertEquals(g, IsonetMethod.rotationAt(9, i / 4 + 1, i % 4));
            seen.add(g);
        }
        assertEquals(24, seen.size());
    }

    @Test
    void noiseScheduleFollowsIsonetsStepsScaledToTheBudget() {
        assertEquals(0, IsonetMethod.noiseLevel(1, 300, 0.2));
        assertEquals(0, IsonetMethod.noiseLevel(100, 300, 0.2));
        assertEquals(0.05, IsonetMethod.noiseLevel(101, 300, 0.2), 1e-12);
        assertEquals(0.05, IsonetMethod.noiseLevel(150, 300, 0.2), 1e-12);
        assertEquals(0.10, IsonetMethod.noiseLevel(151, 300, 0.2), 1e-12);
        assertEquals(0.15, IsonetMethod.noiseLevel(201, 300, 0.2), 1e-12);
        assertEquals(0.20, IsonetMethod.noiseLevel(251, 300, 0.2), 1e-12);
        assertEquals(0.20, IsonetMethod.noiseLevel(300, 300, 0.2), 1e-12);
        assertEquals(0.4, IsonetMethod.noiseLevel(300, 300, 0.4), 1e-12);
        assertEquals(0, IsonetMethod.noiseLevel(300, 0, 0.2), "no budget, no schedule");
    }

    @Test
    void lossEqualsAnIndependentHostComputationWithAndWithoutNoise() {
        int c = 8;
        int b = 2;
        int c3 = c * c * c;
        Random rnd = new Random(4);
        float[] a = new float[b * c3];
        float[] o = new float[b * c3];
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) rnd.nextGaussian();
            o[i] = (float) rnd.nextGaussian();
        }
        TrainingPair pair = TrainerTest.pairs().get(1); // tilt range [-50, 45]
        float[] m = DdwMethod.wedgeMask(c, -50, 45, Rotation3d.identity());
        long seed = 21;
        for (long iteration : new long[]{3, 290}) {
            double got;
            try (NDManager mgr = NDManager.newBaseManager(Device.cpu())) {
                PreparedMethod p = new IsonetMethod().prepare(new TrainingSetup(MethodSpec.defaults("isonet"), LossFunctions.byName("l2"),
                        List.of(pair), c, b, seed, mgr, 300));
                Shape shape = new Shape(b, 1, c, c, c);
                got = p.loss(new DdwMethodTest.Quadratic(), new TrainingBatch(iteration, 0,
                        HostArrays.create(mgr, a, shape), HostArrays.create(mgr, o, shape))).total().getFloat();
            }
            double level = IsonetMethod.noiseLevel(iteration, 300, 0.2);
            double expected = 0;
            for (int s = 0; s < b; s++) {
                float[] v = new float[c3];
                for (int i = 0; i < c3; i++) v[i] = 0.5f * (a[s * c3 + i] + o[s * c3 + i]);
                float[] t = new float[c3];
                IsonetMethod.rotationAt(seed, iteration, s).apply(v, t, c);
                float[] in = DdwMethodTest.hostMasked(t, m, c);
                if (level > 0) {
                    double mean = 0;
                    for (float q : t) mean += q;
                    mean /= c3;
                    double var = 0;
                    for (float q : t) var += (q - mean) * (q - mean);
                    double sd = Math.sqrt(var / c3);
                    float[] n = DdwMethodTest.hostMasked(IsonetMethod.whiteNoise(seed, iteration, s, c3, level * sd),
                            m, c);
                    for (int i = 0; i < c3; i++) in[i] += n[i];
                }
                for (int i = 0; i < c3; i++) expected += Math.abs(DdwMethodTest.Quadratic.host(in[i]) - t[i]);
            }
            expected /= b * c3;
            assertEquals(expected, got, 1e-5 * expected, "iteration " + iteration);
        }
        assertTrue(IsonetMethod.noiseLevel(290, 300, 0.2) > 0, "the second case has noise");
    }

    static TrainingConfig isonet(long iterations) {
        return TrainerTest.tiny(iterations).toBuilder().method("isonet").methodParameter("refill_every", 2).build();
    }

    @Test
    void stopAndResumeIsBitExactIncludingTheRefilledData(@TempDir Path dir) {
        Path straight = dir.resolve("straight");
        new Trainer(isonet(5), TrainerTest.pairs(), straight).run(Progress.NONE);
        Path interrupted = dir.resolve("interrupted");
        new Trainer(isonet(5).toBuilder().checkpointEvery(3).build(), TrainerTest.pairs(), interrupted)
                .addListener(TrainerTest.stopAfter(3)).run(Progress.NONE);
        Checkpoint ckpt = Checkpoint.read(interrupted);
        assertEquals(3, ckpt.iteration());
        assertEquals(16 * 16 * 16, ckpt.methodState()[1].length);
        new Trainer(isonet(5), TrainerTest.pairs(), interrupted).resume(true).run(Progress.NONE);
        TrainerTest.assertBitIdentical(TrainerTest.weights(straight), TrainerTest.weights(interrupted));
        LossHistory h = LossHistory.read(straight.resolve("loss.csv"));
        assertEquals(List.of("l1"), h.termNames());
        for (int i = 0; i < 5; i++) {
            assertEquals(h.entries().get(i).loss(), LossHistory.read(interrupted.resolve("loss.csv")).entries().get(i)
                    .loss());
        }
    }

    @Test
    void trainingLowersTheLoss(@TempDir Path dir) {
        SyntheticPairs data = new SyntheticPairs(24, 10, 0.5, -60, 60, 8);
        TrainingConfig cfg = TrainingConfig.defaults().toBuilder().method("isonet").methodParameter("refill_every", 20)
                .methodParameter("noise_max", 0).network(new UNetConfig(2, 8)).init(UNet3d.Init.HE_NORMAL).crop(16)
                .batch(2).iterations(50).learningRate(1e-3).seed(5).checkpointEvery(0).checkpointMinutes(0)
                .progressEvery(0).device("cpu").build();
        List<Double> losses = new ArrayList<>();
        new Trainer(cfg, List.of(data.pair()), dir).addListener(new TrainingListener() {
            @Override
            public void iteration(TrainingStatus s) {
                losses.add(s.loss());
            }
        }).run(Progress.NONE);
        double first = losses.subList(0, 10).stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        double last = losses.subList(40, 50).stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        assertTrue(last < 0.8 * first, "loss " + first + " -> " + last);
    }
}
