package org.cryoet.learn;

import org.cryoet.volume.VolumeSource;
import ai.djl.Device;
import org.cryoet.util.MemoryTrend;
import org.cryoet.util.Progress;
import org.cryoet.volume.Calibration;
import org.cryoet.volume.Volume;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Prediction over many tiles runs in constant memory: after the first call (which prepares the
 * wedge operator on the device) no tensor stays behind under the model's manager, and the
 * resident size does not grow with the number of tile batches.
 */
class PredictionMemoryTest {

    private static IcecreamModel model() {
        UNetConfig net = new UNetConfig(3, 8);
        ModelInfo info = new ModelInfo(ModelInfo.FORMAT, MethodSpec.defaults("icecream"), net,
                ModelInfo.NORMALIZATION, -60, 60, 16, 2, 0, 1e-4, 1, "test", List.of(), 0, ModelInfo.SOFTWARE, "");
        return IcecreamModel.create(info, UNet3d.Init.HE_NORMAL, 3, Device.cpu());
    }

    @Test
    void manyTileBatchesLeaveNoTensorsAndNoResidentGrowth() {
        int crop = 16;
        int batch = 2;
        float[] tiles = new float[batch * crop * crop * crop];
        Random r = new Random(1);
        for (int i = 0; i < tiles.length; i++) tiles[i] = (float) r.nextGaussian();
        try (IcecreamModel m = model(); TileFunction f = m.inferenceFunction()) {
            EngineMemory.Ledger before = EngineMemory.ledger(m.manager());
            f.apply(tiles, batch, crop);
            EngineMemory.Ledger afterFirst = EngineMemory.ledger(m.manager());
            long wedgeBytes = 4L * (2 * crop) * (2 * crop) * (2 * crop);
            assertEquals(before.arrays() + 1, afterFirst.arrays(), "only the prepared wedge mask stays");
            assertEquals(before.bytes() + wedgeBytes, afterFirst.bytes());
            MemoryTrend trend = new MemoryTrend();
            int calls = 150;
            for (int k = 1; k <= calls; k++) {
                f.apply(tiles, batch, crop);
                assertEquals(afterFirst, EngineMemory.ledger(m.manager()), "tensors alive after call " + k);
                trend.sample(k);
            }
            // the ledger above catches any tensor left under the model's manager; the resident size
            // catches what it cannot see (native buffers): one activation (256 KiB) per call fails
            // the limit of 0.2 MiB per call. The margin is for the Java heap, which in a JVM that
            // already ran hundreds of tests still touches new pages (0.12 MiB per call measured).
            if (trend.count() > 0) assertTrue(trend.growthPerUnit() < 0.2, trend.summary("call"));
        }
    }

    @Test
    void tiledPredictionOfAPairLeavesOnlyTheWedgeBehind() {
        Volume a = Volume.create(40, 40, 32, Calibration.UNIT);
        Volume b = Volume.create(40, 40, 32, Calibration.UNIT);
        Random r = new Random(2);
        for (int i = 0; i < a.data().length; i++) {
            a.data()[i] = (float) r.nextGaussian();
            b.data()[i] = (float) r.nextGaussian();
        }
        try (IcecreamModel m = model(); TileFunction f = m.inferenceFunction()) {
            EngineMemory.Ledger before = EngineMemory.ledger(m.manager());
            TiledPredictor tp = new TiledPredictor(16).batch(4);
            assertTrue(tp.tileCount(40, 40, 32) >= 48, "many tiles");
            Volume out = tp.predictPair(VolumeSource.of(a), VolumeSource.of(b), f, Progress.NONE);
            assertEquals(40 * 40 * 32, out.data().length);
            EngineMemory.Ledger after = EngineMemory.ledger(m.manager());
            assertEquals(before.arrays() + 1, after.arrays(), "only the prepared wedge mask stays");
        }
    }
}
