package org.cryoet.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import javax.imageio.ImageIO;

import org.cryoet.fourier.Fsc;
import org.cryoet.fourier.FscCurve;
import org.cryoet.io.MrcReader;
import org.cryoet.io.MrcWriter;
import org.cryoet.tomo.SampleMask;
import org.cryoet.tomo.SampleMaskOptions;
import org.cryoet.volume.Calibration;
import org.cryoet.volume.Volume;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import picocli.CommandLine;

class MaskFscCommandTest {
    private static final Path VECTORS = Path.of("src/test/resources/icecream-testvectors");

    private record Run(int code, String out, String err) {
    }

    private static Run run(String... args) {
        PrintStream old = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        StringWriter err = new StringWriter();
        try {
            System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
            CommandLine cl = CryoEtCli.commandLine();
            cl.setErr(new PrintWriter(err, true));
            int code = cl.execute(args);
            return new Run(code, buf.toString(StandardCharsets.UTF_8), err.toString());
        } finally {
            System.setOut(old);
        }
    }

    @Test
    void maskCommandWritesTheLibraryMask(@TempDir Path dir) {
        Path h0 = VECTORS.resolve("half0.mrc"), h1 = VECTORS.resolve("half1.mrc");
        Path out = dir.resolve("mask.mrc");
        Run r = run("mask", "--tomogram", h0.toString(), "--tomogram", h1.toString(), "--out", out.toString(),
                "--z-crop", "0.25");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("covered"), r.out());
        Volume written = MrcReader.read(out);
        Volume expect = SampleMask.compute(MrcReader.read(h0), MrcReader.read(h1),
                SampleMaskOptions.DEFAULTS.withZCrop(0.25));
        assertArrayEquals(expect.data(), written.data(), 0f);
        Run again = run("mask", "--tomogram", h0.toString(), "--out", out.toString());
        assertEquals(2, again.code());
        assertTrue(again.err().contains("already exists"), again.err());
        Run bad = run("mask", "--tomogram", h0.toString(), "--out", dir.resolve("m2.mrc").toString(),
                "--std-percentile", "0");
        assertEquals(2, bad.code());
    }

    @Test
    void fscCommandPrintsResolutionsAndWritesCsvAndPng(@TempDir Path dir) throws IOException {
        Path a = dir.resolve("a.mrc"), b = dir.resolve("b.mrc");
        Volume va = Volume.create(32, 32, 32, Calibration.isotropic(4));
        java.util.Random rnd = new java.util.Random(5);
        for (int i = 0; i < va.data().length; i++) va.data()[i] = (float) rnd.nextGaussian();
        Volume vb = va.copy();
        for (int i = 0; i < vb.data().length; i++) vb.data()[i] += (float) rnd.nextGaussian();
        MrcWriter.write(a, va);
        MrcWriter.write(b, vb);
        Path csv = dir.resolve("fsc.csv"), png = dir.resolve("fsc.png");
        Run r = run("fsc", "--a", a.toString(), "--b", b.toString(), "--tilt-range", "-60,50",
                "--out-csv", csv.toString(), "--out-png", png.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("FSC=0.143") && r.out().contains("missing wedge") && r.out().contains("visible"), r.out());
        List<String> lines = Files.readAllLines(csv);
        Fsc.WedgeSplit split = Fsc.computeWithWedge(va, vb, -60, 50);
        assertEquals(split.all().shells() + 1, lines.size());
        assertTrue(lines.get(0).startsWith("shell,frequency_per_A,resolution_A,fsc_all,n_all,halfbit_all,fsc_visible"));
        String[] row3 = lines.get(4).split(",");
        assertEquals(3 / (32 * 4.0), Double.parseDouble(row3[1]), 1e-5);
        assertEquals(split.all().fsc()[3], Double.parseDouble(row3[3]), 1e-5);
        assertEquals(split.missing().count()[3], Long.parseLong(row3[10]));
        // b = a + independent noise of equal power: FSC = 1/sqrt(2) in every shell
        assertEquals(1 / Math.sqrt(2), split.all().fsc()[10], 0.1);
        assertEquals(800, ImageIO.read(png.toFile()).getWidth());
        Run plain = run("fsc", "--a", a.toString(), "--b", b.toString());
        assertEquals(0, plain.code(), plain.err());
        assertTrue(plain.out().contains(org.cryoet.fourier.FscReport.format(Fsc.compute(va, vb).resolution(FscCurve.GOLD))),
                plain.out());
        Path c = dir.resolve("c.mrc");
        MrcWriter.write(c, Volume.create(32, 32, 16, Calibration.UNIT));
        Run mismatch = run("fsc", "--a", a.toString(), "--b", c.toString());
        assertEquals(2, mismatch.code());
        assertTrue(mismatch.err().contains("c.mrc"), mismatch.err());
        assertEquals(2, run("fsc", "--a", a.toString(), "--b", b.toString(), "--tilt-range", "70,-70").code());
    }
}
