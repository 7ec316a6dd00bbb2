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
import org.cryoet.io.MrcWriter;
import org.cryoet.tomo.SampleMask;
import org.cryoet.tomo.SampleMaskOptions;
import org.cryoet.volume.Volume;

class SampleMaskCommandTest {
    @TempDir
    Path dir;

    @Test
    void maskFromTwoHalvesEqualsTheLibraryMask() throws Exception {
        Volume a = CompareVolumesCommandTest.noisy(TestVolumes.blobs(32, 28, 20, 4, 1.0), 1, 0.2);
        Volume b = CompareVolumesCommandTest.noisy(TestVolumes.blobs(32, 28, 20, 4, 1.0), 2, 0.2);
        SampleMaskOptions o = new SampleMaskOptions(40, 70, 3, 0.1);
        Volume expected = SampleMask.compute(a, b, o);
        Path fb = dir.resolve("half_b.mrc");
        MrcWriter.write(fb, b);
        Path out = dir.resolve("mask.mrc");
        try (Context ctx = new Context(CommandService.class)) {
            CommandModule m = ctx.service(CommandService.class).run(SampleMaskCommand.class, false,
                    "tomogram", ImageConversion.toImagePlus(a, "half_a.mrc"), "tomogram_b_file", fb.toFile(),
                    "density_percentage", 40.0, "std_percentage", 70.0, "side", 3, "z_crop", 0.1,
                    "output_file", out.toFile()).get();
            assertFalse(m.isCanceled(), m.getCancelReason());
            ImagePlus mask = (ImagePlus) m.getOutput("mask");
            assertEquals("half_a_mask", mask.getTitle());
            assertArrayEquals(expected.data(), ImageConversion.toVolume(mask).data());
            assertArrayEquals(expected.data(), MrcReader.read(out).data());
        }
    }
}
