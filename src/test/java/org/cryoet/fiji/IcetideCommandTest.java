package org.cryoet.fiji;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import ij.ImagePlus;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scijava.Context;
import org.scijava.command.CommandModule;
import org.scijava.command.CommandService;

import org.cryoet.cli.CryoEtCli;
import org.cryoet.io.MrcReader;
import org.cryoet.io.MrcWriter;
import org.cryoet.io.TiltAngles;
import org.cryoet.volume.Calibration;
import org.cryoet.volume.Volume;

/**
 * ICE-TIDE from Fiji and from {@code cryoet icetide} with the same settings: the same volume and
 * transforms, the input's calibration kept, a checkpoint beside the output that resumes.
 */
class IcetideCommandTest {
    @TempDir
    Path dir;

    @Test
    void fijiAndCommandLineGiveTheSameVolumeAndTransforms() throws Exception {
        Volume projected = ReconstructCommandTest.tiltSeries();
        Volume ts = Volume.wrap(projected.data(), projected.nx(), projected.ny(), projected.nz(),
                new Calibration(4.2, 4.2, 4.2, 0, 0, 0));
        Path tsFile = dir.resolve("ts.mrc");
        Path tlt = dir.resolve("ts.tlt");
        MrcWriter.write(tsFile, ts);
        TiltAngles.write(tlt, ReconstructCommandTest.ANGLES, false);

        Path cliOut = dir.resolve("cli.mrc");
        Path cliXf = dir.resolve("cli.xf");
        assertEquals(0, CryoEtCli.commandLine().execute("icetide", "--tilt-series", tsFile.toString(), "--tilts",
                tlt.toString(), "--thickness", "10", "--out", cliOut.toString(), "--xf-out", cliXf.toString(),
                "--epochs", "6", "--rays-per-view", "8", "--samples-per-ray", "8", "--local-grid", "3",
                "--checkpoint-every", "3", "--seed", "5", "--device", "cpu"));

        Path fijiOut = dir.resolve("fiji.mrc");
        Path fijiXf = dir.resolve("fiji.xf");
        Path deformations = dir.resolve("deformations");
        try (Context ctx = new Context(CommandService.class)) {
            CommandModule m = ctx.service(CommandService.class).run(IcetideReconstructionCommand.class, false,
                    "tilt_series_file", tsFile.toFile(), "angles_file", tlt.toFile(), "thickness", 10, "epochs", 6,
                    "rays_per_view", 8, "samples_per_ray", 8, "local_grid", 3, "refine_rotation", true, "seed", 5L,
                    "device", "cpu", "output_file", fijiOut.toFile(), "xf_file", fijiXf.toFile(),
                    "deformations_folder", deformations.toFile(), "checkpoint_every", 3, "show_live_view", false).get();
            assertFalse(m.isCanceled(), m.getCancelReason());
            Volume shown = ImageConversion.toVolume((ImagePlus) m.getOutput("volume"));
            assertEquals(List.of(ts.nx(), ts.ny(), 10), List.of(shown.nx(), shown.ny(), shown.nz()));
            assertTrue(Double.isFinite((Double) m.getOutput("final_loss")));
        }
        Volume cli = MrcReader.read(cliOut);
        Volume fiji = MrcReader.read(fijiOut);
        assertArrayEquals(cli.data(), fiji.data(), 0f, "same settings, same volume");
        assertEquals(4.2, fiji.calibration().voxelX(), 1e-4, "voxel size of the tilt series");
        assertEquals(Files.readAllLines(cliXf), Files.readAllLines(fijiXf));
        assertEquals(ReconstructCommandTest.ANGLES.length, Files.readAllLines(fijiXf).size(), "one transform per view");
        assertTrue(Files.isRegularFile(deformations.resolve("local_deformation.png")));
        assertTrue(Files.isRegularFile(dir.resolve("fiji.mrc.icetide.ckpt")), "checkpoint beside the output");

        // resuming the finished run changes nothing: 6 of 6 epochs are done
        Path resumed = dir.resolve("resumed.mrc");
        Files.copy(dir.resolve("fiji.mrc.icetide.ckpt"), dir.resolve("resumed.mrc.icetide.ckpt"));
        try (Context ctx = new Context(CommandService.class)) {
            CommandModule m = ctx.service(CommandService.class).run(IcetideReconstructionCommand.class, false,
                    "tilt_series_file", tsFile.toFile(), "angles_file", tlt.toFile(), "thickness", 10, "epochs", 6,
                    "rays_per_view", 8, "samples_per_ray", 8, "local_grid", 3, "refine_rotation", true, "seed", 5L,
                    "device", "cpu", "output_file", resumed.toFile(), "checkpoint_every", 3, "resume", true,
                    "show_live_view", false).get();
            assertFalse(m.isCanceled(), m.getCancelReason());
        }
        assertArrayEquals(fiji.data(), MrcReader.read(resumed).data(), 0f);
    }
}
