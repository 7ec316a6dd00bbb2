package org.cryoet.cli;

import org.cryoet.io.MrcWriter;
import org.cryoet.learn.IcecreamModel;
import org.cryoet.learn.ModelInfo;
import org.cryoet.volume.Calibration;
import org.cryoet.volume.Volume;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

class TrainCommandTest {

    private static Path volume(Path dir, String name, long seed) {
        Random r = new Random(seed);
        float[] d = new float[16 * 16 * 16];
        for (int i = 0; i < d.length; i++) d[i] = (float) r.nextGaussian();
        Path p = dir.resolve(name);
        MrcWriter.write(p, Volume.wrap(d, 16, 16, 16, Calibration.isotropic(10)));
        return p;
    }

    private static int run(String... args) {
        return CryoEtCli.commandLine().setErr(new PrintWriter(new StringWriter())).execute(args);
    }

    private static ModelInfo info(Path dir) {
        try (IcecreamModel m = IcecreamModel.load(dir)) {
            return m.info();
        }
    }

    @Test
    void trainsRefusesToOverwriteAndResumes(@TempDir Path dir) throws Exception {
        Path a = volume(dir, "even.mrc", 1);
        Path b = volume(dir, "odd.mrc", 2);
        Path model = dir.resolve("model");
        String[] common = {"train", "--even", a.toString(), "--odd", b.toString(), "--tilt-range", "-50,60",
                "--model-dir", model.toString(), "--crop", "8", "--depth", "2", "--channels", "4", "--batch", "2",
                "--device", "cpu", "--progress-every", "0"};
        assertEquals(0, run(concat(common, "--iterations", "2")));
        ModelInfo i = info(model);
        assertEquals(2, i.iterations());
        assertEquals(-50, i.tiltMin());
        assertEquals(60, i.tiltMax());
        assertEquals(8, i.crop());
        assertTrue(Files.isRegularFile(model.resolve("loss.csv")));
        assertEquals(2, run(concat(common, "--iterations", "3")), "existing model must not be replaced silently");
        assertEquals(0, run(concat(common, "--iterations", "3", "--resume")));
        assertEquals(3, info(model).iterations());
        assertEquals(2, run(concat(common, "--iterations", "3", "--crop", "7", "--overwrite")), "bad crop");
        assertEquals(2, run("train", "--even", a.toString(), "--odd", b.toString(), "--model-dir",
                dir.resolve("m2").toString()), "tilt range is required");
    }

    @Test
    void methodAndLossAreChosenByNameAndRecorded(@TempDir Path dir) throws Exception {
        Path a = volume(dir, "even.mrc", 1);
        Path b = volume(dir, "odd.mrc", 2);
        Path model = dir.resolve("model");
        String[] common = {"train", "--even", a.toString(), "--odd", b.toString(), "--tilt-range", "-50,60",
                "--model-dir", model.toString(), "--crop", "8", "--depth", "2", "--channels", "4", "--batch", "2",
                "--device", "cpu", "--progress-every", "0", "--iterations", "2"};
        assertEquals(0, run(concat(common, "--method", "n2n", "--loss", "l1")));
        ModelInfo i = info(model);
        assertEquals("n2n", i.method().name());
        assertEquals("l1", i.loss());
        assertEquals("iteration,loss,n2n,smoothed,seconds,resident_mib,device_mib",
                Files.readAllLines(model.resolve("loss.csv")).get(0));

        StringWriter err = new StringWriter();
        int code = CryoEtCli.commandLine().setErr(new PrintWriter(err)).execute(concat(common, "--overwrite",
                "--method", "n2n", "--method-parameter", "lambda=2"));
        assertEquals(2, code);
        assertTrue(err.toString().contains("training method n2n (Noise2Noise (cryoCARE)) has no parameter 'lambda' "
                + "(it has none)"), err.toString());
        StringWriter err2 = new StringWriter();
        assertEquals(2, CryoEtCli.commandLine().setErr(new PrintWriter(err2)).execute(concat(common, "--overwrite",
                "--method-parameter", "lambda=1", "--method-parameter", "gamma=3")));
        assertTrue(err2.toString().contains("no parameter 'gamma' (it has: lambda)"), err2.toString());
        StringWriter err3 = new StringWriter();
        assertEquals(2, CryoEtCli.commandLine().setErr(new PrintWriter(err3)).execute(concat(common, "--overwrite",
                "--method", "ddw", "--loss", "fsc")));
        assertTrue(err3.toString().contains("DeepDeWedge trains with a loss of its own; the loss function fsc applies "
                + "to methods built from one (icecream, n2n"), err3.toString());
        assertEquals("n2n", info(model).method().name(), "refused runs leave the model alone");
    }

    private static String[] concat(String[] a, String... b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
