package org.cryoet.cli;

import org.cryoet.io.MrcReader;
import org.cryoet.io.MrcWriter;
import org.cryoet.learn.IcecreamModel;
import org.cryoet.learn.LossHistory;
import org.cryoet.learn.MsdConfig;
import org.cryoet.volume.Calibration;
import org.cryoet.volume.Volume;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/** {@code cryoet train --network msd} then {@code cryoet predict} with the model it wrote. */
class MsdTrainPredictTest {

    static final int N = 24;

    /** Two halves: the same smooth blobs plus independent noise. */
    private static Path[] halves(Path dir) {
        Random r = new Random(5);
        float[] signal = new float[N * N * N];
        for (int b = 0; b < 12; b++) {
            double cz = r.nextDouble() * N, cy = r.nextDouble() * N, cx = r.nextDouble() * N;
            double s = 1.5 + 2 * r.nextDouble();
            for (int z = 0; z < N; z++) {
                for (int y = 0; y < N; y++) {
                    for (int x = 0; x < N; x++) {
                        double d2 = (z - cz) * (z - cz) + (y - cy) * (y - cy) + (x - cx) * (x - cx);
                        signal[(z * N + y) * N + x] += (float) (2 * Math.exp(-d2 / (2 * s * s)));
                    }
                }
            }
        }
        Path[] out = new Path[2];
        for (int h = 0; h < 2; h++) {
            float[] d = signal.clone();
            for (int i = 0; i < d.length; i++) d[i] += (float) (0.7 * r.nextGaussian());
            out[h] = dir.resolve(h == 0 ? "even.mrc" : "odd.mrc");
            MrcWriter.write(out[h], Volume.wrap(d, N, N, N, Calibration.isotropic(10)));
        }
        return out;
    }

    private static int run(StringWriter out, StringWriter err, String... args) {
        return PredictCommandTest.run(out, err, args);
    }

    @Test
    void trainsAnMsdNetThatPredictsAndWhoseLossDecreases(@TempDir Path dir) throws Exception {
        Path[] h = halves(dir);
        Path model = dir.resolve("model");
        StringWriter o = new StringWriter(), e = new StringWriter();
        int code = run(o, e, "train", "--even", h[0].toString(), "--odd", h[1].toString(), "--tilt-range", "-60,60",
                "--model-dir", model.toString(), "--preset", "demo", "--network", "msd", "--msd-layers", "6",
                "--msd-max-dilation", "4", "--weight-init", "he", "--crop", "16", "--batch", "2", "--iterations", "40",
                "--lr", "2e-3",
                "--device", "cpu", "--progress-every", "0", "--checkpoint-every", "0");
        assertEquals(0, code, o + "\n" + e);
        try (IcecreamModel m = IcecreamModel.load(model)) {
            assertEquals(new MsdConfig(6, 1, 4), m.info().network());
            assertEquals(40, m.info().iterations());
        }
        assertTrue(Files.readString(model.resolve(IcecreamModel.DESCRIPTION)).contains("\"type\": \"msd\""));
        List<LossHistory.Entry> losses = LossHistory.read(model.resolve("loss.csv")).entries();
        assertEquals(40, losses.size());
        double first = mean(losses.subList(0, 8)), last = mean(losses.subList(32, 40));
        assertTrue(last < 0.9 * first, "loss should fall: first 8 iterations " + first + ", last 8 " + last);

        Path pred = dir.resolve("pred.mrc");
        code = run(o, e, "predict", "--model-dir", model.toString(), "--even", h[0].toString(), "--odd",
                h[1].toString(), "--out", pred.toString(), "--batch", "2", "--device", "cpu");
        assertEquals(0, code, o + "\n" + e);
        Volume v = MrcReader.read(pred);
        assertEquals(N, v.nx());
        assertEquals(N, v.ny());
        assertEquals(N, v.nz());
        double energy = 0;
        for (int z = 0; z < N; z++) for (int y = 0; y < N; y++) for (int x = 0; x < N; x++) {
            float f = v.get(x, y, z);
            assertTrue(Float.isFinite(f));
            energy += f * f;
        }
        assertTrue(energy > 0);
    }

    private static double mean(List<LossHistory.Entry> entries) {
        return entries.stream().mapToDouble(LossHistory.Entry::loss).average().orElseThrow();
    }

    @Test
    void networkOptionsAreCheckedWithOneSentenceErrors(@TempDir Path dir) {
        Path[] h = halves(dir);
        String[] common = {"train", "--even", h[0].toString(), "--odd", h[1].toString(), "--tilt-range", "-60,60",
                "--model-dir", dir.resolve("m").toString(), "--preset", "demo", "--iterations", "1",
                "--device", "cpu"};
        assertError(common, "--msd-layers must be 1.." + MsdConfig.MAX_LAYERS + ", got 0", "--network", "msd",
                "--msd-layers", "0");
        assertError(common, "--msd-width must be 1..", "--network", "msd", "--msd-width", "65");
        assertError(common, "--msd-max-dilation must be 1..", "--network", "msd", "--msd-max-dilation", "0");
        assertError(common, "--msd-layers applies to --network msd only", "--msd-layers", "4");
        assertError(common, "--network must be unet or msd, not 'resnet'", "--network", "resnet");
        assertError(common, "depth and channels do not apply to a MS-D net", "--network", "msd", "--depth", "2");
        assertError(common, "Crop size 15 must be even for ICECREAM", "--network", "msd", "--msd-layers", "2",
                "--crop", "15");
        assertFalse(Files.exists(dir.resolve("m").resolve(IcecreamModel.DESCRIPTION)));
    }

    private static void assertError(String[] common, String expected, String... extra) {
        String[] args = java.util.Arrays.copyOf(common, common.length + extra.length);
        System.arraycopy(extra, 0, args, common.length, extra.length);
        StringWriter o = new StringWriter(), e = new StringWriter();
        assertEquals(2, run(o, e, args), String.join(" ", extra) + "\n" + o + e);
        assertTrue(e.toString().contains(expected), "expected '" + expected + "' in: " + e);
    }
}
