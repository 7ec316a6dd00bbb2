package org.cryoet.fiji;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Path;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ij.ImagePlus;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scijava.Context;
import org.scijava.command.CommandModule;
import org.scijava.command.CommandService;

import org.cryoet.learn.cryolithe.CryolitheConfig;
import org.cryoet.learn.cryolithe.CryolitheModel;
import org.cryoet.learn.cryolithe.CryolitheNetwork;
import org.cryoet.learn.cryolithe.CryolitheReconstruction;
import org.cryoet.util.Progress;
import org.cryoet.volume.Volume;

/** The CryoLithe command gives exactly the library's reconstruction for the same model. */
class CryolitheCommandTest {
    @TempDir
    Path dir;

    @Test
    void commandMatchesLibrary() throws Exception {
        Volume ts = ReconstructCommandTest.tiltSeries();
        double[] angles = ReconstructCommandTest.ANGLES;
        CryolitheConfig cfg = new CryolitheConfig(5, 1.0, 8, 12, 4, 16, 2, true, 9, 16.0);
        float[][] weights;
        try (NDManager m = NDManager.newBaseManager(Device.cpu()); CryolitheNetwork net = CryolitheNetwork.create(cfg, 4, m)) {
            weights = net.weightsToHost();
        }
        Path modelDir = dir.resolve("model");
        CryolitheModel.save(modelDir, new CryolitheModel.Info("cryolithe", cfg, "test", 4, 0, 0, "", "", null, 0, null),
                weights);
        CryolitheModel model = CryolitheModel.load(modelDir);
        Volume expected = CryolitheReconstruction.reconstruct(ts, angles, 10, model, Device.cpu(), 2048, Progress.NONE);
        ImagePlus imp = ImageConversion.toImagePlus(ts, "ts.mrc", angles);
        try (Context ctx = new Context(CommandService.class)) {
            CommandModule m = ctx.service(CommandService.class).run(CryolitheReconstructionCommand.class, false,
                    "tilt_series", imp, "thickness", 10, "model_folder", modelDir.toFile(), "device", "cpu").get();
            assertFalse(m.isCanceled(), m.getCancelReason());
            assertArrayEquals(expected.data(), ImageConversion.toVolume((ImagePlus) m.getOutput("tomogram")).data(), 1e-5f);
        }
    }
}
