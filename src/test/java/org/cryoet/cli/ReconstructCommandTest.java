package org.cryoet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import org.cryoet.io.MrcReader;
import org.cryoet.io.MrcWriter;
import org.cryoet.io.TiltAngles;
import org.cryoet.tomo.FbpOptions;
import org.cryoet.tomo.FilteredBackProjection;
import org.cryoet.tomo.ForwardProjector;
import org.cryoet.volume.Calibration;
import org.cryoet.volume.Volume;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import picocli.CommandLine;

class ReconstructCommandTest {

    @TempDir
    Path dir;

    private static int run(StringWriter err, String... args) {
        CommandLine cl = CryoEtCli.commandLine();
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    @Test
    void reconstructsATinyTiltSeriesEndToEnd() throws Exception {
        Volume cube = Volume.create(32, 24, 32, Calibration.UNIT);
        for (int z = 10; z < 22; z++) for (int y = 6; y < 18; y++) for (int x = 10; x < 22; x++) cube.set(x, y, z, 1);
        // full range, so the cube keeps its density (no missing wedge)
        double[] angles = new double[37];
        for (int i = 0; i < angles.length; i++) angles[i] = -90 + 5 * i;
        Volume ts = ForwardProjector.project(cube, angles);
        ts.setCalibration(new Calibration(2.5, 2.5, 1, 0, 0, 0));
        Path tsPath = dir.resolve("ts.mrc"), tlt = dir.resolve("ts.tlt"), out = dir.resolve("rec.mrc");
        MrcWriter.writeStack(tsPath, ts);
        TiltAngles.write(tlt, angles, false);

        StringWriter err = new StringWriter();
        int code = run(err, "reconstruct", "--tilt-series", tsPath.toString(), "--tilts", tlt.toString(),
                "--thickness", "20", "--out", out.toString(), "--filter", "ramp");
        assertEquals(0, code, err.toString());
        Volume rec = MrcReader.read(out);
        assertEquals(32, rec.nx());
        assertEquals(24, rec.ny());
        assertEquals(20, rec.nz());
        assertEquals(2.5, rec.calibration().voxelX(), 1e-4);
        assertEquals(2.5, rec.calibration().voxelY(), 1e-4);
        assertEquals(2.5, rec.calibration().voxelZ(), 1e-4);
        // the same as the library call on the data read back
        Volume direct = FilteredBackProjection.reconstruct(MrcReader.read(tsPath), TiltAngles.read(tlt),
                FbpOptions.builder().filter(FbpOptions.FilterType.RAMP).thickness(20).build(), null);
        for (int i = 0; i < rec.data().length; i++) assertEquals(direct.data()[i], rec.data()[i], 1e-5);
        // the cube's centre has unit density; far from it nothing
        double centre = (rec.get(15, 11, 9) + rec.get(16, 12, 10)) / 2;
        assertEquals(1.0, centre, 0.05);
        assertEquals(0.0, rec.get(2, 2, 10), 0.1);

        // binning by 2: half the size, twice the voxel
        Path binned = dir.resolve("bin2.mrc");
        code = run(err, "reconstruct", "--tilt-series", tsPath.toString(), "--tilts", tlt.toString(),
                "--thickness", "10", "--out", binned.toString(), "--bin", "2", "--filter", "radial", "--radial",
                "0.4,0.05");
        assertEquals(0, code, err.toString());
        Volume b = MrcReader.read(binned);
        assertEquals(16, b.nx());
        assertEquals(12, b.ny());
        assertEquals(10, b.nz());
        assertEquals(5.0, b.calibration().voxelX(), 1e-4);
        assertEquals(5.0, b.calibration().voxelZ(), 1e-4);
        assertEquals(1.0, (b.get(7, 5, 4) + b.get(8, 6, 5)) / 2, 0.2);

        // existing output refused without --overwrite, and left as it was
        byte[] before = Files.readAllBytes(out);
        StringWriter err2 = new StringWriter();
        code = run(err2, "reconstruct", "--tilt-series", tsPath.toString(), "--tilts", tlt.toString(),
                "--thickness", "8", "--out", out.toString());
        assertEquals(2, code);
        assertTrue(err2.toString().contains("already exists"), err2.toString());
        assertTrue(Arrays.equals(before, Files.readAllBytes(out)));
        code = run(err2, "reconstruct", "--tilt-series", tsPath.toString(), "--tilts", tlt.toString(),
                "--thickness", "8", "--out", out.toString(), "--overwrite", "--filter", "sirt", "--sirt-iterations", "5");
        assertEquals(0, code, err2.toString());
        assertEquals(8, MrcReader.read(out).nz());
        // never over an input
        StringWriter err3 = new StringWriter();
        code = run(err3, "reconstruct", "--tilt-series", tsPath.toString(), "--tilts", tlt.toString(),
                "--thickness", "8", "--out", tsPath.toString(), "--overwrite");
        assertEquals(2, code);
        assertTrue(err3.toString().contains("input"), err3.toString());
    }

    @Test
    void rejectsMismatchedAnglesAndNonFiniteData() throws Exception {
        Volume ts = Volume.create(16, 8, 3, Calibration.UNIT);
        Path tsPath = dir.resolve("ts.mrc"), tlt = dir.resolve("ts.tlt");
        MrcWriter.writeStack(tsPath, ts);
        TiltAngles.write(tlt, new double[] {-10, 10}, false);
        StringWriter err = new StringWriter();
        int code = run(err, "reconstruct", "--tilt-series", tsPath.toString(), "--tilts", tlt.toString(),
                "--thickness", "8", "--out", dir.resolve("a.mrc").toString());
        assertEquals(2, code);
        assertTrue(err.toString().contains("2 angles") && err.toString().contains("3 images"), err.toString());

        TiltAngles.write(tlt, new double[] {-10, 0, 10}, true);
        ts.set(3, 3, 1, Float.NaN);
        MrcWriter.writeStack(tsPath, ts);
        StringWriter err2 = new StringWriter();
        code = run(err2, "reconstruct", "--tilt-series", tsPath.toString(), "--tilts", tlt.toString(),
                "--thickness", "8", "--out", dir.resolve("b.mrc").toString());
        assertEquals(2, code);
        assertTrue(err2.toString().contains("non-finite"), err2.toString());
        assertTrue(!Files.exists(dir.resolve("b.mrc")));

        StringWriter err3 = new StringWriter();
        code = run(err3, "reconstruct", "--tilt-series", tsPath.toString(), "--tilts", tlt.toString(),
                "--thickness", "8", "--out", dir.resolve("c.mrc").toString(), "--filter", "hamming");
        assertEquals(2, code);
        assertTrue(err3.toString().contains("Unknown filter"), err3.toString());
    }
}
