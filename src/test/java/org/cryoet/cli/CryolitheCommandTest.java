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
}
