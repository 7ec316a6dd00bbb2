package org.cryoet.cli;

import org.cryoet.io.MrcReader;
import org.cryoet.io.MrcWriter;
import org.cryoet.learn.TileFunction;
import org.cryoet.volume.VolumeSource;
import org.cryoet.learn.ZScore;
import org.cryoet.util.Progress;
import org.cryoet.volume.Calibration;
import org.cryoet.volume.Volume;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.function.BiFunction;

import static org.junit.jupiter.api.Assertions.*;

class PredictCommandTest {

    @TempDir
    Path dir;

    private BiFunction<Path, String, PredictionModels.Loaded> saved;

    /** An analytic "model": F(x) = 2x on tiles of 8^3. */
    static PredictionModels.Loaded doubling() {
        TileFunction f = (tiles, batch, crop) -> {
            float[] o = new float[tiles.length];
            for (int i = 0; i < o.length; i++) o[i] = 2 * tiles[i];
            return o;
        };
        return new PredictionModels.Loaded() {
            public int crop() { return 8; }
            public TileFunction function() { return f; }
            public String summary() { return "test model 2x"; }
            public void close() { }
        };
    }

    @BeforeEach
    void hook() {
        saved = PredictionModels.loader;
        PredictionModels.loader = (d, dev) -> doubling();
    }

    @AfterEach
    void unhook() {
        PredictionModels.loader = saved;
    }

    static Volume random(int nx, int ny, int nz, long seed, Calibration cal) {
        Random r = new Random(seed);
        float[] d = new float[nx * ny * nz];
        for (int i = 0; i < d.length; i++) d[i] = (float) (1 + r.nextGaussian());
        return Volume.wrap(d, nx, ny, nz, cal);
    }

    static float[] expected(Volume a, Volume b) {
        float[] na = a.data().clone();
        float[] nb = b.data().clone();
        ZScore.of(VolumeSource.of(a), Progress.NONE).apply(na, 0, na.length);
        ZScore.of(VolumeSource.of(b), Progress.NONE).apply(nb, 0, nb.length);
        float[] e = new float[na.length];
        for (int i = 0; i < e.length; i++) e[i] = na[i] + nb[i]; // (2a + 2b) / 2
        return e;
    }

    static int run(StringWriter out, StringWriter err, String... args) {
        CommandLine cl = CryoEtCli.commandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        return cl.execute(args);
    }

    @Test
    void predictsThePairAverageAndKeepsCalibration() throws Exception {
        Calibration cal = new Calibration(10, 10, 12, 5, 6, 7);
        Volume a = random(19, 13, 11, 1, cal);
        Volume b = random(19, 13, 11, 2, cal);
        Path even = dir.resolve("even.mrc");
        Path odd = dir.resolve("odd.mrc");
        Path out = dir.resolve("out.mrc");
        MrcWriter.write(even, a);
        MrcWriter.write(odd, b);
        StringWriter o = new StringWriter();
        StringWriter e = new StringWriter();
        int code = run(o, e, "predict", "--model-dir", dir.toString(), "--even", even.toString(), "--odd", odd.toString(),
                "--out", out.toString(), "--batch", "3");
        assertEquals(0, code, e.toString());
        Volume r = MrcReader.read(out);
        assertEquals(10, r.calibration().voxelX(), 1e-6);
        assertEquals(12, r.calibration().voxelZ(), 1e-6);
        assertEquals(7, r.calibration().originZ(), 1e-6);
        float[] exp = expected(a, b);
        for (int i = 0; i < exp.length; i++) assertEquals(exp[i], r.data()[i], 1e-5);
        assertTrue(o.toString().contains("test model 2x"));

        // existing output refused without --overwrite, before any work
        code = run(new StringWriter(), e = new StringWriter(), "predict", "--model-dir", dir.toString(),
                "--even", even.toString(), "--odd", odd.toString(), "--out", out.toString());
        assertEquals(2, code);
        assertTrue(e.toString().contains("already exists"), e.toString());
    }

    /** --mask: fewer tiles, the unmasked values inside the mask, 0 far from it, a wrong-size mask named. */
    @Test
    void aSampleMaskSkipsTilesOutsideTheSample() throws Exception {
        Calibration cal = Calibration.isotropic(10);
        Volume a = random(40, 24, 32, 1, cal);
        Volume b = random(40, 24, 32, 2, cal);
        Volume m = Volume.create(40, 24, 32, cal);
        for (int z = 10; z < 20; z++) for (int y = 0; y < 24; y++) for (int x = 0; x < 16; x++) m.set(x, y, z, 1);
        Path even = dir.resolve("even.mrc"), odd = dir.resolve("odd.mrc"), mask = dir.resolve("mask.mrc");
        MrcWriter.write(even, a);
        MrcWriter.write(odd, b);
        MrcWriter.write(mask, m);
        StringWriter o = new StringWriter(), e = new StringWriter();
        assertEquals(0, run(o, e, "predict", "--model-dir", dir.toString(), "--even", even.toString(), "--odd",
                odd.toString(), "--out", dir.resolve("all.mrc").toString()), e.toString());
        String tilesAll = o.toString().replaceAll("(?s).*tiles\\s+(\\d+).*", "$1");
        o = new StringWriter();
        assertEquals(0, run(o, e, "predict", "--model-dir", dir.toString(), "--even", even.toString(), "--odd",
                odd.toString(), "--mask", mask.toString(), "--out", dir.resolve("masked.mrc").toString()), e.toString());
        String tilesMasked = o.toString().replaceAll("(?s).*tiles\\s+(\\d+).*", "$1");
        assertTrue(Long.parseLong(tilesMasked) < Long.parseLong(tilesAll), tilesMasked + " vs " + tilesAll);
        Volume all = MrcReader.read(dir.resolve("all.mrc"));
        Volume masked = MrcReader.read(dir.resolve("masked.mrc"));
        for (int z = 0; z < 32; z++)
            for (int y = 0; y < 24; y++)
                for (int x = 0; x < 40; x++) {
                    if (m.get(x, y, z) > 0) assertEquals(all.get(x, y, z), masked.get(x, y, z), 0f);
                    else if (x >= 30) assertEquals(0f, masked.get(x, y, z), "far from the mask");
                }
        MrcWriter.write(dir.resolve("small.mrc"), Volume.create(40, 24, 31, cal));
        e = new StringWriter();
        assertEquals(2, run(new StringWriter(), e, "predict", "--model-dir", dir.toString(), "--even", even.toString(),
                "--mask", dir.resolve("small.mrc").toString(), "--out", dir.resolve("bad.mrc").toString()));
        assertTrue(e.toString().contains("small.mrc") && e.toString().contains("differ in size"), e.toString());
        assertFalse(Files.exists(dir.resolve("bad.mrc")));
    }

    @Test
    void clearErrorsForMismatchedOrNonFiniteHalves() throws Exception {
        Path even = dir.resolve("even.mrc");
        Path odd = dir.resolve("odd.mrc");
        MrcWriter.write(even, random(10, 10, 10, 1, Calibration.UNIT));
        MrcWriter.write(odd, random(10, 11, 10, 2, Calibration.UNIT));
        StringWriter e = new StringWriter();
        int code = run(new StringWriter(), e, "predict", "--model-dir", dir.toString(), "--even", even.toString(),
                "--odd", odd.toString(), "--out", dir.resolve("o.mrc").toString());
        assertEquals(2, code);
        assertTrue(e.toString().contains("even.mrc") && e.toString().contains("odd.mrc") && e.toString().contains("differ"),
                e.toString());
        Volume bad = random(10, 10, 10, 2, Calibration.UNIT);
        bad.set(1, 2, 3, Float.NaN);
        Files.delete(odd);
        MrcWriter.write(odd, bad);
        e = new StringWriter();
        code = run(new StringWriter(), e, "predict", "--model-dir", dir.toString(), "--even", even.toString(),
                "--odd", odd.toString(), "--out", dir.resolve("o.mrc").toString());
        assertEquals(2, code);
        assertTrue(e.toString().contains("odd.mrc") && e.toString().contains("NaN"), e.toString());
        assertFalse(Files.exists(dir.resolve("o.mrc")));
    }
}
