package org.cryoet.learn;

import org.cryoet.util.Progress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.*;

class TrainerTest {

    static TrainingConfig tiny(long iterations) {
        return TrainingConfig.defaults().toBuilder().network(new UNetConfig(2, 4)).init(UNet3d.Init.HE_NORMAL)
                .crop(8).batch(2).iterations(iterations).learningRate(1e-3).seed(17)
                .checkpointEvery(0).checkpointMinutes(0).progressEvery(0).device("cpu").build();
    }

    /** A listener that asks the trainer to stop once it has seen {@code n} iterations. */
    static TrainingListener stopAfter(int n) {
        return new TrainingListener() {
            private int seen;

            @Override
            public void iteration(TrainingStatus s) {
                seen++;
            }

            @Override
            public boolean stopRequested() {
                return seen >= n;
            }
        };
    }

    static List<TrainingPair> pairs() {
        SyntheticPairs a = new SyntheticPairs(16, 6, 1.0, -60, 60, 1);
        SyntheticPairs b = new SyntheticPairs(16, 6, 1.0, -50, 45, 2);
        return List.of(a.pair(), b.pair());
    }

    static float[][] weights(Path dir) {
        return WeightsFile.read(dir.resolve("weights.bin"));
    }

    static void assertBitIdentical(float[][] a, float[][] b) {
        assertEquals(a.length, b.length);
        for (int i = 0; i < a.length; i++) {
            assertEquals(a[i].length, b[i].length);
            for (int j = 0; j < a[i].length; j++) {
                assertEquals(Float.floatToRawIntBits(a[i][j]), Float.floatToRawIntBits(b[i][j]),
                        "weight " + i + "[" + j + "]");
            }
        }
    }

    @Test
    void sameSeedGivesTheSameLossSequenceBitForBit(@TempDir Path dir) {
        List<Float> first = new ArrayList<>();
        List<Float> second = new ArrayList<>();
        for (List<Float> sink : List.of(first, second)) {
            Path d = dir.resolve("run" + first.size() + second.size());
            new Trainer(tiny(3), pairs(), d).addListener(new TrainingListener() {
                @Override
                public void iteration(TrainingStatus s) {
                    sink.add((float) s.loss());
                }
            }).run(Progress.NONE);
        }
        assertEquals(3, first.size());
        assertEquals(first, second);
        assertTrue(first.get(0) > 0 && Float.isFinite(first.get(2)));
    }

    @Test
    void stopAndResumeEndsWithTheWeightsOfAnUninterruptedRun(@TempDir Path dir) throws Exception {
        Path straight = dir.resolve("straight");
        Trainer.Result r = new Trainer(tiny(4).toBuilder().checkpointEvery(2).build(), pairs(), straight).run(Progress.NONE);
        assertTrue(r.completed());
        assertEquals(4, r.iteration());

        Path interrupted = dir.resolve("interrupted");
        AtomicLong seen = new AtomicLong();
        List<Long> checkpoints = new ArrayList<>();
        Trainer.Result stopped = new Trainer(tiny(4).toBuilder().checkpointEvery(2).build(), pairs(), interrupted)
                .addListener(new TrainingListener() {
                    @Override
                    public void iteration(TrainingStatus s) {
                        seen.set(s.iteration());
                    }

                    @Override
                    public boolean stopRequested() {
                        return seen.get() >= 2;
                    }

                    @Override
                    public void checkpoint(Path d, long it) {
                        checkpoints.add(it);
                    }
                }).run(Progress.NONE);
        assertFalse(stopped.completed());
        assertEquals(2, stopped.iteration());
        assertEquals(List.of(2L), checkpoints);
        assertEquals(2, IcecreamModel.load(interrupted).infoAndClose().iterations());
        assertTrue(Checkpoint.exists(interrupted));

        Trainer.Result resumed = new Trainer(tiny(4).toBuilder().checkpointEvery(2).build(), pairs(), interrupted).resume(true)
                .run(Progress.NONE);
        assertTrue(resumed.completed());
        assertEquals(4, resumed.iteration());
        assertBitIdentical(weights(straight), weights(interrupted));
        LossHistory a = LossHistory.read(straight.resolve("loss.csv"));
        LossHistory b = LossHistory.read(interrupted.resolve("loss.csv"));
        assertEquals(4, b.entries().size());
        for (int i = 0; i < 4; i++) assertEquals(a.entries().get(i).loss(), b.entries().get(i).loss());
        assertEquals(Files.readString(straight.resolve("model.json")).replaceAll("\"created\".*", ""),
                Files.readString(interrupted.resolve("model.json")).replaceAll("\"created\".*", ""));
    }

    @Test
    void warmStartBeginsFromTheGivenWeights(@TempDir Path dir) {
        Path base = dir.resolve("base");
        new Trainer(tiny(1), pairs(), base).run(Progress.NONE);
        Path tuned = dir.resolve("tuned");
        // 0 iterations: the saved model must be exactly the initial one
        new Trainer(tiny(0).toBuilder().network(new UNetConfig(3, 8)).build(), pairs(), tuned).initFrom(base).run(Progress.NONE);
        assertBitIdentical(weights(base), weights(tuned));
        ModelInfo info = IcecreamModel.load(tuned).infoAndClose();
        assertEquals(new UNetConfig(2, 4), info.network());
        assertTrue(info.init().startsWith("warm-start:"), info.init());
    }

    @Test
    void progressCropLossCsvAndPlotsAreWritten(@TempDir Path dir) {
        List<Long> at = new ArrayList<>();
        List<float[]> crops = new ArrayList<>();
        new Trainer(tiny(2).toBuilder().progressEvery(1).build(), pairs(), dir).addListener(new TrainingListener() {
            @Override
            public void progressCrop(float[] crop, int size, long iteration) {
                assertEquals(8, size);
                at.add(iteration);
                crops.add(crop);
            }
        }).run(Progress.NONE);
        assertEquals(List.of(1L, 2L), at);
        assertEquals(512, crops.get(0).length);
        assertTrue(SyntheticPairs.std(crops.get(1)) > 0);
        for (String f : List.of("progress/input.png", "progress/input.mrc", "progress/it0000001.png",
                "progress/it0000002.png", "progress/latest.mrc", "loss.png", "loss.csv", "model.json", "weights.bin",
                "checkpoint/state.json")) {
            assertTrue(Files.isRegularFile(dir.resolve(f)), f);
        }
        assertEquals(2, LossHistory.read(dir.resolve("loss.csv")).entries().size());
    }

    @Test
    void pairOrderVisitsEveryPairOncePerPassAndSymmetriesCoverTheSet() {
        for (long pass = 0; pass < 5; pass++) {
            boolean[] seen = new boolean[3];
            for (int k = 1; k <= 3; k++) seen[Trainer.pairAt(5, pass * 3 + k, 3)] = true;
            assertTrue(seen[0] && seen[1] && seen[2]);
        }
        boolean[] used = new boolean[CubeSymmetry.wedgeMoving().size()];
        for (int it = 1; it <= 400; it++) used[IcecreamMethod.symmetryAt(5, it, it % 8)] = true;
        for (boolean u : used) assertTrue(u);
    }
}
