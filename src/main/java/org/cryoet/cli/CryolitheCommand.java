package org.cryoet.cli;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

import org.cryoet.io.MrcMode;
import org.cryoet.io.MrcReader;
import org.cryoet.io.MrcStreamWriter;
import org.cryoet.io.TiltAngles;
import org.cryoet.learn.DeviceSelector;
import org.cryoet.learn.TrainingPresets;
import org.cryoet.learn.cryolithe.CryolitheConfig;
import org.cryoet.learn.cryolithe.CryolitheEvaluation;
import org.cryoet.learn.cryolithe.CryolitheModel;
import org.cryoet.learn.cryolithe.CryolitheReconstruction;
import org.cryoet.learn.cryolithe.CryolitheTrainer;
import org.cryoet.util.AtomicOutput;
import org.cryoet.util.CryoEtException;
import org.cryoet.volume.Statistics;
import org.cryoet.volume.Volume;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code cryoet cryolithe}: supervised local reconstruction from the tilt series (train, reconstruct). */
@Command(name = "cryolithe", mixinStandardHelpOptions = true,
        description = "CryoLithe: a restored tomogram straight from the aligned tilt series with a pretrained "
                + "network (no per-dataset training).",
        subcommands = {CryolitheCommand.Reconstruct.class, CryolitheCommand.Train.class, CryolitheCommand.Evaluate.class})
public final class CryolitheCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** {@code cryoet cryolithe reconstruct}. */
    @Command(name = "reconstruct", mixinStandardHelpOptions = true,
            description = "Reconstructs an aligned tilt series (tilt axis y) with a CryoLithe model; output "
                    + "width x height x thickness, voxel size and origin of the tilt series.")
    public static final class Reconstruct implements Callable<Integer> {
        @Mixin
        ReconstructionInputOptions inputs;

        @Option(names = "--model", description = "Model folder (weights.bin + model.json); default: the built-in model.")
        Path model;

        @Option(names = "--pixel", description = "Use the built-in pixel model (one network call per voxel, "
                + "about 6x slower) instead of the wavelet model.")
        boolean pixel;

        @Option(names = "--batch", defaultValue = "2048",
                description = "Query points per network call (memory about 0.6 KB x tilts per point). "
                        + "Default: ${DEFAULT-VALUE}.")
        int batch;

        @Mixin
        DeviceOption device;

        @Option(names = "--overwrite", description = "Replace an existing output file.")
        boolean overwrite;

        @Override
        public Integer call() {
            Path tiltSeries = inputs.tiltSeries();
            Path tilts = inputs.tilts();
            int thickness = inputs.thickness();
            Path out = inputs.out();
            AtomicOutput.checkTarget(out, overwrite, tiltSeries, tilts);
            if (thickness < 1) throw new CryoEtException("--thickness must be at least 1, got " + thickness);
            if (batch < 1) throw new CryoEtException("--batch must be at least 1, got " + batch);
            if (model != null && pixel) {
                throw new CryoEtException("--pixel selects the built-in pixel model; with --model the folder decides");
            }
            CryolitheModel m = model != null ? CryolitheModel.load(model) : CryolitheModel.builtIn(pixel);
            Volume ts = MrcReader.readFinite(tiltSeries);
            double[] angles = TiltAngles.read(tilts, ts.nz(), tiltSeries);
            CryolitheReconstruction.check(ts, angles, thickness, tiltSeries.toString());
            DeviceSelector.Choice dev = DeviceSelector.select(device.device());
            ConsoleProgress progress = ConsoleProgress.stderr();
            long t0 = System.nanoTime();
            Statistics st;
            try (MrcStreamWriter w = MrcStreamWriter.create(out, ts.nx(), ts.ny(), thickness, MrcMode.FLOAT,
                    CryolitheReconstruction.outputCalibration(ts), false, overwrite, tiltSeries, tilts)) {
                CryolitheReconstruction.reconstruct(ts, angles, thickness, m, dev.device(), batch, progress,
                        tiltSeries.toString(), (data, z0, count) -> w.writeSlab(data, count));
                w.commit();
                st = w.statistics();
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            System.out.printf(Locale.ROOT, "model         %s (%s, patch %d, %d tilts)%n", m.source(),
                    m.config().wavelet() ? "wavelet" : "pixel", m.config().patch(), angles.length);
            System.out.printf(Locale.ROOT, "device        %s%n", dev);
            System.out.printf(Locale.ROOT, "tomogram      %s (%d x %d x %d)%n", out, ts.nx(), ts.ny(), thickness);
            System.out.printf(Locale.ROOT, "density       mean %.5g, sd %.5g, min %.5g, max %.5g%n", st.mean(), st.std(),
                    st.min(), st.max());
            System.out.printf(Locale.ROOT, "time          %.2f s (%.3g voxels/s)%n", seconds,
                    (double) ts.nx() * ts.ny() * thickness / seconds);
            return 0;
        }
    }

    /** {@code cryoet cryolithe train}. */
    @Command(name = "train", mixinStandardHelpOptions = true,
            description = "Trains a CryoLithe model on simulated phantoms (vesicles held out) with checkpoints.")
    public static final class Train implements Callable<Integer> {
        @Option(names = "--out", required = true, description = "Model folder (weights.bin, model.json, checkpoint.bin, loss.tsv).")
        Path out;

        @Option(names = "--hours", defaultValue = "0", description = "Time budget in hours (0: none).")
        double hours;

        @Option(names = "--iterations", defaultValue = "0", description = "Iterations (0: until --hours).")
        long iterations;

        @Option(names = "--pixel", description = "Train the pixel model (default: the wavelet model).")
        boolean pixel;

        @Option(names = "--network-size", defaultValue = "cpu", paramLabel = "NAME",
                description = "Network widths: small, cpu (the built-in models), large or paper (the published "
                        + "widths, for a GPU). Default: ${DEFAULT-VALUE}.")
        String networkSize;

        @Option(names = "--points", defaultValue = "512", description = "Query points per iteration. Default: ${DEFAULT-VALUE}.")
        int points;

        @Option(names = "--lr", defaultValue = "2e-3", description = "Peak learning rate. Default: ${DEFAULT-VALUE}.")
        double lr;

        @Option(names = "--seed", defaultValue = "1", description = "Seed of data and weights. Default: ${DEFAULT-VALUE}.")
        long seed;

        @Option(names = "--pool", defaultValue = "16", description = "Simulated examples held at once. Default: ${DEFAULT-VALUE}.")
        int pool;

        @Option(names = "--refresh", defaultValue = "20",
                description = "Iterations between replacing one pool example. Default: ${DEFAULT-VALUE}.")
        int refresh;

        @Option(names = "--checkpoint-every", defaultValue = "100", description = "Default: ${DEFAULT-VALUE}.")
        int checkpointEvery;

        @Option(names = "--resume", description = "Continue the run saved in --out.")
        boolean resume;

        @Mixin
        DeviceOption device;

        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            DeviceSelector.Choice dev = DeviceSelector.select(device.device());
            // A resumed run continues exactly (tested), so the recorded command is the one that makes
            // the same model in one go.
            java.util.List<String> args = new java.util.ArrayList<>(spec.commandLine().getParseResult().originalArgs());
            args.remove("--resume");
            String command = "./cryoet " + String.join(" ", args);
            CryolitheTrainer.Options o = new CryolitheTrainer.Options(out, CryolitheConfig.sized(networkSize, !pixel),
                    iterations, hours, seed, points, lr, pool, refresh, checkpointEvery, dev.device(), resume, command);
            ConsoleProgress progress = ConsoleProgress.stderr();
            CryolitheTrainer.Result r = CryolitheTrainer.train(o, progress);
            System.out.printf(Locale.ROOT, "model         %s (%s)%n", out, pixel ? "pixel" : "wavelet");
            System.out.printf(Locale.ROOT, "iterations    %d in %.0f s on %s%n", r.iterations(), r.seconds(), dev);
            if (!Double.isNaN(r.firstLoss())) {
                System.out.printf(Locale.ROOT, "loss          %.5g (first 10%%) -> %.5g (last 10%%)%n", r.firstLoss(),
                        r.lastLoss());
            }
            return 0;
        }
    }

    /** {@code cryoet cryolithe evaluate}: the fixed held-out case, optionally recorded into the model. */
    @Command(name = "evaluate", mixinStandardHelpOptions = true,
            description = "Scores a model against FBP and FBP + oracle Gaussian on a simulated phantom of the "
                    + "held-out family (vesicles); --method adds a self-supervised training method trained on odd/even "
                    + "tilt halves of the same tilt series; --record writes the fixed case's figures into model.json.")
    public static final class Evaluate implements Callable<Integer> {
        @Option(names = "--model", description = "Model folder; default: the built-in model.")
        Path model;

        @Option(names = "--pixel", description = "The built-in pixel model.")
        boolean pixel;

        @Option(names = "--size", defaultValue = "64,64,32", description = "Phantom size X,Y,Z. Default: ${DEFAULT-VALUE}.")
        String size;

        @Option(names = "--seed", defaultValue = "9001", description = "Phantom and noise seed. Default: ${DEFAULT-VALUE}.")
        long seed;

        @Option(names = "--snr-db", defaultValue = "-5", description = "SNR of the tilt series. Default: ${DEFAULT-VALUE}.")
        double snr;

        @Option(names = "--record", description = "Write the fixed case's figures into the model folder's model.json.")
        boolean record;

        @Option(names = "--method", paramLabel = "NAME",
                description = "Also train this training method (e.g. icecream) with the demo preset on odd/even tilt "
                        + "halves of the same tilt series and score the mean of both halves' predictions. "
                        + "Default: none.")
        String method;

        @Option(names = "--iterations", paramLabel = "N",
                description = "Training iterations of --method. Default: the demo preset's (700).")
        Long iterations;

        @Mixin
        DeviceOption device;

        @Override
        public Integer call() {
            int[] s = BenchCryolitheCommand.parseSize(size);
            CryolitheModel m = model != null ? CryolitheModel.load(model) : CryolitheModel.builtIn(pixel);
            if (record && model == null) throw new CryoEtException("--record needs --model DIR");
            if (record && (s[0] != CryolitheEvaluation.CASE_NX
                    || s[1] != CryolitheEvaluation.CASE_NY
                    || s[2] != CryolitheEvaluation.CASE_NZ
                    || seed != CryolitheEvaluation.CASE_SEED
                    || snr != CryolitheEvaluation.CASE_SNR_DB)) {
                throw new CryoEtException("--record only records the fixed case (default size, seed and SNR)");
            }
            if (record && method != null) {
                throw new CryoEtException("--record records only the model's own figures, so it cannot be combined "
                        + "with --method");
            }
            if (iterations != null && method == null) throw new CryoEtException("--iterations needs --method NAME");
            CryolitheEvaluation.MethodRow methodRow = null;
            if (method != null) {
                long n = iterations != null ? iterations : TrainingPresets.demo().iterations();
                methodRow = new CryolitheEvaluation.MethodRow(method, n, 0, null,
                        System.err::println);
            }
            DeviceSelector.Choice dev = DeviceSelector.select(device.device());
            CryolitheEvaluation.Report r = CryolitheEvaluation
                    .evaluate(m, s[0], s[1], s[2], seed, snr, dev.device(), 2048, methodRow, ConsoleProgress.stderr());
            System.out.println(r.description());
            System.out.print(r.table());
            if (record) {
                CryolitheModel.save(model, m.info().withFigures(
                        CryolitheEvaluation.figures(r)), m.weights());
                System.out.println("figures recorded in " + model.resolve(CryolitheModel.DESCRIPTION));
            }
            return 0;
        }
    }
}
