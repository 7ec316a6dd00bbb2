package org.cryoet.learn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.cryoet.util.Progress;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Training must not depend on when the Java garbage collector runs (Fiji's GUI collects all the
 * time): a run with a thread forcing collections gives the same losses as a quiet run.
 */
@Tag("slow")
class GcStressTest {

    private static List<Double> losses(Path dir, boolean stress) throws InterruptedException {
        List<Double> out = new ArrayList<>();
        try (ForcedCollections gc = stress ? new ForcedCollections(20) : null) {
            new Trainer(TrainerTest.tiny(25).toBuilder().crop(16).build(), TrainerTest.pairs(), dir).addListener(new TrainingListener() {
                @Override
                public void iteration(TrainingStatus s) {
                    out.add(s.loss());
                }
            }).run(Progress.NONE);
        }
        return out;
    }

    @Test
    void garbageCollectionDoesNotChangeTraining(@TempDir Path dir) throws Exception {
        List<Double> quiet = losses(dir.resolve("quiet"), false);
        List<Double> stressed = losses(dir.resolve("stressed"), true);
        assertEquals(quiet, stressed);
    }
}
