package org.cryoet.fiji;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import ij.ImagePlus;

import org.scijava.Context;
import org.scijava.command.CommandInfo;
import org.scijava.command.CommandModule;
import org.scijava.command.CommandService;

/**
 * Main class of the JVM that {@link FijiLauncherIT} starts inside an assembled Fiji.app with the
 * launcher's classpath and module path. Headless, through SciJava's CommandService, as a Fiji
 * script would: simulate a small tilt series, dose split, FBP of both halves, FSC, a 2-iteration
 * training, the prediction and About / Check Setup. Prints one line per step; exits with 0 only when every step gave
 * plausible numbers. Argument: a work folder.
 */
public final class FijiLauncherProbe {
    private FijiLauncherProbe() {
    }

    public static void main(String[] args) throws Exception {
        Path work = Path.of(args[0]);
        Files.createDirectories(work);
        int code = 1;
        String before = System.getProperty("ai.djl.offline") + "/" + System.getProperty("OPT_OUT_TRACKING");
        try (Context ctx = new Context()) {
            String after = System.getProperty("ai.djl.offline") + "/" + System.getProperty("OPT_OUT_TRACKING");
            System.out.println("ai.djl.offline/OPT_OUT_TRACKING before the context: " + before + ", after: " + after);
            check("true/true".equals(after), "the context did not set DJL's offline and tracking properties: " + after);
            run(ctx.service(CommandService.class), work);
            macroRoute(ctx, work);
            code = 0;
        } catch (Throwable t) {
            t.printStackTrace(System.out);
        }
        System.out.println(code == 0 ? "PROBE OK" : "PROBE FAILED");
        System.out.flush();
        System.exit(code);
    }

    private static void run(CommandService cs, Path work) throws Exception {
        List<CommandInfo> ours = cs.getCommands().stream()
                .filter(c -> c.getClassName().startsWith("org.cryoet.fiji.")).toList();
        System.out.println("commands in the plugin index: " + ours.size());
        check(ours.size() >= 12, "expected at least 12 Cryo-ET commands in the SciJava plugin index, found " + ours.size());

        CommandModule sim = ok(cs.run(SimulateDemoDataCommand.class, false, "size_x", 32, "size_y", 32, "size_z", 16,
                "seed", 3L, "tilt_min", -60.0, "tilt_max", 60.0, "tilt_step", 6.0, "frames_per_tilt", 2,
                "snr_db", 0.0, "show_all", true).get(), "simulate");
        ImagePlus frames = (ImagePlus) sim.getOutput("frames");
        System.out.println("simulated frames: " + dims(frames));
        check(frames.getStackSize() == 42, "expected 21 tilts x 2 frames, got " + frames.getStackSize());

        CommandModule split = ok(cs.run(SplitTiltSeriesCommand.class, false, "mode", "dose", "frames", frames,
                "frames_per_tilt", 2).get(), "split");
        ImagePlus even = (ImagePlus) split.getOutput("even");
        ImagePlus odd = (ImagePlus) split.getOutput("odd");

        ImagePlus evenRec = reconstruct(cs, even);
        ImagePlus oddRec = reconstruct(cs, odd);

        CommandModule fsc = ok(cs.run(CompareVolumesCommand.class, false, "volume_a", evenRec, "volume_b", oddRec).get(), "fsc");
        double res = (double) fsc.getOutput("resolution_0143");
        double corr = (double) fsc.getOutput("correlation");
        System.out.printf("FSC even/odd: resolution(0.143) = %.1f A, correlation = %.3f%n", res, corr);
        check(Double.isFinite(res) && res > 0, "FSC resolution not a positive number: " + res);
        check(corr > 0.05 && corr <= 1, "halves of the same simulation should correlate, got " + corr);

        File model = work.resolve("model").toFile();
        CommandModule train = ok(cs.run(TrainIcecreamCommand.class, false, "even", evenRec, "odd", oddRec,
                "tilt_min", -60.0, "tilt_max", 60.0, "iterations", 2L, "depth", 2, "base_channels", 4, "crop", 16,
                "batch", 2, "device", "cpu", "checkpoint_every", 2L, "progress_every", 1L,
                "model_directory", model, "show_monitor", false, "overwrite", true).get(), "train");
        long done = (long) train.getOutput("iterations_done");
        double loss = (double) train.getOutput("final_loss");
        System.out.printf("training: %d iterations, final loss %.5f%n", done, loss);
        check(done == 2, "expected 2 training iterations, got " + done);
        check(Double.isFinite(loss) && loss > 0, "training loss not a positive number: " + loss);

        CommandModule apply = ok(cs.run(ApplyModelCommand.class, false, "even", evenRec, "odd", oddRec,
                "model_directory", model).get(), "apply");
        ImagePlus result = (ImagePlus) apply.getOutput("result");
        float[] v = ImageConversion.toVolume(result).data();
        double sum = 0;
        for (float f : v) {
            check(Float.isFinite(f), "prediction contains " + f);
            sum += Math.abs(f);
        }
        System.out.printf("prediction: %s, mean |value| %.4g%n", dims(result), sum / v.length);
        check(result.getWidth() == 32 && result.getHeight() == 32 && result.getStackSize() == 16,
                "prediction should be 32x32x16, is " + dims(result));
        check(sum > 0, "prediction is all zeros");
        // the same prediction through the library, as the command line makes it
        float[] expected;
        try (org.cryoet.learn.IcecreamModel im = org.cryoet.learn.IcecreamModel.load(model.toPath());
             org.cryoet.learn.TileFunction f = im.inferenceFunction()) {
            expected = new org.cryoet.learn.TiledPredictor(im.info().crop()).overlap(0.5).batch(4)
                    .predictPair(org.cryoet.volume.VolumeSource.of(ImageConversion.toVolume(evenRec)),
                            org.cryoet.volume.VolumeSource.of(ImageConversion.toVolume(oddRec)), f,
                            org.cryoet.util.Progress.NONE).data();
        }
        double maxDiff = 0, maxAbs = 0;
        for (int i = 0; i < v.length; i++) {
            maxDiff = Math.max(maxDiff, Math.abs(v[i] - expected[i]));
            maxAbs = Math.max(maxAbs, Math.abs(expected[i]));
        }
        System.out.printf("prediction vs library: max |difference| %.3g (max |value| %.3g)%n", maxDiff, maxAbs);
        check(maxDiff <= 1e-5 * Math.max(maxAbs, 1e-6) + 1e-9, "the command's prediction differs from the library's by " + maxDiff);

        CommandModule about = ok(cs.run(CheckSetupCommand.class, false, "device", "cpu").get(), "check setup");
        System.out.println("About / Check Setup:\n  " + ((String) about.getOutput("report")).replace("\n", "\n  "));
        String jars = (String) about.getOutput("native_jars");
        check(jars.contains("/jars/cryoet-libtorch/pytorch-native-"), "libtorch jars not found in jars/cryoet-libtorch: " + jars);
    }

    /**
     * The macro route a Fiji user has: an ImageJ 1 macro (IJ.runMacro) whose run("...") lines go
     * through the ImageJ 1 bridge, which must use this (Fiji's) context rather than a private one.
     */
    private static void macroRoute(Context ctx, Path work) throws Exception {
        org.cryoet.fiji.ij1.Ij1Menus.install();
        boolean same = org.cryoet.fiji.ij1.CommandPlugIn.context() == ctx;
        System.out.println("ImageJ 1 bridge uses the application's context: " + same);
        check(same, "the ImageJ 1 bridge built its own context");
        Path out = work.resolve("macro sim");
        String macro = "setBatchMode(true);\n"
                + "run(\"Simulate Cryo-ET Demo Data\", \"size_x=24 size_y=24 size_z=12 voxel_size=10 seed=2 tilt_min=-60"
                + " tilt_max=60 tilt_step=10 order=dose-symmetric group_size=1 frames_per_tilt=2 snr_db=0 show_all=false"
                + " output_directory=[" + out + "] overwrite=true\");\n"
                + "run(\"Reconstruct Tomogram (FBP)\", \"tilt_series_file=[" + out.resolve("tilt_series.mrc") + "]"
                + " angles_file=[" + out.resolve("tilts.tlt") + "] thickness=12 binning=1 width=0 filter=RADIAL"
                + " radial_cutoff=0.35 radial_falloff=0.035 sirt_iterations=10 output_file=[" + work.resolve("macro_rec.mrc")
                + "] overwrite=true\");\n"
                + "return \"\" + getWidth() + \"x\" + getHeight() + \"x\" + nSlices;\n";
        String result = ij.IJ.runMacro(macro, "");
        String error = org.cryoet.fiji.ij1.CommandPlugIn.lastError();
        System.out.println("macro (IJ.runMacro): simulate + FBP -> " + result + (error == null ? "" : ", error: " + error));
        check(error == null, "macro failed: " + error);
        check("24x24x12".equals(result), "macro result should be 24x24x12, is " + result);
        org.cryoet.volume.Volume rec = org.cryoet.io.MrcReader.read(work.resolve("macro_rec.mrc"));
        check(rec.nx() == 24 && rec.nz() == 12, "macro_rec.mrc has the wrong size");
        check(org.cryoet.fiji.ij1.CommandPlugIn.absentValueKeys().isEmpty(),
                "macro left parameters out: " + org.cryoet.fiji.ij1.CommandPlugIn.absentValueKeys());
    }

    private static ImagePlus reconstruct(CommandService cs, ImagePlus ts) throws Exception {
        CommandModule m = ok(cs.run(ReconstructTomogramCommand.class, false, "tilt_series", ts, "thickness", 16).get(),
                "reconstruct " + ts.getTitle());
        ImagePlus rec = (ImagePlus) m.getOutput("tomogram");
        float[] v = ImageConversion.toVolume(rec).data();
        double sumSq = 0;
        for (float f : v) sumSq += f * f;
        System.out.printf("FBP %s -> %s, rms %.4g%n", ts.getTitle(), dims(rec), Math.sqrt(sumSq / v.length));
        check(rec.getStackSize() == 16 && rec.getWidth() == 32, "tomogram should be 32x32x16, is " + dims(rec));
        check(sumSq > 0 && Double.isFinite(sumSq), "tomogram is empty or not finite");
        return rec;
    }

    private static CommandModule ok(CommandModule m, String step) {
        check(!m.isCanceled(), step + " was cancelled: " + m.getCancelReason());
        return m;
    }

    private static String dims(ImagePlus imp) {
        return imp.getWidth() + "x" + imp.getHeight() + "x" + imp.getStackSize();
    }

    private static void check(boolean condition, String message) {
        if (!condition) throw new IllegalStateException(message);
    }
}
