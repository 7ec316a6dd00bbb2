package org.cryoet.fiji;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import ij.ImagePlus;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scijava.Context;
import org.scijava.command.CommandModule;
import org.scijava.command.CommandService;

import org.cryoet.io.MrcReader;
import org.cryoet.io.MrcWriter;
import org.cryoet.learn.IcecreamModel;
import org.cryoet.learn.TileFunction;
import org.cryoet.learn.TiledPredictor;
import org.cryoet.volume.VolumeSource;
import org.cryoet.util.Progress;
import org.cryoet.volume.Volume;

/** A short real training on tiny sizes through the commands, and prediction equal to the library's. */
class TrainApplyCommandTest {
    @TempDir
    Path dir;

    /**
     * Loads DJL's engine on the test runner's thread: DJL switches PyTorch's (thread-local) grad
     * mode off only on the loading thread, and other test classes train on this thread.
     */
    @org.junit.jupiter.api.BeforeAll
    static void loadEngineOnTheRunnerThread() {
        ai.djl.engine.Engine.getInstance();
    }

    static Object[] tinyTraining(Path modelDir, Object... more) {
        Object[] base = {"tilt_min", -50.0, "tilt_max", 50.0, "iterations", 6L, "depth", 2, "base_channels", 4,
                "crop", 16, "batch", 2, "device", "cpu", "checkpoint_every", 3L, "progress_every", 2L,
                "model_directory", modelDir.toFile(), "show_monitor", false};
        Object[] all = new Object[base.length + more.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return all;
    }

    @Test
    void trainThenApplyMatchesTheLibraryPrediction() throws Exception {
        Volume truth = TestVolumes.blobs(24, 24, 20, 8, 1.5);
        Volume even = CompareVolumesCommandTest.noisy(truth, 1, 0.3);
        Volume odd = CompareVolumesCommandTest.noisy(truth, 2, 0.3);
        Path oddFile = dir.resolve("odd.mrc");
        MrcWriter.write(oddFile, odd);
        Path model = dir.resolve("model");
        try (Context ctx = new Context(CommandService.class)) {
            CommandService cs = ctx.service(CommandService.class);
            CommandModule t = cs.run(TrainIcecreamCommand.class, false,
                    tinyTraining(model, "even", ImageConversion.toImagePlus(even, "even.mrc"), "odd_file", oddFile.toFile())).get();
            assertFalse(t.isCanceled(), t.getCancelReason());
            assertEquals(6L, (long) t.getOutput("iterations_done"));
            assertTrue((boolean) t.getOutput("completed"));
            assertTrue(Files.exists(model.resolve(IcecreamModel.DESCRIPTION)));
            List<String> loss = Files.readAllLines(model.resolve("loss.csv"));
            String[] last = loss.get(loss.size() - 1).split(",");
            assertEquals(Double.parseDouble(last[1]), (double) t.getOutput("final_loss"), 1e-5 * Math.abs(Double.parseDouble(last[1])));

            // a second run into the same folder is refused without overwrite/resume
            CommandModule again = cs.run(TrainIcecreamCommand.class, false,
                    tinyTraining(model, "even", ImageConversion.toImagePlus(even, "even.mrc"), "odd_file", oddFile.toFile())).get();
            assertTrue(again.isCanceled());
            assertTrue(again.getCancelReason().contains("already holds a model"), again.getCancelReason());

            Path out = dir.resolve("icecream.mrc");
            CommandModule a = cs.run(ApplyModelCommand.class, false, "even", ImageConversion.toImagePlus(even, "even.mrc"),
                    "odd_file", oddFile.toFile(), "model_directory", model.toFile(), "output_file", out.toFile()).get();
            assertFalse(a.isCanceled(), a.getCancelReason());
            ImagePlus result = (ImagePlus) a.getOutput("result");
            assertEquals("even_icecream", result.getTitle());
            Volume expected;
            try (IcecreamModel m = IcecreamModel.load(model); TileFunction f = m.inferenceFunction()) {
                expected = new TiledPredictor(m.info().crop()).overlap(0.5).batch(4)
                        .predictPair(VolumeSource.of(even), VolumeSource.of(odd), f, Progress.NONE);
            }
            assertArrayEquals(expected.data(), ImageConversion.toVolume(result).data(), 1e-5f);
            assertArrayEquals(expected.data(), MrcReader.read(out).data(), 1e-5f);
        }
    }

    @Test
    void cancelledTrainingKeepsItsCheckpointAndSaysSo() throws Exception {
        Volume truth = TestVolumes.blobs(24, 24, 20, 8, 1.5);
        Path model = dir.resolve("cancelled");
        try (Context ctx = new Context(CommandService.class)) {
            org.scijava.module.ModuleService ms = ctx.service(org.scijava.module.ModuleService.class);
            CommandModule m = (CommandModule) ms.createModule(ctx.service(CommandService.class).getCommand(TrainIcecreamCommand.class));
            Object[] args = tinyTraining(model, "even", ImageConversion.toImagePlus(CompareVolumesCommandTest.noisy(truth, 1, 0.3), "e"),
                    "odd", ImageConversion.toImagePlus(CompareVolumesCommandTest.noisy(truth, 2, 0.3), "o"), "iterations", 1000L);
            for (int i = 0; i < args.length; i += 2) {
                m.setInput((String) args[i], args[i + 1]);
                m.resolveInput((String) args[i]);
            }
            // the user presses Cancel once the first checkpoint (iteration 3) is on disk
            java.util.concurrent.Future<org.scijava.module.Module> run = ms.run(m, false);
            long deadline = System.currentTimeMillis() + 120_000;
            while (!org.cryoet.learn.Checkpoint.exists(model) && System.currentTimeMillis() < deadline && !run.isDone()) {
                Thread.sleep(20);
            }
            ((org.scijava.Cancelable) m.getDelegateObject()).cancel("Cancel pressed");
            run.get();
            assertTrue(m.isCanceled());
            long done = (long) m.getOutput("iterations_done");
            assertTrue(done >= 3 && done < 1000, "stopped at " + done);
            assertFalse((boolean) m.getOutput("completed"));
            assertTrue(org.cryoet.learn.Checkpoint.exists(model), "checkpoint kept");
            assertTrue(Files.exists(model.resolve(IcecreamModel.DESCRIPTION)));
        }
    }
}
