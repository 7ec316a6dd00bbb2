package org.cryoet.learn;

import ai.djl.Device;
import org.cryoet.fourier.Fsc;
import org.cryoet.fourier.MissingWedge;
import org.cryoet.io.MrcReader;
import org.cryoet.io.MrcWriter;
import org.cryoet.util.Progress;
import org.cryoet.volume.Calibration;
import org.cryoet.volume.Volume;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * What every registered {@link TrainingMethod} must do, run for each name in
 * {@link TrainingMethods#names()} (so a method added later is held to it too): a stopped and
 * resumed run ends with the weights of an uninterrupted one, the loss falls on a small phantom,
 * the trained model predicts a tomogram of the input's size and voxel size, and on a small case it
 * beats the oracle Gaussian filter at every restoration it declares.
 */
class TrainingMethodContractTest {

    static Stream<String> methods() {
        return TrainingMethods.names().stream();
    }

    static TrainingConfig config(String method, long iterations) {
        return TrainerTest.tiny(iterations).toBuilder().method(method).build();
    }

    @ParameterizedTest
    @MethodSource("methods")
    void resumeIsBitExact(String method, @TempDir Path dir) throws Exception {
        TrainingConfig cfg = config(method, 4).toBuilder().checkpointEvery(2).build();
        Path straight = dir.resolve("straight");
        assertTrue(new Trainer(cfg, TrainerTest.pairs(), straight).run(Progress.NONE).completed());

        Path interrupted = dir.resolve("interrupted");
        AtomicLong seen = new AtomicLong();
        Trainer.Result stopped = new Trainer(cfg, TrainerTest.pairs(), interrupted).addListener(new TrainingListener() {
            @Override
            public void iteration(TrainingStatus s) {
                seen.set(s.iteration());
            }

            @Override
            public boolean stopRequested() {
                return seen.get() >= 2;
            }
        }).run(Progress.NONE);
        assertEquals(2, stopped.iteration());
        Trainer.Result resumed = new Trainer(cfg, TrainerTest.pairs(), interrupted).resume(true).run(Progress.NONE);
        assertEquals(4, resumed.iteration());
        TrainerTest.assertBitIdentical(TrainerTest.weights(straight), TrainerTest.weights(interrupted));
        LossHistory a = LossHistory.read(straight.resolve("loss.csv"));
        LossHistory b = LossHistory.read(interrupted.resolve("loss.csv"));
        for (int i = 0; i < 4; i++) assertEquals(a.entries().get(i).loss(), b.entries().get(i).loss(), method);
    }

    @ParameterizedTest
    @MethodSource("methods")
    void lossFallsOnASmallPhantom(String method, @TempDir Path dir) {
        List<Double> losses = new ArrayList<>();
        new Trainer(config(method, 40), TrainerTest.pairs(), dir).addListener(new TrainingListener() {
            @Override
            public void iteration(TrainingStatus s) {
                losses.add(s.loss());
            }
        }).run(Progress.NONE);
        double first = losses.subList(0, 8).stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        double last = losses.subList(32, 40).stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        assertTrue(last < 0.9 * first, method + ": mean loss of the first 8 iterations " + first + ", of the last 8 "
                + last);
    }

    @ParameterizedTest
    @MethodSource("methods")
    void predictionKeepsShapeAndCalibration(String method, @TempDir Path dir) {
        Path modelDir = dir.resolve("model");
        new Trainer(config(method, 2), TrainerTest.pairs(), modelDir).run(Progress.NONE);
        Calibration cal = new Calibration(13.5, 13.5, 13.5, 2, 3, 4);
        Path even = dir.resolve("even.mrc");
        Path odd = dir.resolve("odd.mrc");
        MrcWriter.write(even, random(14, 11, 10, 1, cal));
        MrcWriter.write(odd, random(14, 11, 10, 2, cal));
        Path out = dir.resolve("pred.mrc");
        try (IcecreamModel m = IcecreamModel.load(modelDir, Device.cpu()); TileFunction f = m.inferenceFunction()) {
            assertEquals(method, m.info().method().name());
            TomogramPrediction.run(even, odd, null, out, f, new TiledPredictor(8).batch(2), false, Progress.NONE);
        }
        Volume r = MrcReader.read(out);
        assertEquals(List.of(14, 11, 10), List.of(r.nx(), r.ny(), r.nz()));
        assertEquals(13.5, r.calibration().voxelX(), 1e-6);
        assertEquals(13.5, r.calibration().voxelZ(), 1e-6);
        double maxAbs = 0;
        for (float v : r.data()) {
            assertTrue(Float.isFinite(v));
            maxAbs = Math.max(maxAbs, Math.abs(v));
        }
        assertTrue(maxAbs > 0, method + " predicted zeros");
    }

    /**
     * A 32^3 volume of balls and shells, two halves with noise of 3x the signal's standard deviation
     * and an exactly empty +-60 degree missing wedge; every method trains 200 iterations of a
     * 2-level, 8-channel U-Net on 16^3 crops and predicts with its own tile function. Against the
     * Gaussian of the averaged halves with the sigma that maximises CC (an oracle choice): each
     * declared restoration must beat it on its figure (denoising: CC; missing wedge: correlation
     * inside the wedge), and no method may lower the CC of the plain average of the halves.
     */
    @Tag("slow")
    @ParameterizedTest
    @MethodSource("methods")
    void beatsTheOracleGaussianOnASmallCase(String method, @TempDir Path dir) {
        int n = 32;
        SyntheticPairs data = SyntheticPairs.withSharpWedge(n, 12, 3.0, -60, 60, 11);
        float[] ze = SyntheticPairs.zscore(data.even);
        float[] zo = SyntheticPairs.zscore(data.odd);
        float[] average = new float[ze.length];
        for (int i = 0; i < average.length; i++) average[i] = 0.5f * (ze[i] + zo[i]);
        Volume truth = Volume.wrap(data.truth, n, n, n, Calibration.UNIT);
        boolean[] wedge = MissingWedge.measuredBits(n, n, n, -60, 60);
        for (int i = 0; i < wedge.length; i++) wedge[i] = !wedge[i];
        double gaussianCc = -1;
        float[] gaussian = null;
        for (double sigma = 0.5; sigma <= 4.01; sigma += 0.25) {
            float[] g = SyntheticPairs.gaussian(average, n, sigma);
            double cc = SyntheticPairs.cc(g, data.truth);
            if (cc > gaussianCc) {
                gaussianCc = cc;
                gaussian = g;
            }
        }
        double gaussianWedge = Fsc.regionCorrelation(Volume.wrap(gaussian, n, n, n, Calibration.UNIT), truth, wedge);

        TrainingConfig cfg = TrainingConfig.defaults().toBuilder().method(method).network(new UNetConfig(2, 8))
                .init(UNet3d.Init.HE_NORMAL).crop(16).batch(2).iterations(200).learningRate(1e-3).seed(5)
                .checkpointEvery(0).checkpointMinutes(0).progressEvery(0).device("cpu").build();
        new Trainer(cfg, List.of(data.pair()), dir).run(Progress.NONE);
        Volume prediction;
        try (IcecreamModel m = IcecreamModel.load(dir, Device.cpu()); TileFunction f = m.inferenceFunction()) {
            prediction = new TiledPredictor(16).batch(2).predictPair(data.pair().even(),
                    data.pair().odd(), f, Progress.NONE);
        }
        double cc = SyntheticPairs.cc(prediction.data(), data.truth);
        double wedgeCc = Fsc.regionCorrelation(prediction, truth, wedge);
        String figures = String.format(Locale.ROOT, "%s: CC %.4f (oracle Gaussian %.4f, average of halves %.4f), "
                        + "missing-wedge correlation %.4f (oracle Gaussian %.4f)", method, cc, gaussianCc,
                SyntheticPairs.cc(average, data.truth), wedgeCc, gaussianWedge);
        System.out.println(figures);
        Set<Restoration> declared = TrainingMethods.byName(method).restorations();
        assertFalse(declared.isEmpty(), method + " declares no restoration");
        if (declared.contains(Restoration.DENOISING)) assertTrue(cc > gaussianCc, figures);
        if (declared.contains(Restoration.MISSING_WEDGE)) assertTrue(wedgeCc > gaussianWedge + 0.1, figures);
        assertTrue(cc > SyntheticPairs.cc(average, data.truth), figures);
    }

    @ParameterizedTest
    @MethodSource("methods")
    void explainsEveryRestorationItIsNotBuiltFor(String method) {
        TrainingMethod m = TrainingMethods.byName(method);
        for (Restoration r : Restoration.values()) {
            String why = m.notBuiltFor(r);
            assertEquals(m.restorations().contains(r), why.isEmpty(), method + " " + r + ": '" + why + "'");
        }
    }

    static Volume random(int nx, int ny, int nz, long seed, Calibration cal) {
        Random r = new Random(seed);
        float[] d = new float[nx * ny * nz];
        for (int i = 0; i < d.length; i++) d[i] = (float) r.nextGaussian();
        return Volume.wrap(d, nx, ny, nz, cal);
    }
}
