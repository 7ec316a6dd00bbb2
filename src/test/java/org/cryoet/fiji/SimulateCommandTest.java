package org.cryoet.fiji;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Path;

import ij.ImagePlus;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scijava.Context;
import org.scijava.command.CommandModule;
import org.scijava.command.CommandService;

import org.cryoet.io.MrcReader;
import org.cryoet.io.TiltAngles;
import org.cryoet.tomo.AcquisitionOrder;
import org.cryoet.tomo.AcquisitionSimulator;
import org.cryoet.tomo.AcquisitionSpec;
import org.cryoet.tomo.PhantomSpec;
import org.cryoet.tomo.SimulatedAcquisition;
import org.cryoet.util.Progress;

class SimulateCommandTest {
    @TempDir
    Path dir;

    @Test
    void simulationEqualsTheLibraryCallAndWritesTheFiles() throws Exception {
        AcquisitionSpec spec = AcquisitionSpec.defaults().withRange(-45, 45, 15).withOrder(AcquisitionOrder.DOSE_SYMMETRIC, 1)
                .withFrames(2).withSnrDb(-3).withSeed(7);
        SimulatedAcquisition expected = AcquisitionSimulator.simulate(PhantomSpec.of(32, 24, 16, 7, 12.0), spec, Progress.NONE);
        try (Context ctx = new Context(CommandService.class)) {
            CommandModule m = ctx.service(CommandService.class).run(SimulateDemoDataCommand.class, false,
                    "size_x", 32, "size_y", 24, "size_z", 16, "voxel_size", 12.0, "seed", 7L, "tilt_min", -45.0,
                    "tilt_max", 45.0, "tilt_step", 15.0, "frames_per_tilt", 2, "snr_db", -3.0, "show_all", true,
                    "output_directory", dir.toFile()).get();
            assertFalse(m.isCanceled(), m.getCancelReason());
            ImagePlus ts = (ImagePlus) m.getOutput("tilt_series");
            assertArrayEquals(expected.tiltSeries().data(), ImageConversion.toVolume(ts).data());
            assertArrayEquals(expected.anglesDeg(), ImageConversion.anglesFromLabels(ts), 1e-9);
            assertEquals(12.0, ts.getCalibration().pixelWidth, 1e-9);
            ImagePlus frames = (ImagePlus) m.getOutput("frames");
            assertEquals(14, frames.getStackSize());
            assertEquals("frame 2 -30.00", frames.getStack().getSliceLabel(4));
            assertArrayEquals(expected.frames().data(), MrcReader.read(dir.resolve(SimulateDemoDataCommand.FRAMES)).data());
            assertArrayEquals(expected.groundTruth().data(), MrcReader.read(dir.resolve(SimulateDemoDataCommand.GROUND_TRUTH)).data());
            assertArrayEquals(expected.anglesDeg(), TiltAngles.read(dir.resolve(SimulateDemoDataCommand.ANGLES)), 1e-9);
            assertArrayEquals(expected.anglesInAcquisitionOrder(), TiltAngles.read(dir.resolve(SimulateDemoDataCommand.ORDER)), 1e-9);
        }
    }
}
