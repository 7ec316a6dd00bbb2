package org.cryoet.learn;

import org.cryoet.util.Progress;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** The plugin's methods train with every non-default loss: the loss falls and model.json records it. */
class LossOptionTrainingTest {

    @ParameterizedTest
    @CsvSource({"icecream, l1", "icecream, fsc", "n2n, l1", "n2n, fsc"})
    void trainsWithTheChosenLoss(String method, String loss, @TempDir Path dir) {
        List<Double> losses = new ArrayList<>();
        TrainingConfig cfg = TrainerTest.tiny(24).toBuilder().method(method).loss(loss).build();
        new Trainer(cfg, TrainerTest.pairs(), dir).addListener(new TrainingListener() {
            @Override
            public void iteration(TrainingStatus s) {
                losses.add(s.loss());
            }
        }).run(Progress.NONE);
        double first = losses.subList(0, 6).stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        double last = losses.subList(18, 24).stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        assertTrue(last < first, method + "/" + loss + ": first " + first + ", last " + last + " " + losses);
        try (IcecreamModel m = IcecreamModel.load(dir)) {
            assertEquals(loss, m.info().loss());
            assertEquals(method, m.info().method().name());
        }
    }
}
