package org.cryoet.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import org.cryoet.io.MrcReader;
import org.cryoet.io.TiltAngles;
import org.cryoet.tomo.AcquisitionSimulator;
import org.cryoet.tomo.AcquisitionSpec;
import org.cryoet.tomo.AcquisitionOrder;
import org.cryoet.tomo.HalfSplitter;
import org.cryoet.tomo.Phantom;
import org.cryoet.tomo.PhantomSpec;
import org.cryoet.volume.Volume;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import picocli.CommandLine;

class SimulateSplitCommandTest {

    @TempDir
    Path dir;

    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cl = CryoEtCli.commandLine();
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    @Test
    void simulateThenSplitRoundTripsThroughFiles() throws Exception {
        Path sim = dir.resolve("sim");
        assertEquals(0, run("simulate", "--out", sim.toString(), "--size", "40,32,24", "--tilt-range", "-45,30",
                "--tilt-step", "5", "--frames", "3", "--snr-db", "-2", "--seed", "3", "--order", "dose-symmetric",
                "--voxel-size", "12"), err.toString());

        Volume gt = MrcReader.read(sim.resolve("ground_truth.mrc"));
        assertArrayEquals(Phantom.generate(PhantomSpec.of(40, 32, 24, 3, 12)).data(), gt.data());
        assertEquals(12.0, gt.calibration().voxelX(), 1e-5);
        assertEquals(12.0, gt.calibration().voxelZ(), 1e-5);

        double[] angles = TiltAngles.read(sim.resolve("tilts.tlt"));
        AcquisitionSpec spec = new AcquisitionSpec(-45, 30, 5, AcquisitionOrder.DOSE_SYMMETRIC, 1, 3, -2, 3, 0, 0);
        assertArrayEquals(spec.angles(), angles, 1e-9);
        double[] order = TiltAngles.read(sim.resolve("order.txt"));
        int[] expectedOrder = spec.acquisitionOrder();
        for (int k = 0; k < order.length; k++) assertEquals(angles[expectedOrder[k]], order[k], 1e-9);
        assertEquals(0.0, order[0]);
        assertEquals(5.0, order[1]);
        assertEquals(-5.0, order[2]);

        Volume ts = MrcReader.read(sim.resolve("tilt_series.mrc"));
        Volume frames = MrcReader.read(sim.resolve("frames.mrc"));
        Volume clean = MrcReader.read(sim.resolve("clean_tilt_series.mrc"));
        assertEquals(16, ts.nz());
        assertEquals(48, frames.nz());
        assertEquals(12.0, ts.calibration().voxelX(), 1e-5);
        assertEquals(12.0, frames.calibration().voxelY(), 1e-5);
        int area = ts.nx() * ts.ny();
        for (int t = 0; t < ts.nz(); t++) {
            for (int i = 0; i < area; i++) {
                float sum = 0;
                for (int k = 0; k < 3; k++) sum += frames.data()[(t * 3 + k) * area + i];
                assertEquals(sum, ts.data()[t * area + i]);
            }
        }
        assertEquals(-2, AcquisitionSimulator.snrDb(clean, ts), 0.5);
        assertTrue(Files.readString(sim.resolve("simulation.txt")).contains("measured SNR"));

        // dose split
        Path dose = dir.resolve("dose");
        assertEquals(0, run("split", "--mode", "dose", "--frames", sim.resolve("frames.mrc").toString(),
                "--frames-per-tilt", "3", "--tilts", sim.resolve("tilts.tlt").toString(), "--out", dose.toString()),
                err.toString());
        Volume even = MrcReader.read(dose.resolve("even.mrc"));
        Volume odd = MrcReader.read(dose.resolve("odd.mrc"));
        assertEquals(12.0, even.calibration().voxelX(), 1e-5);
        for (int i = 0; i < ts.data().length; i++) {
            assertEquals(ts.data()[i], even.data()[i] + odd.data()[i], 1e-5 * (1 + Math.abs(ts.data()[i])));
        }
        assertArrayEquals(angles, TiltAngles.read(dose.resolve("even.tlt")), 1e-9);
        assertArrayEquals(angles, TiltAngles.read(dose.resolve("odd.tlt")), 1e-9);

        // angle split in acquisition order (order file) and in file order
        Path ang = dir.resolve("angle");
        assertEquals(0, run("split", "--mode", "angle", "--tilt-series", sim.resolve("tilt_series.mrc").toString(),
                "--tilts", sim.resolve("tilts.tlt").toString(), "--order", sim.resolve("order.txt").toString(),
                "--out", ang.toString()), err.toString());
        HalfSplitter.Halves h = HalfSplitter.angleSplit(ts, angles, expectedOrder, "ts");
        assertArrayEquals(h.evenAngles(), TiltAngles.read(ang.resolve("even.tlt")), 1e-9);
        assertArrayEquals(h.oddAngles(), TiltAngles.read(ang.resolve("odd.tlt")), 1e-9);
        assertArrayEquals(h.even().data(), MrcReader.read(ang.resolve("even.mrc")).data());
        assertArrayEquals(h.odd().data(), MrcReader.read(ang.resolve("odd.mrc")).data());
        assertEquals(8, h.evenAngles().length); // -45..30 step 5: 0 and the negative side except the far end
        assertTrue(err.toString().contains("warning"), "one-sided halves are reported");

        Path fileOrder = dir.resolve("angle-file-order");
        assertEquals(0, run("split", "--mode", "angle", "--tilt-series", sim.resolve("tilt_series.mrc").toString(),
                "--tilts", sim.resolve("tilts.tlt").toString(), "--out", fileOrder.toString()), err.toString());
        double[] e = TiltAngles.read(fileOrder.resolve("even.tlt"));
        assertEquals(8, e.length);
        assertEquals(-45.0, e[0]);
        assertEquals(25.0, e[7]);
    }

    @Test
    void badInputsAndExistingOutputsExitWithTwo() throws Exception {
        Path sim = dir.resolve("sim");
        String[] simulate = {"simulate", "--out", sim.toString(), "--size", "24,16,16", "--tilt-range", "-20,20",
                "--tilt-step", "10", "--frames", "2"};
        assertEquals(0, run(simulate));
        assertEquals(2, run(simulate));
        assertTrue(err.toString().contains("already exists"), err.toString());
        String[] again = java.util.Arrays.copyOf(simulate, simulate.length + 1);
        again[simulate.length] = "--overwrite";
        assertEquals(0, run(again));

        String frames = sim.resolve("frames.mrc").toString(), tilts = sim.resolve("tilts.tlt").toString();
        assertEquals(2, run("split", "--mode", "dose", "--frames", frames, "--frames-per-tilt", "3", "--tilts", tilts,
                "--out", dir.resolve("x").toString()));
        assertTrue(err.toString().contains("not a multiple of 3"), err.toString());
        Path shortTlt = dir.resolve("short.tlt");
        TiltAngles.write(shortTlt, new double[] {-10, 0, 10}, false);
        assertEquals(2, run("split", "--mode", "dose", "--frames", frames, "--frames-per-tilt", "2", "--tilts",
                shortTlt.toString(), "--out", dir.resolve("x").toString()));
        assertTrue(err.toString().contains("short.tlt has 3 angles"), err.toString());
        assertEquals(2, run("split", "--mode", "angle", "--tilt-series", sim.resolve("tilt_series.mrc").toString(),
                "--tilts", tilts, "--order", shortTlt.toString(), "--out", dir.resolve("x").toString()));
        assertTrue(err.toString().contains("lists 3 angles"), err.toString());
        assertEquals(2, run("split", "--mode", "frames", "--tilts", tilts, "--out", dir.resolve("x").toString()));
        assertEquals(2, run("split", "--mode", "angle", "--tilts", tilts, "--out", dir.resolve("x").toString()));
        assertEquals(2, run("simulate", "--out", dir.resolve("y").toString(), "--order", "random"));
        assertTrue(Files.notExists(dir.resolve("x").resolve("even.mrc")));
    }
}
