package org.cryoet.fiji;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import ij.ImagePlus;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scijava.Context;
import org.scijava.command.CommandModule;
import org.scijava.command.CommandService;

import org.cryoet.fourier.Fsc;
import org.cryoet.fourier.FscCurve;
import org.cryoet.fourier.Metrics;
import org.cryoet.io.MrcWriter;
import org.cryoet.volume.Volume;

class CompareVolumesCommandTest {
    @TempDir
    Path dir;

    static Volume noisy(Volume v, long seed, double sigma) {
        Volume n = v.copy();
        Random r = new Random(seed);
        for (int i = 0; i < n.data().length; i++) n.data()[i] += (float) (sigma * r.nextGaussian());
        return n;
    }

    @Test
    void fscOutputsEqualTheLibraryCurveAndTheCliCsv() throws Exception {
        Volume truth = TestVolumes.blobs(24, 24, 24, 11, 1.0);
        Volume a = noisy(truth, 1, 0.3), b = noisy(truth, 2, 0.3);
        Fsc.WedgeSplit expected = Fsc.computeWithWedge(a, b, -50, 50);
        Path fa = dir.resolve("a.mrc");
        Path fb = dir.resolve("b.mrc");
        MrcWriter.write(fa, a);
        MrcWriter.write(fb, b);
        Path csv = dir.resolve("fsc.csv");
        try (Context ctx = new Context(CommandService.class)) {
            CommandModule m = ctx.service(CommandService.class).run(CompareVolumesCommand.class, false,
                    "volume_a", ImageConversion.toImagePlus(a, "a"), "volume_b_file", fb.toFile(),
                    "region", CompareVolumesCommand.MISSING, "tilt_min", -50.0, "tilt_max", 50.0, "csv_file", csv.toFile()).get();
            assertFalse(m.isCanceled(), m.getCancelReason());
            CompareVolumesCommand c = (CompareVolumesCommand) m.getDelegateObject();
            assertArrayEquals(expected.missing().fsc(), c.curves().get("missing wedge").fsc(), 0);
            assertArrayEquals(expected.visible().fsc(), c.curves().get("visible").fsc(), 0);
            assertEquals(expected.missing().resolution(FscCurve.GOLD).angstrom(), (double) m.getOutput("resolution_0143"), 0);
            assertEquals(expected.missing().resolutionHalfBit().angstrom(), (double) m.getOutput("resolution_halfbit"), 0);
            assertEquals(Metrics.pearson(a, b), (double) m.getOutput("correlation"), 0);
            ImagePlus plot = (ImagePlus) m.getOutput("fsc_plot");
            assertTrue(plot.getTitle().startsWith("FSC a vs b.mrc"), plot.getTitle());
        }
        // `cryoet fsc` on the same files writes the same CSV
        Path cliCsv = dir.resolve("cli.csv");
        int rc = new picocli.CommandLine(new org.cryoet.cli.CryoEtCli()).execute("fsc", "--a", fa.toString(), "--b", fb.toString(),
                "--tilt-range", "-50,50", "--out-csv", cliCsv.toString());
        assertEquals(0, rc);
        assertEquals(Files.readAllLines(cliCsv), Files.readAllLines(csv));
        List<String> lines = Files.readAllLines(csv);
        assertEquals(expected.all().shells() + 1, lines.size());
        assertTrue(lines.get(0).startsWith("shell,frequency_per_A,resolution_A,fsc_all,n_all,halfbit_all,fsc_visible"), lines.get(0));
    }
}
