package org.cryoet.cli;

import ai.djl.Device;
import org.cryoet.io.MrcReader;
import org.cryoet.io.MrcWriter;
import org.cryoet.learn.IcecreamModel;
import org.cryoet.learn.ModelInfo;
import org.cryoet.learn.TileFunction;
import org.cryoet.learn.TiledPredictor;
import org.cryoet.learn.UNet3d;
import org.cryoet.volume.VolumeSource;
import org.cryoet.util.Progress;
import org.cryoet.volume.Calibration;
import org.cryoet.volume.Volume;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** The real model path: a saved (tiny, random) ICECREAM model loaded by 'predict' and 'bench predict'. */
class PredictWithModelTest {

    @TempDir
    Path dir;

    @Test
    void predictLoadsTheModelDirectoryAndMatchesTheLibraryCall() throws Exception {
        ModelInfo info = new ModelInfo(ModelInfo.FORMAT, org.cryoet.learn.MethodSpec.defaults("icecream"),
                new org.cryoet.learn.UNetConfig(2, 4), ModelInfo.NORMALIZATION, -55, 50, 8, 2, 0, 1e-4, 3, "test",
                List.of(), 0, ModelInfo.SOFTWARE, "");
        Path modelDir = dir.resolve("model");
        try (IcecreamModel m = IcecreamModel.create(info, UNet3d.Init.HE_NORMAL, 3, Device.cpu())) {
            m.save(modelDir);
        }
        Calibration cal = Calibration.isotropic(13.5);
        Volume a = PredictCommandTest.random(14, 11, 10, 1, cal);
        Volume b = PredictCommandTest.random(14, 11, 10, 2, cal);
        Path even = dir.resolve("e.mrc");
        Path odd = dir.resolve("o.mrc");
        MrcWriter.write(even, a);
        MrcWriter.write(odd, b);
        Path out = dir.resolve("pred.mrc");
        StringWriter o = new StringWriter();
        StringWriter e = new StringWriter();
        int code = PredictCommandTest.run(o, e, "predict", "--model-dir", modelDir.toString(), "--even", even.toString(),
                "--odd", odd.toString(), "--out", out.toString(), "--batch", "2", "--device", "cpu");
        assertEquals(0, code, o + "\n" + e);
        assertTrue(o.toString().contains("crop 8"), o.toString());
        Volume r = MrcReader.read(out);
        assertEquals(13.5, r.calibration().voxelX(), 1e-6);
        Volume expected;
        try (IcecreamModel m = IcecreamModel.load(modelDir, Device.cpu()); TileFunction f = m.inferenceFunction()) {
            expected = new TiledPredictor(8).batch(2).predictPair(VolumeSource.of(a), VolumeSource.of(b), f, Progress.NONE);
        }
        double maxAbs = 0;
        for (int i = 0; i < r.data().length; i++) {
            assertEquals(expected.data()[i], r.data()[i], 1e-5 * Math.max(1, Math.abs(expected.data()[i])));
            maxAbs = Math.max(maxAbs, Math.abs(r.data()[i]));
        }
        assertTrue(maxAbs > 0, "the network produced a non-zero output");
    }

    @Test
    void benchPredictReportsRates() {
        StringWriter o = new StringWriter();
        StringWriter e = new StringWriter();
        int code = PredictCommandTest.run(o, e, "bench", "predict", "--preset", "demo", "--depth", "2", "--channels", "4",
                "--crop", "8", "--batch", "2", "--repeats", "1", "--device", "cpu", "--volume", "12x10x9");
        assertEquals(0, code, o + "\n" + e);
        String s = o.toString();
        assertTrue(s.matches("(?s).*\\ndemo\\s+U-Net 2x4\\s+\\d+\\s+8\\s+[0-9.]+\\s+[0-9.]+\\s+\\S+\\s+\\S+\\s+\\(measured on 12x10x9\\).*"), s);
        assertEquals(2, PredictCommandTest.run(new StringWriter(), new StringWriter(), "bench", "predict", "--preset", "x"));
    }
}
