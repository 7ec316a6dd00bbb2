package org.cryoet.fiji;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import ij.ImagePlus;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scijava.Context;
import org.scijava.command.CommandModule;
import org.scijava.command.CommandService;

import org.cryoet.cli.CryoEtCli;
import org.cryoet.io.MrcReader;
import org.cryoet.io.TiltAngles;
import org.cryoet.tomo.HalfSplitter;
import org.cryoet.tomo.HalfSplitter.Halves;
import org.cryoet.volume.Volume;

import picocli.CommandLine;

/** The split command gives the library's halves and the same files as `cryoet split`. */
class SplitCommandTest {
    @TempDir
    Path dir;

    @Test
    void doseSplitOfLabelledFramesEqualsLibraryAndCli() throws Exception {
        double[] angles = {-30, -15, 0, 15, 30};
        Volume frames = MrcCommandsTest.ramp(10, 8, angles.length * 3, org.cryoet.volume.Calibration.isotropic(5));
        ImagePlus fimp = SimulateDemoDataCommand.framesImage(frames, angles, 3);
        Halves expected = HalfSplitter.doseSplit(frames, 3, angles);
        Path out = dir.resolve("fiji");
        try (Context ctx = new Context(CommandService.class)) {
            CommandModule m = ctx.service(CommandService.class).run(SplitTiltSeriesCommand.class, false,
                    "mode", "dose", "frames", fimp, "frames_per_tilt", 3, "output_directory", out.toFile()).get();
            assertFalse(m.isCanceled(), m.getCancelReason());
            ImagePlus even = (ImagePlus) m.getOutput("even");
            assertEquals("frames_even", even.getTitle());
            assertArrayEquals(expected.even().data(), ImageConversion.toVolume(even).data());
            assertArrayEquals(expected.odd().data(), ImageConversion.toVolume((ImagePlus) m.getOutput("odd")).data());
            assertArrayEquals(angles, ImageConversion.anglesFromLabels(even), 1e-9);
        }
        // the CLI on the same data writes the same files
        Path fm = dir.resolve("frames.mrc");
        org.cryoet.io.MrcWriter.writeStack(fm, frames);
        TiltAngles.write(dir.resolve("t.tlt"), angles, false);
        Path cli = dir.resolve("cli");
        int rc = new CommandLine(new CryoEtCli()).execute("split", "--mode", "dose", "--frames", fm.toString(),
                "--frames-per-tilt", "3", "--tilts", dir.resolve("t.tlt").toString(), "--out", cli.toString());
        assertEquals(0, rc);
        for (String n : new String[] {"even.mrc", "odd.mrc"}) {
            assertArrayEquals(MrcReader.read(cli.resolve(n)).data(), MrcReader.read(out.resolve(n)).data(), n);
        }
        assertArrayEquals(TiltAngles.read(cli.resolve("even.tlt")), TiltAngles.read(out.resolve("even.tlt")), 0);
    }

    @Test
    void angleSplitFollowsTheOrderFile() throws Exception {
        double[] angles = {-45, -30, -15, 0, 15, 30, 45};
        double[] recorded = {0, 15, -15, 30, -30, 45, -45};
        Path order = dir.resolve("order.txt");
        TiltAngles.write(order, recorded, false);
        Volume ts = MrcCommandsTest.ramp(6, 6, 7, org.cryoet.volume.Calibration.UNIT);
        Halves expected = HalfSplitter.angleSplit(ts, angles, HalfSplitter.orderFromAngles(angles, recorded, "o"), "ts");
        try (Context ctx = new Context(CommandService.class)) {
            CommandModule m = ctx.service(CommandService.class).run(SplitTiltSeriesCommand.class, false,
                    "mode", "angle", "tilt_series", ImageConversion.toImagePlus(ts, "ts", angles), "order_file", order.toFile()).get();
            assertFalse(m.isCanceled(), m.getCancelReason());
            ImagePlus even = (ImagePlus) m.getOutput("even");
            assertArrayEquals(expected.evenAngles(), ImageConversion.anglesFromLabels(even), 1e-9);
            assertArrayEquals(new double[] {15, 30, 45}, ImageConversion.anglesFromLabels((ImagePlus) m.getOutput("odd")), 1e-9);
            assertArrayEquals(expected.even().data(), ImageConversion.toVolume(even).data());
            String w = ((SplitTiltSeriesCommand) m.getDelegateObject()).warning();
            assertNotNull(w);
            assertTrue(w.contains("half"), w);
        }
        Halves p = SplitTiltSeriesCommand.preview("angle", angles, 2, recorded);
        assertArrayEquals(expected.evenAngles(), p.evenAngles(), 0);
    }
}
