package org.cryoet.learn;

import ai.djl.Device;
import org.cryoet.util.CryoEtException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

class IcecreamModelTest {

    static ModelInfo info(UNetConfig net) {
        return new ModelInfo(ModelInfo.FORMAT, MethodSpec.defaults("icecream"), net, ModelInfo.NORMALIZATION, -55, 60,
                8, 2, 7, 1e-4, 42, "he_normal", List.of("a.mrc | b.mrc"), 0, ModelInfo.SOFTWARE, "");
    }

    @Test
    void saveLoadRoundTripIsBitExactAndSelfDescribing(@TempDir Path dir) throws Exception {
        UNetConfig net = new UNetConfig(2, 4);
        float[][] before;
        try (IcecreamModel m = IcecreamModel.create(info(net), UNet3d.Init.HE_NORMAL, 3, Device.cpu())) {
            before = m.network().weightsToHost();
            m.save(dir);
        }
        String json = Files.readString(dir.resolve("model.json"));
        assertTrue(json.contains("\"tiltMin\": -55.0"), json);
        try (IcecreamModel m = IcecreamModel.load(dir)) {
            float[][] after = m.network().weightsToHost();
            assertEquals(before.length, after.length);
            for (int i = 0; i < before.length; i++) {
                for (int j = 0; j < before[i].length; j++) {
                    assertEquals(Float.floatToRawIntBits(before[i][j]), Float.floatToRawIntBits(after[i][j]));
                }
            }
            assertEquals(net, m.info().network());
            assertEquals(7, m.info().iterations());
            assertEquals(List.of("a.mrc | b.mrc"), m.info().trainingData());
            assertEquals(ModelInfo.SOFTWARE, m.info().software());
            assertFalse(m.info().created().isEmpty());
            assertNotEquals(0, m.info().weightsCrc32());
        }
        // a weights file that does not belong to the description is refused
        WeightsFile.write(dir.resolve("weights.bin"), before.clone());
        float[][] changed = before.clone();
        changed[0] = changed[0].clone();
        changed[0][0] += 1;
        WeightsFile.write(dir.resolve("weights.bin"), changed);
        CryoEtException e = assertThrows(CryoEtException.class, () -> IcecreamModel.load(dir));
        assertTrue(e.getMessage().contains("does not match"), e.getMessage());
        Files.writeString(dir.resolve("model.json"), "{\"method\": \"other\"}");
        assertThrows(CryoEtException.class, () -> IcecreamModel.load(dir));
        assertThrows(CryoEtException.class, () -> IcecreamModel.load(dir.resolve("missing")));
    }

    @Test
    void inferenceFunctionIsTheTwoPassMapAndScaleEquivariant() {
        UNetConfig net = new UNetConfig(2, 4);
        int c = 8;
        int batch = 3;
        Random r = new Random(9);
        float[] tiles = new float[batch * c * c * c];
        for (int i = 0; i < tiles.length; i++) tiles[i] = (float) r.nextGaussian();
        float[] doubled = tiles.clone();
        for (int i = 0; i < doubled.length; i++) doubled[i] *= 2;
        try (IcecreamModel m = IcecreamModel.create(info(net), UNet3d.Init.HE_NORMAL, 4, Device.cpu());
             TileFunction f = m.inferenceFunction()) {
            float[] y = f.apply(tiles, batch, c);
            float[] y2 = f.apply(doubled, batch, c);
            // independent composition: network on the CPU path, CPU wedge filter, network again
            WedgeOperator pm = WedgeOperator.missingWedge(c, -55, 60);
            float[] expected;
            try (ai.djl.ndarray.NDManager mm = ai.djl.ndarray.NDManager.newBaseManager()) {
                ai.djl.ndarray.types.Shape s = new ai.djl.ndarray.types.Shape(batch, 1, c, c, c);
                float[] first = m.network().forward(mm.create(tiles, s)).toFloatArray();
                float[] filtered = pm.apply(first, batch);
                expected = m.network().forward(mm.create(filtered, s)).toFloatArray();
            }
            double max = 0;
            for (float v : expected) max = Math.max(max, Math.abs(v));
            assertTrue(max > 0);
            for (int i = 0; i < y.length; i++) {
                assertEquals(expected[i], y[i], 1e-4 * max);
                assertEquals(2 * y[i], y2[i], 1e-4 * max);
            }
        }
    }
}
