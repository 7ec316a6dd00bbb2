package org.cryoet.learn;

import org.cryoet.util.Progress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Quality gate: a short CPU training on a noisy missing-wedge phantom must beat the best
 * Gaussian filter of the averaged halves in correlation with the ground truth.
 */
class LearningTest {

    static int prop(String k, int d) {
        return Integer.getInteger("learn." + k, d);
    }

    static double dprop(String k, double d) {
        String s = System.getProperty("learn." + k);
        return s == null ? d : Double.parseDouble(s);
    }

    @Test
    void shortTrainingBeatsTheBestGaussianFilter(@TempDir Path dir) {
        int n = prop("n", 64);
        SyntheticPairs data = new SyntheticPairs(n, prop("objects", 60), dprop("noise", 3), -60, 60, 11);
        TrainingConfig cfg = TrainingConfig.defaults()
                .withNetwork(new UNetConfig(prop("depth", 3), prop("channels", 16)))
                .withInit(UNet3d.Init.valueOf(System.getProperty("learn.init", "HE_NORMAL")))
                .withCrop(prop("crop", 32)).withBatch(prop("batch", 2))
                .withIterations(prop("iterations", 60)).withLearningRate(dprop("lr", 1e-3))
                .withSeed(5).withCheckpointEvery(0).withProgressEvery(0).withDevice("cpu");
        long t0 = System.nanoTime();
        Trainer.Result res = new Trainer(cfg, List.of(data.pair()), dir).log(System.out::println).run(Progress.NONE);
        double trainSec = (System.nanoTime() - t0) / 1e9;
        LossHistory h = LossHistory.read(dir.resolve("loss.csv"));
        if (Boolean.getBoolean("learn.verbose")) {
            for (LossHistory.Entry e : h.entries()) System.out.println(e);
        }

        float[] avg = new float[data.even.length];
        float[] ze = SyntheticPairs.zscore(data.even);
        float[] zo = SyntheticPairs.zscore(data.odd);
        for (int i = 0; i < avg.length; i++) avg[i] = 0.5f * (ze[i] + zo[i]);
        double bestGauss = -1;
        double bestSigma = 0;
        for (double s = 0.5; s <= 4.01; s += 0.25) {
            double c = SyntheticPairs.cc(SyntheticPairs.gaussian(avg, n, s), data.truth);
            if (c > bestGauss) {
                bestGauss = c;
                bestSigma = s;
            }
        }
        float[] pred = new float[avg.length];
        try (IcecreamModel m = IcecreamModel.load(dir); TileFunction f = m.inferenceFunction()) {
            float[] pe = f.apply(ze, 1, n);
            float[] po = f.apply(zo, 1, n);
            for (int i = 0; i < pred.length; i++) pred[i] = 0.5f * (pe[i] + po[i]);
            if (Boolean.getBoolean("learn.verbose")) {
                try (ai.djl.ndarray.NDManager mm = ai.djl.ndarray.NDManager.newBaseManager()) {
                    float[] one = m.network().forward(mm.create(ze, new ai.djl.ndarray.types.Shape(1, 1, n, n, n)))
                            .toFloatArray();
                    System.out.printf("single pass CC %.3f (std %.3f), two-pass std %.3f, blurred two-pass CC %.3f%n",
                            SyntheticPairs.cc(one, data.truth), SyntheticPairs.std(one), SyntheticPairs.std(pe),
                            SyntheticPairs.cc(SyntheticPairs.gaussian(pred, n, 1.0), data.truth));
                }
            }
        }
        double ccNet = SyntheticPairs.cc(pred, data.truth);
        double ccAvg = SyntheticPairs.cc(avg, data.truth);
        int k = Math.max(1, h.entries().size() / 5);
        double first = h.entries().subList(0, k).stream().mapToDouble(LossHistory.Entry::loss).average().orElse(0);
        double last = h.entries().subList(h.entries().size() - k, h.entries().size()).stream()
                .mapToDouble(LossHistory.Entry::loss).average().orElse(0);
        System.out.printf("train %.1f s (%d it, %.2f s/it); loss %.5f -> %.5f; CC avg %.3f, gauss(%.2f) %.3f, net %.3f%n",
                trainSec, res.iteration(), trainSec / res.iteration(), first, last, ccAvg, bestSigma, bestGauss, ccNet);
        assertTrue(last < first, "loss did not decrease");
        assertTrue(ccNet > bestGauss + dprop("margin", 0.03), "network CC " + ccNet + " vs Gaussian " + bestGauss);
    }
}
