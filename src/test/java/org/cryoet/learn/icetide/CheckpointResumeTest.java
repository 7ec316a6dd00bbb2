package org.cryoet.learn.icetide;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;

import ai.djl.Device;
import org.cryoet.tomo.ForwardProjector;
import org.cryoet.util.Progress;
import org.cryoet.volume.Volume;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointResumeTest {

    /**
     * Stopping after 4 epochs, saving, loading into a fresh instance and finishing gives the
     * uninterrupted result, with projection-matching rounds before (epoch 3) and after (5, 7) the stop.
     */
    @Test
    void resumedRunEqualsUninterruptedRun(@TempDir Path dir) {
        Volume vol = IcetideTestData.blobs(20, 20, 10, 6, 3, 2);
        double[] angles = {-45, -15, 15, 45};
        Volume ts = ForwardProjector.project(vol, angles);
        IcetideOptions full = new IcetideOptions(10, 8, 16, 8, 1e-2, 0.05, 0.01, 0.01, 3, 0.5, 2, 5, 3,
                1e-4, 1e-4, 1e-3, 1e-2, 3, 2, new HashGridSpec(3, 2, 10, 4, 1.5, true, 8, 1), 5);
        float[] straight, resumed, straightRotation, resumedRotation;
        float[] straightVolume, resumedVolume;
        try (IcetideReconstruction a = new IcetideReconstruction(ts, angles, full, Device.cpu())) {
            a.run(Progress.NONE, null);
            straight = a.deformations().shift().toFloatArray();
            straightRotation = a.deformations().rotation().toFloatArray();
            straightVolume = a.volume(Progress.NONE).data();
        }
        Path ckpt = dir.resolve("run.ckpt");
        try (IcetideReconstruction b = new IcetideReconstruction(ts, angles, full.toBuilder().epochs(4).build(), Device.cpu())) {
            b.run(Progress.NONE, null);
            b.saveCheckpoint(ckpt);
        }
        try (IcetideReconstruction c = new IcetideReconstruction(ts, angles, full, Device.cpu())) {
            c.loadCheckpoint(ckpt);
            assertEquals(4, c.epoch());
            c.run(Progress.NONE, null);
            resumed = c.deformations().shift().toFloatArray();
            resumedRotation = c.deformations().rotation().toFloatArray();
            resumedVolume = c.volume(Progress.NONE).data();
        }
        assertArrayEquals(straight, resumed, 1e-5f);
        assertArrayEquals(straightRotation, resumedRotation, 1e-5f);
        assertArrayEquals(straightVolume, resumedVolume, 1e-4f);
    }
}
