package org.cryoet.learn;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import org.cryoet.util.Progress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Numerical neutrality across code changes: a short ICECREAM training must end with weights bit
 * for bit equal to those of a recorded run ({@code src/test/resources/recorded/icecream-5it/}:
 * {@code weights.bin}, {@code model.json} and {@code loss.csv} as written by the build that
 * recorded them). The comparison is byte for byte, so any change in the arithmetic of sampling,
 * loss, gradients or optimiser fails it.
 *
 * <p>Re-record only when a change of numbers is intended: {@code -Dcryoet.record=true} writes the
 * directory from the current code. The run uses one PyTorch intra-op thread, because the CPU
 * kernels' reduction order (and hence the last bits) depends on the thread count; results are
 * also specific to the libtorch build and CPU instruction set the recording was made with
 * (libtorch 2.5.1, x86-64).
 */
class RecordedTrainingTest {

    static final Path RECORDED = Path.of("src/test/resources/recorded/icecream-5it");
    static final List<String> FILES = List.of(IcecreamModel.WEIGHTS, IcecreamModel.DESCRIPTION, "loss.csv");

    /** The recorded configuration: two pairs with different tilt ranges, so both wedges are used. */
    static TrainingConfig config() {
        return TrainingConfig.defaults().toBuilder().network(new UNetConfig(2, 4)).init(UNet3d.Init.HE_NORMAL)
                .crop(8).batch(2).iterations(5).learningRate(1e-3).seed(17)
                .checkpointEvery(0).checkpointMinutes(0).progressEvery(0).device("cpu").build();
    }

    static List<TrainingPair> pairs() {
        return List.of(new SyntheticPairs(16, 6, 1.0, -60, 60, 1).pair(),
                new SyntheticPairs(16, 6, 1.0, -50, 45, 2).pair());
    }

    static void trainOnOneThread(Path dir) {
        Engine.getInstance();
        int threads = JniUtils.getNumThreads();
        JniUtils.setNumThreads(1);
        try {
            new Trainer(config(), pairs(), dir).run(Progress.NONE);
        } finally {
            JniUtils.setNumThreads(threads);
        }
    }

    @Test
    void weightsAfterFiveIterationsEqualTheRecordedRunBitForBit(@TempDir Path dir) throws Exception {
        trainOnOneThread(dir);
        if (Boolean.getBoolean("cryoet.record")) {
            Files.createDirectories(RECORDED);
            for (String f : FILES) Files.copy(dir.resolve(f), RECORDED.resolve(f), StandardCopyOption.REPLACE_EXISTING);
            // a recording run never counts as a pass: the new files must be reviewed and committed first
            fail("Recorded a new expected run in " + RECORDED + "; review and commit it, then run without "
                    + "-Dcryoet.record");
        }
        assertArrayEquals(Files.readAllBytes(RECORDED.resolve(IcecreamModel.WEIGHTS)),
                Files.readAllBytes(dir.resolve(IcecreamModel.WEIGHTS)), "weights.bin byte for byte");
        List<LossHistory.Entry> recorded = LossHistory.read(RECORDED.resolve("loss.csv")).entries();
        List<LossHistory.Entry> now = LossHistory.read(dir.resolve("loss.csv")).entries();
        assertEquals(recorded.size(), now.size());
        for (int i = 0; i < recorded.size(); i++) {
            assertEquals(recorded.get(i).loss(), now.get(i).loss(), "loss at iteration " + (i + 1));
            assertEquals(recorded.get(i).terms(), now.get(i).terms(), "loss terms at iteration " + (i + 1));
        }
    }
}
