package org.cryoet.learn;

import org.cryoet.util.Progress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Training runs in constant memory: after every iteration the tensors alive under the model's
 * managers are the weights, the optimiser moments, the wedge operators and one cached rotated
 * mask per (pair, cube symmetry) seen so far, nothing else. The count is exact, so a single
 * tensor left behind per iteration fails the test.
 */
class TrainingMemoryTest {

    @Test
    void everyIterationReleasesTheTensorsItCreated(@TempDir Path dir) {
        TrainingConfig cfg = TrainerTest.tiny(12);
        List<TrainingPair> pairs = TrainerTest.pairs();
        List<Long> arrays = new ArrayList<>();
        List<Long> bytes = new ArrayList<>();
        new Trainer(cfg, pairs, dir).ledgerProbe((ledger, it) -> {
            assertEquals(arrays.size() + 1, it);
            arrays.add(ledger.arrays());
            bytes.add(ledger.bytes());
        }).run(Progress.NONE);
        assertEquals(12, arrays.size());

        // independent count of the rotated masks the trainer must have cached by each iteration
        Set<Long> seen = new HashSet<>();
        int grid = 2 * cfg.crop();
        long maskBytes = 4L * grid * grid * grid;
        long baseArrays = -1;
        long baseBytes = -1;
        for (int it = 1; it <= arrays.size(); it++) {
            int pair = Trainer.pairAt(cfg.seed(), it, pairs.size());
            for (int s = 0; s < cfg.batch(); s++) seen.add(pair * 64L + IcecreamMethod.symmetryAt(cfg.seed(), it, s));
            long a = arrays.get(it - 1) - seen.size();
            long b = bytes.get(it - 1) - seen.size() * maskBytes;
            if (it == 1) {
                baseArrays = a;
                baseBytes = b;
                // weights + two Adam moments per weight + one wedge per pair + the ball low-pass
                int weights = cfg.network().weightShapes().length;
                assertEquals(3L * weights + pairs.size() + 1, a, "tensors alive after the first iteration");
            }
            assertEquals(baseArrays, a, "tensors alive after iteration " + it + " (besides the mask cache)");
            assertEquals(baseBytes, b, "bytes alive after iteration " + it + " (besides the mask cache)");
        }
    }

    @Test
    void checkpointsAlsoComeByWallClockTime(@TempDir Path dir) {
        List<Long> timed = checkpoints(dir.resolve("timed"), 1e-9);
        List<Long> untimed = checkpoints(dir.resolve("untimed"), 0);
        assertEquals(List.of(6L), untimed, "without a time interval only the final save");
        // an interval shorter than any iteration: a checkpoint after every iteration
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L), timed);
    }

    private static List<Long> checkpoints(Path dir, double minutes) {
        List<Long> at = new ArrayList<>();
        TrainingConfig cfg = TrainerTest.tiny(6).toBuilder().checkpointMinutes(minutes).build();
        new Trainer(cfg, TrainerTest.pairs(), dir).addListener(new TrainingListener() {
            @Override
            public void checkpoint(Path directory, long iteration) {
                at.add(iteration);
            }
        }).run(Progress.NONE);
        return at;
    }

    @Test
    void lossFileRecordsResidentMemoryPerIteration(@TempDir Path dir) {
        new Trainer(TrainerTest.tiny(3), TrainerTest.pairs(), dir).run(Progress.NONE);
        LossHistory h = LossHistory.read(dir.resolve("loss.csv"));
        assertEquals(3, h.entries().size());
        long rss = org.cryoet.util.ProcessMemory.residentBytes();
        for (LossHistory.Entry e : h.entries()) {
            if (rss > 0) {
                // this JVM holds at least libtorch and the JDK: tens of MiB, and less than now plus slack
                assertTrue(e.residentMib() > 50 && e.residentMib() < rss / 1048576.0 + 512, "resident " + e.residentMib());
            }
            assertTrue(Double.isNaN(e.deviceMib()), "no device memory on the CPU");
        }
    }
}
