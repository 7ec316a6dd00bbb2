package org.cryoet.fiji;

import org.cryoet.fiji.ij1.CommandPlugIn;
import org.cryoet.fiji.ij1.Ij1Menus;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scijava.Context;
import org.scijava.command.CommandModule;
import org.scijava.command.CommandService;

import org.cryoet.cli.CryoEtCli;
import org.cryoet.io.MrcReader;
import org.cryoet.io.MrcWriter;
import org.cryoet.io.TiltAngles;
import org.cryoet.learn.IcecreamModel;
import org.cryoet.volume.Volume;

/**
 * The same data and settings give the same model and the same prediction from the command line
 * and from Fiji's commands: training with a tilt-angle file, the automatic sample mask and He
 * initialisation, then prediction on the CPU. Weights are compared bit for bit.
 */
class SameResultsAcrossShellsTest {

    @BeforeAll
    static void loadEngineOnTheRunnerThread() {
        ai.djl.engine.Engine.getInstance();
    }

    private static int cli(String... args) {
        StringWriter err = new StringWriter();
        int code = CryoEtCli.commandLine().setErr(new PrintWriter(err, true)).execute(args);
        if (code != 0) System.err.println(String.join(" ", args) + " -> " + code + ": " + err);
        return code;
    }

    @Test
    void commandLineAndFijiTrainAndPredictAlike(@TempDir Path dir) throws Exception {
        Volume truth = TestVolumes.blobs(24, 24, 20, 8, 1.5);
        Path even = dir.resolve("even.mrc");
        Path odd = dir.resolve("odd.mrc");
        Path tilts = dir.resolve("tilts.tlt");
        MrcWriter.write(even, CompareVolumesCommandTest.noisy(truth, 1, 0.3));
        MrcWriter.write(odd, CompareVolumesCommandTest.noisy(truth, 2, 0.3));
        double[] angles = new double[21];
        for (int i = 0; i < angles.length; i++) angles[i] = -50 + 5 * i;
        TiltAngles.write(tilts, angles, false);
        // prediction only where this mask reaches: x < 6 (the tiles starting at x = 6 are skipped)
        Path mask = dir.resolve("mask.mrc");
        Volume m = Volume.create(24, 24, 20, truth.calibration());
        for (int z = 0; z < 20; z++) for (int y = 0; y < 24; y++) for (int x = 0; x < 6; x++) m.set(x, y, z, 1);
        MrcWriter.write(mask, m);

        Path cliModel = dir.resolve("cli-model");
        assertEquals(0, cli("train", "--even", even.toString(), "--odd", odd.toString(), "--tilts", tilts.toString(),
                "--model-dir", cliModel.toString(), "--iterations", "4", "--depth", "2", "--channels", "4",
                "--crop", "16", "--batch", "2", "--weight-init", "he", "--seed", "3", "--checkpoint-every", "0",
                "--progress-every", "0", "--device", "cpu"));
        Path cliOut = dir.resolve("cli.mrc");
        assertEquals(0, cli("predict", "--model-dir", cliModel.toString(), "--even", even.toString(), "--odd",
                odd.toString(), "--mask", mask.toString(), "--out", cliOut.toString(), "--device", "cpu"));

        Path fijiModel = dir.resolve("fiji-model");
        Path fijiOut = dir.resolve("fiji.mrc");
        try (Context ctx = new Context(CommandService.class)) {
            CommandService cs = ctx.service(CommandService.class);
            CommandModule t = cs.run(TrainIcecreamCommand.class, false, "even_file", even.toFile(), "odd_file",
                    odd.toFile(), "tilt_file", tilts.toFile(), "mask_automatic", true, "iterations", 4L, "depth", 2,
                    "base_channels", 4, "crop", 16, "batch", 2, "weight_init", "he", "seed", 3L,
                    "checkpoint_every", 0L, "progress_every", 0L, "device", "cpu", "model_directory",
                    fijiModel.toFile(), "show_monitor", false).get();
            assertFalse(t.isCanceled(), t.getCancelReason());
            CommandModule a = cs.run(ApplyModelCommand.class, false, "even_file", even.toFile(), "odd_file",
                    odd.toFile(), "mask_file", mask.toFile(), "model_directory", fijiModel.toFile(), "device", "cpu", "output_file",
                    fijiOut.toFile()).get();
            assertFalse(a.isCanceled(), a.getCancelReason());
        }
        // the same inputs as a macro, through ImageJ 1's macro interpreter, every key named as the recorder writes it
        Path macroModel = dir.resolve("macro model");
        Path macroOut = dir.resolve("macro.mrc");
        Ij1Menus.install();
        CommandPlugIn.clearAbsentValueKeys();
        String macro = "run(\"Train ICECREAM\", \"even_file=[" + even + "] odd_file=[" + odd + "] tilt_file=[" + tilts
                + "] tilt_min=-60 tilt_max=60 mask_automatic=true preset=reference iterations=4 depth=2 base_channels=4"
                + " weight_init=he crop=16 batch=2 learning_rate=0 method=icecream loss=l2 network=unet msd_layers=0 msd_width=0"
                + " msd_max_dilation=0 lambda=2 seed=3 device=cpu checkpoint_every=0"
                + " checkpoint_minutes=0 progress_every=0 resume=false show_monitor=false model_directory=[" + macroModel
                + "] overwrite=false\");\n"
                + "run(\"Apply ICECREAM Model\", \"even_file=[" + even + "] odd_file=[" + odd + "] mask_file=[" + mask
                + "] model_directory=["
                + macroModel + "] batch=4 overlap=0.5 device=cpu output_file=[" + macroOut + "] overwrite=false\");\n";
        assertEquals(null, MacroTest.run(macro));
        assertEquals(java.util.List.of(), CommandPlugIn.absentValueKeys(), "every number of the macro lines is named");

        byte[] cliWeights = Files.readAllBytes(cliModel.resolve(IcecreamModel.WEIGHTS));
        assertArrayEquals(cliWeights, Files.readAllBytes(fijiModel.resolve(IcecreamModel.WEIGHTS)), "weights bit for bit");
        assertArrayEquals(cliWeights, Files.readAllBytes(macroModel.resolve(IcecreamModel.WEIGHTS)),
                "macro weights bit for bit");
        float[] expected = MrcReader.read(cliOut).data();
        Volume cliVolume = MrcReader.read(cliOut);
        assertEquals(0f, cliVolume.get(20, 12, 10), "voxels only skipped tiles cover are 0");
        org.junit.jupiter.api.Assertions.assertNotEquals(0f, cliVolume.get(2, 12, 10), "mask voxels are predicted");
        assertArrayEquals(expected, MrcReader.read(fijiOut).data(), 1e-6f * maxAbs(expected));
        assertArrayEquals(expected, MrcReader.read(macroOut).data(), 1e-6f * maxAbs(expected));
    }

    private static float maxAbs(float[] a) {
        float m = 0;
        for (float v : a) m = Math.max(m, Math.abs(v));
        return m;
    }
}
