package org.cryoet.learn;

import org.cryoet.util.CryoEtException;
import org.cryoet.util.Progress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The trainer, the model files and the reports work with a method registered only in test code
 * ({@link ToyTrainingMethod}), chosen by name in the configuration.
 */
class TrainingMethodSeamTest {

    @Test
    void aMethodRegisteredInTestCodeIsTrainedByName(@TempDir Path dir) throws Exception {
        TrainingConfig cfg = TrainerTest.tiny(3).toBuilder().method("TOY-N2N").methodParameter("backward_weight", 0.25)
                .progressEvery(2).build();
        List<TrainingStatus> statuses = new ArrayList<>();
        List<TrainingStart> starts = new ArrayList<>();
        long stepsBefore = ToyTrainingMethod.STEPS.get();
        new Trainer(cfg, TrainerTest.pairs(), dir).addListener(new TrainingListener() {
            @Override
            public void started(TrainingStart start) {
                starts.add(start);
            }

            @Override
            public void iteration(TrainingStatus s) {
                statuses.add(s);
            }
        }).run(Progress.NONE);

        assertEquals(3, ToyTrainingMethod.STEPS.get() - stepsBefore, "afterStep once per iteration");
        assertEquals("Toy Noise2Noise", starts.get(0).method());
        assertEquals(List.of("a_to_b", "b_to_a"), starts.get(0).lossTerms().stream().map(LossTerm::name).toList());
        for (TrainingStatus s : statuses) {
            assertEquals(List.of("a_to_b", "b_to_a"), List.copyOf(s.terms().keySet()));
            assertEquals(s.terms().get("a_to_b") + 0.25 * s.terms().get("b_to_a"), s.loss(), 1e-6 * s.loss());
        }
        assertEquals("iteration,loss,a_to_b,b_to_a,smoothed,seconds,resident_mib,device_mib",
                Files.readAllLines(dir.resolve("loss.csv")).get(0));
        LossHistory h = LossHistory.read(dir.resolve("loss.csv"));
        assertEquals(statuses.get(2).terms().get("b_to_a"), h.entries().get(2).term("b_to_a"), 1e-8);
        assertTrue(Files.isRegularFile(dir.resolve("progress/it0000002.png")));

        String json = Files.readString(dir.resolve(IcecreamModel.DESCRIPTION));
        assertTrue(json.contains("\"name\": \"toy-n2n\""), json);
        try (IcecreamModel m = IcecreamModel.load(dir)) {
            assertEquals(new MethodSpec("toy-n2n", Map.of("backward_weight", 0.25)), m.info().method());
            // the toy's prediction is one network pass
            float[] tiles = new float[8 * 8 * 8];
            Random r = new Random(3);
            for (int i = 0; i < tiles.length; i++) tiles[i] = (float) r.nextGaussian();
            try (TileFunction f = m.inferenceFunction(); TileFunction once = m.singlePassFunction()) {
                assertArrayEquals(once.apply(tiles, 1, 8), f.apply(tiles, 1, 8));
            }
        }
    }

    @Test
    void methodParametersAreCheckedByTheMethodsDeclaration() {
        TrainingConfig.Builder b = TrainingConfig.defaults().toBuilder();
        IllegalArgumentException negative = assertThrows(IllegalArgumentException.class,
                () -> b.methodParameter("lambda", -1).build());
        assertTrue(negative.getMessage().contains("lambda"), negative.getMessage());
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> TrainingConfig.defaults().toBuilder().methodParameter("gamma", 1).build());
        assertTrue(unknown.getMessage().contains("gamma") && unknown.getMessage().contains("lambda"),
                unknown.getMessage());
        CryoEtException missing = assertThrows(CryoEtException.class,
                () -> TrainingConfig.defaults().toBuilder().method("no-such-method"));
        assertTrue(missing.getMessage().contains("icecream") && missing.getMessage().contains("toy-n2n"),
                missing.getMessage());
        assertEquals(3.0, TrainingConfig.defaults().toBuilder().methodParameter("lambda", 3).build().method()
                .parameter("lambda"));
        assertEquals(2.0, TrainingConfig.defaults().method().parameter("lambda"), "ICECREAM's reference lambda");
    }
}
