package org.cryoet.fiji;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
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
import org.cryoet.volume.Calibration;
import org.cryoet.volume.Volume;

/** The MRC import/export commands run through a headless SciJava context, as scripts do. */
class MrcCommandsTest {
    @TempDir
    Path dir;

    static Volume ramp(int nx, int ny, int nz, Calibration c) {
        Volume v = Volume.create(nx, ny, nz, c);
        for (int i = 0; i < v.data().length; i++) v.data()[i] = (float) Math.sin(i * 0.37) * 3 + i * 1e-3f;
        return v;
    }

    @Test
    void importThenExportReproducesTheFileValues() throws Exception {
        Volume v = ramp(12, 10, 6, new Calibration(4.2, 4.2, 4.2, 12, -8, 100));
        Path in = dir.resolve("tomo.mrc");
        MrcWriter.write(in, v);
        try (Context ctx = new Context(CommandService.class)) {
            CommandService cs = ctx.service(CommandService.class);
            CommandModule m = cs.run(ImportMrcCommand.class, false, "file", in.toFile()).get();
            ImagePlus imp = (ImagePlus) m.getOutput("image");
            assertEquals("tomo.mrc", imp.getTitle());
            assertEquals(6, imp.getStackSize());
            assertArrayEquals(v.data(), ImageConversion.toVolume(imp).data());
            assertEquals(4.2, imp.getCalibration().pixelDepth, 1e-5);

            Path out = dir.resolve("copy.mrc");
            CommandModule e = cs.run(ExportMrcCommand.class, false, "image", imp, "file", out.toFile()).get();
            assertFalse(e.isCanceled(), e.getCancelReason());
            Volume back = MrcReader.read(out);
            assertArrayEquals(v.data(), back.data());
            assertEquals(4.2, back.calibration().voxelX(), 1e-5);
            assertEquals(12, back.calibration().originX(), 1e-4);
            assertEquals(-8, back.calibration().originY(), 1e-4);
            assertEquals(100, back.calibration().originZ(), 1e-4);
        }
    }

    @Test
    void tiltSeriesKeepAnglesThroughImportAndExport() throws Exception {
        Volume ts = ramp(8, 8, 5, Calibration.isotropic(2));
        Path in = dir.resolve("ts.mrc");
        MrcWriter.writeStack(in, ts);
        double[] angles = {-40, -20, 0, 20, 40};
        TiltAngles.write(dir.resolve("ts.tlt"), angles, false);
        try (Context ctx = new Context(CommandService.class)) {
            CommandService cs = ctx.service(CommandService.class);
            ImagePlus imp = (ImagePlus) cs.run(ImportMrcCommand.class, false, "file", in.toFile()).get().getOutput("image");
            assertArrayEquals(angles, ImageConversion.anglesFromLabels(imp), 1e-9);
            File out = dir.resolve("ts2.mrc").toFile();
            cs.run(ExportMrcCommand.class, false, "image", imp, "file", out).get();
            assertArrayEquals(angles, TiltAngles.read(dir.resolve("ts2.tlt")), 1e-9);
            assertArrayEquals(ts.data(), MrcReader.read(out.toPath()).data());
            // ISPG 0 marks an image stack
            assertEquals(0, java.nio.ByteBuffer.wrap(Files.readAllBytes(out.toPath()))
                    .order(java.nio.ByteOrder.LITTLE_ENDIAN).getInt(88));
        }
    }

    @Test
    void virtualImportMapsTheFileAndShowsTheSameVoxels() throws Exception {
        Volume v = ramp(16, 12, 9, new Calibration(3, 3, 3, 0, 0, 0));
        Path in = dir.resolve("big.mrc");
        MrcWriter.write(in, v);
        try (Context ctx = new Context(CommandService.class)) {
            ImagePlus imp = (ImagePlus) ctx.service(CommandService.class)
                    .run(ImportMrcCommand.class, false, "file", in.toFile(), "virtual", true).get().getOutput("image");
            assertTrue(imp.getStack().isVirtual());
            assertTrue(imp.getStack() instanceof MrcVirtualStacks.MappedStack);
            assertEquals(9, imp.getStackSize());
            assertArrayEquals(v.data(), ImageConversion.toVolume(imp).data());
            assertEquals(3.0, imp.getCalibration().pixelWidth, 1e-6);
        }
    }

    @Test
    void missingFileCancelsWithOneSentenceNamingIt() throws Exception {
        try (Context ctx = new Context(CommandService.class)) {
            CommandModule m = ctx.service(CommandService.class)
                    .run(ImportMrcCommand.class, false, "file", dir.resolve("nope.mrc").toFile()).get();
            assertTrue(m.isCanceled());
            assertTrue(m.getCancelReason().contains("nope.mrc"), m.getCancelReason());
        }
    }
}
