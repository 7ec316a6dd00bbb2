package org.cryoet.learn;

import ai.djl.Device;
import org.cryoet.io.MrcReader;
import org.cryoet.io.MrcWriter;
import org.cryoet.util.Progress;
import org.cryoet.volume.Calibration;
import org.cryoet.volume.Volume;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * What every registered {@link TrainingMethod} must do, run for each name in
 * {@link TrainingMethods#names()} (so a method added later is held to it too): a stopped and
 * resumed run ends with the weights of an uninterrupted one, the loss falls on a small phantom,
 * and the trained model predicts a tomogram of the input's size and voxel size.
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
            TomogramPrediction.run(even, odd, out, f, new TiledPredictor(8).batch(2), false, Progress.NONE);
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

    static Volume random(int nx, int ny, int nz, long seed, Calibration cal) {
        Random r = new Random(seed);
        float[] d = new float[nx * ny * nz];
        for (int i = 0; i < d.length; i++) d[i] = (float) r.nextGaussian();
        return Volume.wrap(d, nx, ny, nz, cal);
    }
}
