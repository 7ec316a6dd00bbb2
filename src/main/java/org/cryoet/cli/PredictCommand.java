package org.cryoet.cli;

import org.cryoet.learn.TiledPredictor;
import org.cryoet.learn.TrainingOptions;
import org.cryoet.learn.TomogramPrediction;
import org.cryoet.util.AtomicOutput;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code cryoet predict}: apply a trained ICECREAM model to a pair of half tomograms. */
@Command(name = "predict", mixinStandardHelpOptions = true,
        description = {"Applies a trained ICECREAM model to a pair of half tomograms: each half is z-scored, "
                + "predicted tile by tile (overlapping tiles, smooth blending, streamed in z-slabs), "
                + "and the two predictions are averaged. The output keeps the voxel size and origin of --even."})
public final class PredictCommand implements Callable<Integer> {

    @Option(names = "--model-dir", required = true, paramLabel = "DIR", description = "Trained model directory.")
    Path modelDir;

    @Option(names = "--even", required = true, paramLabel = "E.mrc", description = "First half tomogram.")
    Path even;

    @Option(names = "--odd", paramLabel = "O.mrc",
            description = "Second half tomogram (same size). Without it, only --even is predicted.")
    Path odd;

    @Option(names = "--out", required = true, paramLabel = "OUT.mrc", description = "Output tomogram (float32 MRC).")
    Path out;

    @Option(names = "--mask", paramLabel = "M.mrc", description = TrainingOptions.PREDICT_MASK_HELP)
    Path mask;

    @Mixin
    TilingOptions tiling = new TilingOptions();

    @Mixin
    DeviceOption device = new DeviceOption();

    @Option(names = "--overwrite", description = "Replace an existing output.")
    boolean overwrite;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter w = spec.commandLine().getOut();
        // fail on the output before loading anything
        AtomicOutput.checkTarget(out, overwrite, even, odd, mask);
        new TiledPredictor(8).overlap(tiling.overlap()).batch(tiling.batch()); // validates the options before loading
        try (PredictionModels.Loaded model = PredictionModels.load(modelDir, device.device())) {
            w.println("model: " + model.summary());
            w.flush();
            TiledPredictor p = new TiledPredictor(model.crop()).overlap(tiling.overlap()).batch(tiling.batch());
            TomogramPrediction.Result r = TomogramPrediction.run(even, odd, mask, out, model.function(), p, overwrite,
                    ConsoleProgress.stderr());
            report(w, r, out);
        }
        return 0;
    }

    static void report(PrintWriter w, TomogramPrediction.Result r, Path out) {
        double voxels = (double) r.nx() * r.ny() * r.nz();
        w.printf(Locale.ROOT, "%-10s %s%n", "output", out);
        w.printf(Locale.ROOT, "%-10s %d x %d x %d%n", "size", r.nx(), r.ny(), r.nz());
        w.printf(Locale.ROOT, "%-10s %d%n", "tiles", r.tiles());
        w.printf(Locale.ROOT, "%-10s %.1f s (%.3g voxels/s)%n", "time", r.seconds(), voxels / r.seconds());
        w.flush();
    }
}
