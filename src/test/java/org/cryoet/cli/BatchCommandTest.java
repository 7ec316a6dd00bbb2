package org.cryoet.cli;

import org.cryoet.io.MrcReader;
import org.cryoet.io.MrcWriter;
import org.cryoet.volume.Calibration;
import org.cryoet.volume.Volume;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.BiFunction;

import static org.junit.jupiter.api.Assertions.*;

class BatchCommandTest {

    @TempDir
    Path dir;

    private BiFunction<Path, String, PredictionModels.Loaded> saved;

    @BeforeEach
    void hook() {
        saved = PredictionModels.loader;
        PredictionModels.loader = (d, dev) -> PredictCommandTest.doubling();
    }

    @AfterEach
    void unhook() {
        PredictionModels.loader = saved;
    }

    @Test
    void runsEveryItemContinuesAfterAFailureAndSummarises() throws Exception {
        Volume a1 = PredictCommandTest.random(12, 10, 9, 1, Calibration.UNIT);
        Volume b1 = PredictCommandTest.random(12, 10, 9, 2, Calibration.UNIT);
        Volume a2 = PredictCommandTest.random(9, 11, 10, 3, Calibration.isotropic(4));
        Volume b2 = PredictCommandTest.random(9, 11, 10, 4, Calibration.isotropic(4));
        Files.createDirectories(dir.resolve("in"));
        MrcWriter.write(dir.resolve("in/t1_EVN.mrc"), a1);
        MrcWriter.write(dir.resolve("in/t1_ODD.mrc"), b1);
        MrcWriter.write(dir.resolve("in/t2_EVN.mrc"), a2);
        MrcWriter.write(dir.resolve("in/t2_ODD.mrc"), b2);
        Path list = dir.resolve("items.tsv");
        Files.writeString(list, "even\todd\tout\n"
                + "in/t1_EVN.mrc\tin/t1_ODD.mrc\tout/t1.mrc\n"
                + "# a pair whose odd half is missing\n"
                + "in/t2_EVN.mrc\tin/missing.mrc\tout/bad.mrc\n"
                + "in/t2_EVN.mrc, in/t2_ODD.mrc, out/t2.mrc\n");
        StringWriter o = new StringWriter();
        StringWriter e = new StringWriter();
        int code = PredictCommandTest.run(o, e, "batch", "--model-dir", dir.toString(), "--list", list.toString());
        assertEquals(1, code, o + "\n" + e);
        String log = o.toString();
        assertTrue(log.contains("[1/3] item 0"), log);
        assertTrue(log.contains("missing.mrc"), log);
        assertTrue(log.contains("2 ok, 1 failed, 0 skipped"), log);
        assertTrue(log.matches("(?s).*\\n1\\s+FAILED\\s+\\d+\\.\\d\\s+.*bad\\.mrc.*"), log);
        float[] e1 = PredictCommandTest.expected(a1, b1);
        float[] r1 = MrcReader.read(dir.resolve("out/t1.mrc")).data();
        for (int i = 0; i < e1.length; i++) assertEquals(e1[i], r1[i], 1e-5);
        Volume r2 = MrcReader.read(dir.resolve("out/t2.mrc"));
        assertEquals(4, r2.calibration().voxelX(), 1e-6);
        float[] e2 = PredictCommandTest.expected(a2, b2);
        for (int i = 0; i < e2.length; i++) assertEquals(e2[i], r2.data()[i], 1e-5);
        assertFalse(Files.exists(dir.resolve("out/bad.mrc")));

        // SLURM-style single task: only item 2, output exists -> overwrite needed
        Files.delete(dir.resolve("out/t2.mrc"));
        o = new StringWriter();
        code = PredictCommandTest.run(o, new StringWriter(), "batch", "--model-dir", dir.toString(), "--list",
                list.toString(), "--task-index", "2");
        assertEquals(0, code, o.toString());
        assertTrue(o.toString().contains("running 1") && o.toString().contains("1 ok, 0 failed"), o.toString());
        assertTrue(Files.exists(dir.resolve("out/t2.mrc")));
        e = new StringWriter();
        code = PredictCommandTest.run(new StringWriter(), e, "batch", "--model-dir", dir.toString(), "--list",
                list.toString(), "--task-index", "3");
        assertEquals(2, code);
        assertTrue(e.toString().contains("--task-index 3"), e.toString());
    }

    @Test
    void globPairsEvenAndOddByName() throws Exception {
        Files.createDirectories(dir.resolve("in"));
        for (int t = 1; t <= 2; t++) {
            MrcWriter.write(dir.resolve("in/ts" + t + "_EVN.mrc"), PredictCommandTest.random(9, 9, 9, t, Calibration.UNIT));
            MrcWriter.write(dir.resolve("in/ts" + t + "_ODD.mrc"), PredictCommandTest.random(9, 9, 9, 10 + t, Calibration.UNIT));
        }
        StringWriter o = new StringWriter();
        int code = PredictCommandTest.run(o, new StringWriter(), "batch", "--model-dir", dir.toString(),
                "--even-glob", dir.resolve("in").toString() + "/*_EVN.mrc", "--odd-replace", "EVN=ODD",
                "--out-dir", dir.resolve("out").toString());
        assertEquals(0, code, o.toString());
        assertTrue(Files.exists(dir.resolve("out/ts1_icecream.mrc")));
        assertTrue(Files.exists(dir.resolve("out/ts2_icecream.mrc")));
        assertTrue(o.toString().contains("2 ok, 0 failed"), o.toString());
        // re-run: skip existing outputs
        o = new StringWriter();
        code = PredictCommandTest.run(o, new StringWriter(), "batch", "--model-dir", dir.toString(),
                "--even-glob", dir.resolve("in").toString() + "/*_EVN.mrc", "--odd-replace", "EVN=ODD",
                "--out-dir", dir.resolve("out").toString(), "--skip-existing");
        assertEquals(0, code, o.toString());
        assertTrue(o.toString().contains("0 ok, 0 failed, 2 skipped"), o.toString());
    }
}
