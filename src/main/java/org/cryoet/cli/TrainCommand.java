package org.cryoet.cli;

import org.cryoet.io.MappedMrc;
import org.cryoet.io.MrcReader;
import org.cryoet.io.TiltAngles;
import org.cryoet.learn.AutomaticMask;
import org.cryoet.learn.Checkpoint;
import org.cryoet.learn.IcecreamModel;
import org.cryoet.learn.Trainer;
import org.cryoet.learn.TrainingConfig;
import org.cryoet.learn.TrainingListener;
import org.cryoet.learn.TrainingPair;
import org.cryoet.learn.TrainingStatus;
import org.cryoet.volume.VolumeSource;
import org.cryoet.tomo.SampleMask;
import org.cryoet.tomo.SampleMaskOptions;
import org.cryoet.tomo.TiltRange;
import org.cryoet.util.CryoEtException;
import org.cryoet.volume.Volume;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** {@code cryoet train}: self-supervised training (ICECREAM by default) on one or more pairs of half tomograms. */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Train a denoising model on pairs of independent half tomograms: ICECREAM (Noise2Noise + "
                + "rotation equivariance, the default) or another method chosen with --method.",
                "Ctrl-C stops after the current iteration and leaves a checkpoint (continue with --resume)."})
public final class TrainCommand implements java.util.concurrent.Callable<Integer> {

    @Option(names = "--even", required = true, description = "half tomogram A (repeat once per pair)")
    List<Path> even = new ArrayList<>();

    @Option(names = "--odd", required = true, description = "half tomogram B (repeat once per pair, same order)")
    List<Path> odd = new ArrayList<>();

    @Option(names = "--tilts", description = "tilt angle file(s): one shared by all pairs or one per pair")
    List<Path> tilts = new ArrayList<>();

    @Option(names = "--tilt-range", description = "MIN,MAX tilt range in degrees (instead of --tilts)")
    String tiltRange;

    @Option(names = "--mask", description = "sample mask(s) (> 0.5 = sample): one shared or one per pair")
    List<Path> masks = new ArrayList<>();

    @Option(names = "--model-dir", required = true, description = "output folder (weights, model.json, "
            + "checkpoint/, loss.csv, progress/)")
    Path modelDir;

    @Mixin
    TrainingSetupOptions setup = new TrainingSetupOptions();

    @Option(names = "--init", description = "warm start from this trained model folder (fine-tuning)")
    Path init;

    @Option(names = "--resume", description = "continue from model-dir/checkpoint")
    boolean resume;

    @Mixin
    DeviceOption device = new DeviceOption();

    @Option(names = "--overwrite", description = "replace a model already in --model-dir")
    boolean overwrite;

    @Override
    public Integer call() {
        PrintStream out = System.out;
        TrainingConfig cfg = config();
        if (!resume && !overwrite && Files.exists(modelDir.resolve(IcecreamModel.DESCRIPTION))) {
            throw new CryoEtException("Model folder " + modelDir + " already holds a model (use --resume to continue "
                    + "it or --overwrite to replace it)");
        }
        if (resume && init != null && Checkpoint.exists(modelDir)) {
            out.println("note: --init is ignored because a checkpoint is resumed");
        }
        List<TrainingPair> pairs;
        try {
            pairs = readPairs();
        } catch (RuntimeException e) {
            closeFiles();
            throw e;
        }
        out.printf(Locale.ROOT, "training %d pair(s); %s, %s loss; %s; crop %d, batch %d, lr %.3g, %d iterations%n",
                pairs.size(), cfg.method(), cfg.loss(), init != null ? "warm start from " + init : cfg.network().toString(),
                cfg.crop(), cfg.batch(), cfg.learningRate(), cfg.iterations());

        ConsoleProgress progress = ConsoleProgress.stderr();
        Trainer.Result r;
        try (InterruptGuard guard = new InterruptGuard(progress,
                "finishing the current iteration and writing a checkpoint...")) {
            r = new Trainer(cfg, pairs, modelDir).initFrom(init).resume(resume).log(s -> out.println(s))
                    .addListener(new ConsoleListener(out)).run(progress);
        } finally {
            closeFiles();
        }
        out.printf(Locale.ROOT, "%s: %d iterations, last loss %.6g, device %s%n",
                r.completed() ? "done" : "stopped", r.iteration(), r.lastLoss(), r.device());
        return 0;
    }

    private TrainingConfig config() {
        return setup.config(device.device());
    }

    private List<TrainingPair> readPairs() {
        if (even.size() != odd.size()) {
            throw new CryoEtException("Give as many --odd as --even half tomograms (" + even.size() + " vs "
                    + odd.size() + ")");
        }
        int n = even.size();
        if (!tilts.isEmpty() && tilts.size() != 1 && tilts.size() != n) {
            throw new CryoEtException("Give one --tilts file for all pairs or one per pair (" + n + ")");
        }
        if (!masks.isEmpty() && masks.size() != 1 && masks.size() != n) {
            throw new CryoEtException("Give one --mask for all pairs or one per pair (" + n + ")");
        }
        if (tilts.isEmpty() && tiltRange == null) {
            throw new CryoEtException("Give the tilt range: --tilts FILE or --tilt-range MIN,MAX");
        }
        if (!tilts.isEmpty() && tiltRange != null) {
            throw new CryoEtException("Give either --tilts or --tilt-range, not both");
        }
        TiltRange range = tiltRange != null ? TiltRange.parse(tiltRange, "--tilt-range") : null;
        List<TrainingPair> pairs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Path tiltFile = range != null ? null : tilts.get(tilts.size() == 1 ? 0 : i);
            TiltRange r = (range != null ? range : TiltRange.read(tiltFile))
                    .requireMissingWedge(tiltFile == null ? null : tiltFile.toString());
            // Halves are memory-mapped: crops are read on demand, so many large pairs fit in a small heap.
            VolumeSource e = opened(MrcReader.open(even.get(i))).asSource();
            VolumeSource o = opened(MrcReader.open(odd.get(i))).asSource();
            String name = even.get(i).getFileName() + " | " + odd.get(i).getFileName();
            if (!e.sameShape(o)) {
                throw new CryoEtException("Half tomograms " + even.get(i) + " (" + e.nx() + "x" + e.ny() + "x" + e.nz()
                        + ") and " + odd.get(i) + " (" + o.nx() + "x" + o.ny() + "x" + o.nz() + ") differ in size");
            }
            VolumeSource m = masks.isEmpty() ? automaticMask(even.get(i), odd.get(i), e)
                    : opened(MrcReader.open(masks.get(masks.size() == 1 ? 0 : i))).asSource();
            pairs.add(new TrainingPair(e, o, r.min(), r.max(), m, name));
        }
        return pairs;
    }

    private final List<AutoCloseable> openFiles = new ArrayList<>();

    private MappedMrc opened(MappedMrc m) {
        openFiles.add(m);
        return m;
    }

    /** The library's automatic mask policy for a pair of files (only read whole if small enough). */
    private VolumeSource automaticMask(Path evenFile, Path oddFile, VolumeSource shape) {
        String name = evenFile.getFileName().toString();
        if (!AutomaticMask.fits(shape.nx(), shape.ny(), shape.nz())) {
            System.out.println(AutomaticMask.tooLargeNote(name));
            return null;
        }
        Volume mask = AutomaticMask.compute(MrcReader.read(evenFile), MrcReader.read(oddFile), name,
                System.out::println);
        return mask == null ? null : VolumeSource.of(mask, name + " (automatic mask)");
    }

    private void closeFiles() {
        for (AutoCloseable c : openFiles) {
            try {
                c.close();
            } catch (Exception ignored) {
                // read-only mappings: nothing to lose
            }
        }
        openFiles.clear();
    }

    /** Prints one line per iteration at most every 2 s (and the last one). */
    static final class ConsoleListener implements TrainingListener {
        private final PrintStream out;
        private long lastPrint;

        ConsoleListener(PrintStream out) {
            this.out = out;
        }

        @Override
        public void iteration(TrainingStatus s) {
            long now = System.currentTimeMillis();
            if (now - lastPrint < 2000 && s.iteration() != s.total() && s.iteration() > 1) return;
            lastPrint = now;
            String terms = s.terms().isEmpty() ? "" : " (" + s.termsText() + ")";
            out.printf(Locale.ROOT, "it %7d/%d  loss %.5f%s  smoothed %.5f  %.2f it/s  ETA %s%s%n",
                    s.iteration(), s.total(), s.loss(), terms, s.smoothedLoss(), s.itPerSecond(),
                    eta(s.etaSeconds()), s.memoryText());
        }

        @Override
        public void checkpoint(Path dir, long iteration) {
            out.println("checkpoint at iteration " + iteration + " in " + dir);
        }

        static String eta(double sec) {
            if (!Double.isFinite(sec)) return "?";
            long s = Math.round(sec);
            if (s >= 3600) return String.format(Locale.ROOT, "%dh%02dm", s / 3600, (s % 3600) / 60);
            if (s >= 60) return String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
            return s + "s";
        }
    }
}
