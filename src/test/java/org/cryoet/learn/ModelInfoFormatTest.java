package org.cryoet.learn;

import org.cryoet.util.CryoEtException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * model.json: format 2 names the method and the network type with their parameters; format 1
 * (written before there was a choice, kept as {@code recorded/icecream-5it/model.json}, exactly as
 * that build wrote it) is still read, as ICECREAM with a U-Net.
 */
class ModelInfoFormatTest {

    @Test
    void aFormat1ModelLoadsAsIcecreamWithAUNet() throws Exception {
        Path v1 = RecordedTrainingTest.RECORDED;
        assertTrue(Files.readString(v1.resolve(IcecreamModel.DESCRIPTION)).contains("\"format\": 1"));
        try (IcecreamModel m = IcecreamModel.load(v1)) {
            ModelInfo info = m.info();
            assertEquals(1, info.format());
            assertEquals(new MethodSpec("icecream", Map.of("lambda", 2.0)), info.method());
            assertEquals(new UNetConfig(2, 4), info.network());
            assertEquals(ModelInfo.NORMALIZATION, info.normalization());
            assertEquals(-60, info.tiltMin());
            assertEquals(60, info.tiltMax());
            assertEquals(8, info.crop());
            assertEquals(5, info.iterations());
            assertEquals(List.of("synthetic [-60.00, 60.00]", "synthetic [-50.00, 45.00]"), info.trainingData());
            TrainerTest.assertBitIdentical(WeightsFile.read(v1.resolve(IcecreamModel.WEIGHTS)),
                    m.network().weightsToHost());
        }
    }

    @Test
    void format2RecordsMethodAndNetworkAndRoundTrips(@TempDir Path dir) throws Exception {
        ModelInfo v1;
        try (IcecreamModel m = IcecreamModel.load(RecordedTrainingTest.RECORDED)) {
            v1 = m.info();
            m.save(dir);
        }
        String json = Files.readString(dir.resolve(IcecreamModel.DESCRIPTION));
        assertTrue(json.contains("\"format\": 2"), json);
        assertTrue(json.matches("(?s).*\"method\": \\{\\s*\"name\": \"icecream\",\\s*\"parameters\": \\{\\s*"
                + "\"lambda\": 2\\.0\\s*}.*"), json);
        assertTrue(json.matches("(?s).*\"network\": \\{\\s*\"type\": \"unet3d\",\\s*\"parameters\": \\{\\s*"
                + "\"depth\": 2,\\s*\"channels\": 4\\s*},\\s*\"weights\": 3298\\s*}.*"), json);
        assertTrue(json.contains("\"loss\": \"l2\""), "format 1 models were trained with the l2 loss: " + json);
        ModelInfo v2 = ModelInfo.fromJson(json, "model.json");
        assertEquals(2, v2.format());
        assertEquals("l2", v1.loss());
        assertEquals("l2", ModelInfo.fromJson(json.replaceAll("\\s*\"loss\": \"l2\",", ""), "m.json").loss(),
                "a format 2 file without a loss was trained with l2");
        ModelInfo fsc = ModelInfo.fromJson(json.replace("\"loss\": \"l2\"", "\"loss\": \"FSC\""), "m.json");
        assertEquals("fsc", fsc.loss());
        assertEquals(fsc, ModelInfo.fromJson(fsc.toJson(), "again"));
        assertEquals(v1.method(), v2.method());
        assertEquals(v1.network(), v2.network());
        assertEquals(v1.withIterations(0), new ModelInfo(1, v2.method(), v2.network(), v2.normalization(),
                v2.tiltMin(), v2.tiltMax(), v2.crop(), v2.batch(), 0, v2.learningRate(), v2.seed(), v2.init(),
                v2.trainingData(), v1.weightsCrc32(), v1.software(), v1.created()));
    }

    @Test
    void unknownMethodsNetworksAndNormalisationsAreRefusedByName(@TempDir Path dir) throws Exception {
        try (IcecreamModel m = IcecreamModel.load(RecordedTrainingTest.RECORDED)) {
            m.save(dir);
        }
        String json = Files.readString(dir.resolve(IcecreamModel.DESCRIPTION));
        CryoEtException method = assertThrows(CryoEtException.class,
                () -> ModelInfo.fromJson(json.replace("\"icecream\"", "\"cryocare\""), "m.json"));
        assertTrue(method.getMessage().contains("cryocare") && method.getMessage().contains("icecream"),
                method.getMessage());
        CryoEtException network = assertThrows(CryoEtException.class,
                () -> ModelInfo.fromJson(json.replace("\"unet3d\"", "\"resnet\""), "m.json"));
        assertTrue(network.getMessage().contains("resnet"), network.getMessage());
        CryoEtException norm = assertThrows(CryoEtException.class,
                () -> ModelInfo.fromJson(json.replace("zscore-per-half", "minmax"), "m.json"));
        assertTrue(norm.getMessage().contains("minmax"), norm.getMessage());
        CryoEtException weights = assertThrows(CryoEtException.class,
                () -> ModelInfo.fromJson(json.replace("\"weights\": 3298", "\"weights\": 3299"), "m.json"));
        assertTrue(weights.getMessage().contains("3299"), weights.getMessage());
        CryoEtException loss = assertThrows(CryoEtException.class,
                () -> ModelInfo.fromJson(json.replace("\"loss\": \"l2\"", "\"loss\": \"huber\""), "m.json"));
        assertTrue(loss.getMessage().startsWith("m.json: ") && loss.getMessage().contains("huber"), loss.getMessage());
        CryoEtException future = assertThrows(CryoEtException.class,
                () -> ModelInfo.fromJson(json.replace("\"format\": 2", "\"format\": 3"), "m.json"));
        assertTrue(future.getMessage().contains("format 3"), future.getMessage());
    }
}
