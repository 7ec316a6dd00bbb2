package org.cryoet.fiji;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import ij.ImagePlus;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scijava.Context;
import org.scijava.command.CommandModule;
import org.scijava.command.CommandService;

import org.cryoet.io.MrcReader;
import org.cryoet.io.MrcWriter;
import org.cryoet.io.TiltAngles;
import org.cryoet.tomo.FbpOptions;
import org.cryoet.tomo.FilteredBackProjection;
import org.cryoet.tomo.ForwardProjector;
import org.cryoet.util.Progress;
import org.cryoet.volume.Volume;

/** The Reconstruct command gives exactly the library's result, from an open image or from files. */
class ReconstructCommandTest {
    @TempDir
    Path dir;

    static final double[] ANGLES = {-45, -30, -15, 0, 15, 30, 45};

    static Volume tiltSeries() {
        Volume phantom = TestVolumes.blobs(24, 20, 12, 5, 1.0);
        return ForwardProjector.project(phantom, ANGLES);
    }

    @Test
    void tiffTiltSeriesOpenedThroughImageJWorksLikeMrc() throws Exception {
        // a 16-bit TIFF stack (as from a camera or another program), angles in a .tlt file
        Volume ts = tiltSeries();
        float min = Float.MAX_VALUE;
        for (float v : ts.data()) min = Math.min(min, v);
        ImagePlus imp = ImageConversion.toImagePlus(ts, "ts");
        for (int z = 1; z <= imp.getStackSize(); z++) imp.getStack().getProcessor(z).add(-min);
        ij.ImageStack s16 = new ij.ImageStack(imp.getWidth(), imp.getHeight());
        for (int z = 1; z <= imp.getStackSize(); z++) s16.addSlice(imp.getStack().getProcessor(z).convertToShortProcessor(false));
        ij.ImagePlus u16 = new ij.ImagePlus("ts16", s16);
        Path tif = dir.resolve("ts16.tif");
        assertTrue(ij.IJ.saveAsTiff(u16, tif.toString()));
        Path tlt = dir.resolve("ts16.tlt");
        TiltAngles.write(tlt, ANGLES, false);
        Volume asRead = ImageConversion.toVolume(ij.IJ.openImage(tif.toString()));
        FbpOptions opts = FbpOptions.builder().thickness(10).build();
        Volume expected = FilteredBackProjection.reconstruct(asRead, ANGLES, opts, Progress.NONE);
        try (Context ctx = new Context(CommandService.class)) {
            // angles from the .tlt beside the file, found without being named
            CommandModule m = ctx.service(CommandService.class).run(ReconstructTomogramCommand.class, false,
                    "tilt_series_file", tif.toFile(), "thickness", 10).get();
            assertFalse(m.isCanceled(), m.getCancelReason());
            assertArrayEquals(expected.data(), ImageConversion.toVolume((ImagePlus) m.getOutput("tomogram")).data());
        }
    }

    @Test
    void imageWithAngleLabelsAndFileInputsGiveTheLibraryResult() throws Exception {
        Volume ts = tiltSeries();
        FbpOptions opts = FbpOptions.builder().filter(FbpOptions.FilterType.SIRT_LIKE).sirtIterations(5).thickness(10).build();
        Volume expected = FilteredBackProjection.reconstruct(ts, ANGLES, opts, Progress.NONE);
        ImagePlus imp = ImageConversion.toImagePlus(ts, "ts.mrc", ANGLES);
        Path tsFile = dir.resolve("ts.st");
        MrcWriter.writeStack(tsFile, ts);
        TiltAngles.write(dir.resolve("angles.tlt"), ANGLES, false);
        Path out = dir.resolve("rec.mrc");
        try (Context ctx = new Context(CommandService.class)) {
            CommandService cs = ctx.service(CommandService.class);
            CommandModule m = cs.run(ReconstructTomogramCommand.class, false, "tilt_series", imp,
                    "filter", "SIRT_LIKE", "sirt_iterations", 5, "thickness", 10, "output_file", out.toFile()).get();
            assertFalse(m.isCanceled(), m.getCancelReason());
            ImagePlus rec = (ImagePlus) m.getOutput("tomogram");
            assertEquals("ts_rec", rec.getTitle());
            assertArrayEquals(expected.data(), ImageConversion.toVolume(rec).data());
            assertArrayEquals(expected.data(), MrcReader.read(out).data());

            CommandModule f = cs.run(ReconstructTomogramCommand.class, false, "tilt_series_file", tsFile.toFile(),
                    "angles_file", dir.resolve("angles.tlt").toFile(), "filter", "sirt-like", "sirt_iterations", 5,
                    "thickness", 10).get();
            assertFalse(f.isCanceled(), f.getCancelReason());
            assertArrayEquals(expected.data(), ImageConversion.toVolume((ImagePlus) f.getOutput("tomogram")).data());

            // existing output without overwrite: refused before any work
            CommandModule again = cs.run(ReconstructTomogramCommand.class, false, "tilt_series", imp,
                    "output_file", out.toFile()).get();
            assertTrue(again.isCanceled());
            assertTrue(again.getCancelReason().contains("rec.mrc"), again.getCancelReason());
        }
    }
}
