package org.cryoet.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import org.cryoet.io.MrcReader;
import org.cryoet.io.MrcWriter;
import org.cryoet.io.TiltAngles;
import org.cryoet.learn.cryolithe.CryolitheConfig;
import org.cryoet.learn.cryolithe.CryolitheModel;
import org.cryoet.learn.cryolithe.CryolitheNetwork;
import org.cryoet.learn.cryolithe.CryolitheReconstruction;
import org.cryoet.tomo.ForwardProjector;
import org.cryoet.util.Progress;
import org.cryoet.volume.Calibration;
import org.cryoet.volume.Volume;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import picocli.CommandLine;

/** cryoet cryolithe reconstruct: the library's result, calibration kept, clear refusals. */
class CryolitheCommandTest {
    @TempDir
    Path dir;

    private static int run(StringWriter err, String... args) {
        CommandLine cl = CryoEtCli.commandLine();
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    @Test
    void reconstructsWithAModelFolderAndRefusesBadInputs() throws Exception {
        Volume blob = Volume.create(24, 20, 12, Calibration.UNIT);
        for (int z = 4; z < 8; z++) for (int y = 6; y < 12; y++) for (int x = 8; x < 14; x++) blob.set(x, y, z, 1);
        double[] angles = {-45, -30, -15, 0, 15, 30, 45};
        Volume ts = ForwardProjector.project(blob, angles);
        ts.setCalibration(new Calibration(6.5, 6.5, 1, 3, 4, 5));
        Path tsPath = dir.resolve("ts.mrc"), tlt = dir.resolve("ts.tlt"), out = dir.resolve("rec.mrc");
        MrcWriter.writeStack(tsPath, ts);
        TiltAngles.write(tlt, angles, false);
        CryolitheConfig cfg = new CryolitheConfig(5, 1.0, 8, 12, 4, 16, 2, true, 9, 16.0);
        Path model = dir.resolve("model");
        try (NDManager m = NDManager.newBaseManager(Device.cpu()); CryolitheNetwork net = CryolitheNetwork.create(cfg, 5, m)) {
            CryolitheModel.save(model, new CryolitheModel.Info("cryolithe", cfg, "test", 5, 0, 0, "", "", null, 0, null),
                    net.weightsToHost());
        }

        StringWriter err = new StringWriter();
        int code = run(err, "cryolithe", "reconstruct", "--tilt-series", tsPath.toString(), "--tilts", tlt.toString(),
                "--thickness", "11", "--out", out.toString(), "--model", model.toString(), "--batch", "50");
        assertEquals(0, code, err.toString());
        Volume rec = MrcReader.read(out);
        assertEquals(24, rec.nx());
        assertEquals(20, rec.ny());
        assertEquals(11, rec.nz());
        assertEquals(6.5, rec.calibration().voxelZ(), 1e-4);
        assertEquals(3, rec.calibration().originX(), 1e-4);
        Volume expected = CryolitheReconstruction.reconstruct(MrcReader.read(tsPath), angles, 11,
                CryolitheModel.load(model), Device.cpu(), 50, Progress.NONE);
        assertArrayEquals(expected.data(), rec.data(), 1e-5f);

        // existing output refused without --overwrite
        StringWriter err2 = new StringWriter();
        assertEquals(2, run(err2, "cryolithe", "reconstruct", "--tilt-series", tsPath.toString(), "--tilts",
                tlt.toString(), "--thickness", "11", "--out", out.toString(), "--model", model.toString()));
        // one angle too few: the error names the angle file and the stack
        Path shortTlt = dir.resolve("short.tlt");
        TiltAngles.write(shortTlt, java.util.Arrays.copyOf(angles, 6), false);
        StringWriter err3 = new StringWriter();
        assertEquals(2, run(err3, "cryolithe", "reconstruct", "--tilt-series", tsPath.toString(), "--tilts",
                shortTlt.toString(), "--thickness", "11", "--out", dir.resolve("r3.mrc").toString(), "--model",
                model.toString()));
        assertTrue(err3.toString().contains("short.tlt") && err3.toString().contains("ts.mrc"), err3.toString());
        assertFalse(Files.exists(dir.resolve("r3.mrc")));
        // too few tilts
        Volume four = Volume.create(24, 20, 4, Calibration.UNIT);
        four.data()[5] = 1;
        Path fourPath = dir.resolve("four.mrc"), fourTlt = dir.resolve("four.tlt");
        MrcWriter.writeStack(fourPath, four);
        TiltAngles.write(fourTlt, new double[]{-30, -10, 10, 30}, false);
        StringWriter err4 = new StringWriter();
        assertEquals(2, run(err4, "cryolithe", "reconstruct", "--tilt-series", fourPath.toString(), "--tilts",
                fourTlt.toString(), "--thickness", "11", "--out", dir.resolve("r4.mrc").toString(), "--model",
                model.toString()));
        assertTrue(err4.toString().contains("four.mrc") && err4.toString().contains("at least 5"), err4.toString());
        // a model folder that is not one
        StringWriter err5 = new StringWriter();
        assertEquals(2, run(err5, "cryolithe", "reconstruct", "--tilt-series", tsPath.toString(), "--tilts",
                tlt.toString(), "--thickness", "11", "--out", dir.resolve("r5.mrc").toString(), "--model",
                dir.toString()));
        assertTrue(err5.toString().contains("does not hold model.json"), err5.toString());
    }

    @Test
    void evaluateAddsATrainingMethodRowAndRefusesItWithRecord() throws Exception {
        java.io.ByteArrayOutputStream buf = new java.io.ByteArrayOutputStream();
        java.io.PrintStream old = System.out;
        StringWriter err = new StringWriter();
        int code;
        try {
            System.setOut(new java.io.PrintStream(buf, true, java.nio.charset.StandardCharsets.UTF_8));
            code = run(err, "cryolithe", "evaluate", "--size", "32,32,32", "--seed", "3", "--method", "icecream",
                    "--iterations", "2", "--device", "cpu");
        } finally {
            System.setOut(old);
        }
        String out = buf.toString(java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(0, code, err + out);
        String title = org.cryoet.learn.TrainingMethods.byName("icecream").title();
        String name = title + " (demo preset, 2 iterations, odd/even tilt halves)";
        assertTrue(out.contains("| " + name + " |"), out);
        assertTrue(out.indexOf("| CryoLithe") < out.indexOf("| " + name), out);

        Path model = dir.resolve("model");
        CryolitheModel.save(model, CryolitheModel.builtIn(false).info(), CryolitheModel.builtIn(false).weights());
        StringWriter e1 = new StringWriter();
        assertEquals(2, run(e1, "cryolithe", "evaluate", "--model", model.toString(), "--record", "--method",
                "icecream"));
        assertTrue(e1.toString().contains("--record") && e1.toString().contains("--method"), e1.toString());
        // an unknown name: the registry's own error
        StringWriter e2 = new StringWriter();
        assertEquals(2, run(e2, "cryolithe", "evaluate", "--method", "no-such-method"));
        String registry = org.junit.jupiter.api.Assertions.assertThrows(org.cryoet.util.CryoEtException.class,
                () -> org.cryoet.learn.TrainingMethods.byName("no-such-method")).getMessage();
        assertTrue(e2.toString().contains(registry), e2.toString());
        StringWriter e3 = new StringWriter();
        assertEquals(2, run(e3, "cryolithe", "evaluate", "--iterations", "5"));
        assertTrue(e3.toString().contains("--method"), e3.toString());
        // the help names the default iterations, which are the demo preset's
        StringWriter help = new StringWriter();
        CommandLine cl = CryoEtCli.commandLine();
        cl.setOut(new PrintWriter(help, true));
        cl.execute("cryolithe", "evaluate", "--help");
        assertTrue(help.toString().contains("(" + org.cryoet.learn.TrainingPresets.demo().iterations() + ")"),
                help.toString());
    }
}
