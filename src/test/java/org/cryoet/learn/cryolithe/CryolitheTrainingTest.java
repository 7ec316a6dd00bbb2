package org.cryoet.learn.cryolithe;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import ai.djl.Device;
import org.cryoet.util.CryoEtException;
import org.cryoet.util.Progress;
import org.cryoet.volume.Calibration;
import org.cryoet.volume.Volume;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CryolitheTrainingTest {
    private static final CryolitheConfig SMALL = new CryolitheConfig(5, 1.0, 8, 12, 4, 16, 2, true, 9, 16.0);

    private static CryolitheTrainer.Options options(Path out, long iterations, boolean resume) {
        return new CryolitheTrainer.Options(out, SMALL, iterations, 0, 7, 64, 1e-3, 2, 2, 2, Device.cpu(), resume,
                "test");
    }

    /** Stopping after 3 iterations and resuming to 5 gives the weights of an uninterrupted 5-iteration run. */
    @Test
    void resumeContinuesExactly(@TempDir Path dir) {
        Path straight = dir.resolve("straight");
        Path split = dir.resolve("split");
        CryolitheTrainer.train(options(straight, 5, false), Progress.NONE);
        CryolitheTrainer.train(options(split, 3, false), Progress.NONE);
        assertThrows(CryoEtException.class, () -> CryolitheTrainer.train(options(split, 5, false), Progress.NONE),
                "an existing model is not overwritten without --resume");
        CryolitheTrainer.Result r = CryolitheTrainer.train(options(split, 5, true), Progress.NONE);
        assertEquals(5, r.iterations());
        CryolitheModel a = CryolitheModel.load(straight);
        CryolitheModel b = CryolitheModel.load(split);
        assertEquals(5, b.info().iterations());
        for (int i = 0; i < a.weights().length; i++) assertArrayEquals(a.weights()[i], b.weights()[i], 1e-6f);
        assertTrue(Files.exists(split.resolve(CryolitheTrainer.LOSS)));
    }

    /**
     * Training must not depend on when the Java garbage collector runs (Fiji collects all the time):
     * host data enter PyTorch as owned copies, so a thread forcing collections changes no loss.
     */
    @Test
    void garbageCollectionDoesNotChangeTraining(@TempDir Path dir) throws Exception {
        CryolitheTrainer.train(options(dir.resolve("quiet"), 12, false), Progress.NONE);
        try (org.cryoet.learn.ForcedCollections gc = new org.cryoet.learn.ForcedCollections(5)) {
            CryolitheTrainer.train(options(dir.resolve("stressed"), 12, false), Progress.NONE);
        }
        String quiet = Files.readString(dir.resolve("quiet").resolve(CryolitheTrainer.LOSS));
        assertEquals(12, quiet.lines().count());
        assertEquals(quiet, Files.readString(dir.resolve("stressed").resolve(CryolitheTrainer.LOSS)));
    }

    @Test
    void reconstructionRefusesBadInputsNamingTheFile() {
        Volume ts = Volume.create(16, 12, 4, Calibration.isotropic(5));
        CryoEtException few = assertThrows(CryoEtException.class,
                () -> CryolitheReconstruction.check(ts, new double[]{-3, -1, 1, 3}, 8, "ts.mrc"));
        assertTrue(few.getMessage().contains("ts.mrc") && few.getMessage().contains("at least"), few.getMessage());
        Volume ts6 = Volume.create(16, 12, 6, Calibration.isotropic(5));
        CryoEtException mismatch = assertThrows(CryoEtException.class,
                () -> CryolitheReconstruction.check(ts6, new double[]{-3, -1, 1, 3, 5}, 8, "ts.mrc"));
        assertTrue(mismatch.getMessage().contains("6 images") && mismatch.getMessage().contains("5 tilt angles"),
                mismatch.getMessage());
    }

    /**
     * A non-square detector (width 20, height 12) and an odd thickness reconstruct to width x height x
     * thickness with the tilt series' pixel size and origin, for both heads; a bright point lands in its voxel.
     */
    @Test
    void keepsGeometryAndCalibration() {
        for (boolean wavelet : new boolean[]{true, false}) {
            CryolitheConfig cfg = new CryolitheConfig(5, 1.0, 8, 12, 4, 16, 2, wavelet, 9, 16.0);
            double[] angles = {-40, -20, 0, 20, 40, 60};
            Volume ts = Volume.create(20, 12, angles.length, new Calibration(7, 7, 1, 10, 20, 30));
            java.util.SplittableRandom r = new java.util.SplittableRandom(1);
            for (int i = 0; i < ts.data().length; i++) ts.data()[i] = (float) r.nextGaussian();
            CryolitheModel model;
            try (ai.djl.ndarray.NDManager m = ai.djl.ndarray.NDManager.newBaseManager(Device.cpu());
                 CryolitheNetwork net = CryolitheNetwork.create(cfg, 3, m)) {
                model = new CryolitheModel(new CryolitheModel.Info("cryolithe", cfg, "", 0, 0, 0, "", "", null, 0, ""),
                        net.weightsToHost(), "test");
            }
            Volume out = CryolitheReconstruction.reconstruct(ts, angles, 9, model, Device.cpu(), 10, Progress.NONE);
            // slabs of other depths (one slab for the whole volume) give the same voxels
            Volume whole = CryolitheReconstruction.reconstruct(ts, angles, 9, model, Device.cpu(), 100_000,
                    Progress.NONE);
            assertArrayEquals(whole.data(), out.data(), 1e-4f);
            assertEquals(20, out.nx());
            assertEquals(12, out.ny());
            assertEquals(9, out.nz());
            assertEquals(7, out.calibration().voxelZ(), 0);
            assertEquals(10, out.calibration().originX(), 0);
            double s = 0;
            for (float v : out.data()) {
                assertTrue(Float.isFinite(v));
                s += Math.abs(v);
            }
            assertTrue(s > 0);
        }
    }
}
