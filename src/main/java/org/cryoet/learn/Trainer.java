package org.cryoet.learn;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import org.cryoet.fourier.SliceViews;
import org.cryoet.io.MrcWriter;
import org.cryoet.io.PngImages;
import org.cryoet.util.CryoEtException;
import org.cryoet.util.Progress;
import org.cryoet.volume.Calibration;
import org.cryoet.volume.Volume;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * ICECREAM training loop: per iteration one batch of paired crops from one tomogram pair, the
 * loss of {@link IcecreamLoss}, backward through all four network passes, one Adam step.
 *
 * <p>Reproducibility: the weights come from the seed, the crop positions from the sampler's
 * seeded generator, and the pair order and the per-sample cube symmetries are pure functions of
 * (seed, iteration). With the sampler state saved in the checkpoint, a resumed run performs the
 * same arithmetic as an uninterrupted one (bit for bit on the CPU, where PyTorch's kernels are
 * deterministic for a fixed thread count).
 *
 * <p>Outputs in the model directory: {@code weights.bin} + {@code model.json} (at the end, on
 * stop and at every checkpoint), {@code checkpoint/}, {@code loss.csv} and
 * {@code progress/} (the fixed progress crop: input and latest prediction as MRC).
 *
 * <p>Memory: every tensor an iteration creates belongs to that iteration's scope and is freed
 * when the iteration ends; the only tensors that outlive an iteration are the weights, the
 * optimiser moments, the wedge operators and the cache of rotated wedge masks (at most one per
 * pair and cube symmetry). A checkpoint is also written every {@code checkpointMinutes} of
 * wall-clock time and as soon as free host or GPU memory falls under a margin, so that a process
 * killed from outside loses little.
 */
public final class Trainer {

    /** Summary of a run. */
    public record Result(long iteration, boolean completed, double lastLoss, double seconds,
                         DeviceSelector.Choice device) {
    }

    private final TrainingConfig config;
    private final List<TrainingPair> pairs;
    private final Path modelDir;
    private final List<TrainingListener> listeners = new ArrayList<>();
    private Path initModel;
    private boolean resume;
    private CropSampler sampler;
    private Consumer<String> log = s -> { };
    private java.util.function.ObjLongConsumer<EngineMemory.Ledger> ledgerProbe;

    public Trainer(TrainingConfig config, List<TrainingPair> pairs, Path modelDir) {
        if (pairs.isEmpty()) throw new CryoEtException("No training data: give at least one pair of half tomograms");
        this.config = config;
        this.pairs = List.copyOf(pairs);
        this.modelDir = modelDir;
    }

    /** Warm start from the weights of a trained model (its architecture replaces the configured one). */
    public Trainer initFrom(Path modelDirectory) {
        this.initModel = modelDirectory;
        return this;
    }

    /** Continue from {@code model-dir/checkpoint} if present. */
    public Trainer resume(boolean resume) {
        this.resume = resume;
        return this;
    }

    /** Replaces the default crop sampler (same pairs, same order). */
    public Trainer sampler(CropSampler s) {
        this.sampler = s;
        return this;
    }

    public Trainer addListener(TrainingListener l) {
        listeners.add(l);
        return this;
    }

    /** Receives human-readable log lines (device choice, resume point, saved files). */
    public Trainer log(Consumer<String> sink) {
        this.log = sink;
        return this;
    }

    /**
     * Receives, after each iteration, the count of tensors alive under the model's managers (for
     * leak tests: it must grow only by the rotated-mask cache).
     */
    Trainer ledgerProbe(java.util.function.ObjLongConsumer<EngineMemory.Ledger> probe) {
        this.ledgerProbe = probe;
        return this;
    }

    /** Pair used at a 1-based iteration: a fresh seeded permutation of the pairs per pass. */
    static int pairAt(long seed, long iteration, int nPairs) {
        if (nPairs == 1) return 0;
        long pass = (iteration - 1) / nPairs;
        int pos = (int) ((iteration - 1) % nPairs);
        int[] perm = new int[nPairs];
        for (int i = 0; i < nPairs; i++) perm[i] = i;
        long s = mix(seed ^ mix(pass + 0x1234567L));
        for (int i = nPairs - 1; i > 0; i--) {
            s = mix(s);
            int j = (int) Math.floorMod(s, (long) (i + 1));
            int t = perm[i];
            perm[i] = perm[j];
            perm[j] = t;
        }
        return perm[pos];
    }

    /** Index into {@link CubeSymmetry#wedgeMoving()} for sample b of a 1-based iteration. */
    static int symmetryAt(long seed, long iteration, int sample) {
        long h = mix(mix(seed + 0x9E3779B97F4A7C15L * iteration) + sample);
        return (int) Math.floorMod(h, (long) CubeSymmetry.wedgeMoving().size());
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /**
     * Runs the training to {@code config.iterations()} (or until cancelled / stopped), saving the
     * model and a checkpoint at the end.
     */
    public Result run(Progress progress) {
        DeviceSelector.Choice device = DeviceSelector.select(config.device());
        log.accept("device: " + device);
        int crop = config.crop();
        CropSampler data = sampler != null ? sampler
                : SubtomogramSampler.of(pairs, crop, config.maskFraction(), config.seed(), progress);
        if (data.pairCount() != pairs.size()) throw new IllegalStateException("sampler does not match the pairs");

        Checkpoint ckpt = null;
        if (resume && Checkpoint.exists(modelDir)) {
            ckpt = Checkpoint.read(modelDir);
            if (ckpt.seed() != config.seed()) {
                log.accept("note: checkpoint was written with seed " + ckpt.seed() + "; continuing with it");
            }
        } else if (resume) {
            log.accept("no checkpoint in " + Checkpoint.dir(modelDir) + ": starting from scratch");
        }
        long seed = ckpt != null ? ckpt.seed() : config.seed();

        ModelInfo info;
        IcecreamModel model;
        if (ckpt != null) {
            // only model.json: the weights come from the checkpoint, and weights.bin may not match
            // model.json if the process was killed between the two renames of a save
            ModelInfo saved = readDescription(modelDir);
            info = saved;
            model = IcecreamModel.of(saved, ckpt.weights(), device.device());
            data.restore(ckpt.samplerState());
            log.accept("resuming at iteration " + ckpt.iteration() + " of " + config.iterations());
        } else if (initModel != null) {
            try (IcecreamModel init = IcecreamModel.load(initModel, device.device())) {
                info = describe(init.info().network(), "warm-start:" + initModel + " (" + init.info().iterations()
                        + " iterations)", seed);
                model = IcecreamModel.of(info, init.network().weightsToHost(), device.device());
            }
            log.accept("warm start from " + initModel + " (" + info.network() + ")");
        } else {
            info = describe(config.network(), config.init().name().toLowerCase(Locale.ROOT), seed);
            model = IcecreamModel.create(info, config.init(), seed, device.device());
        }
        info.network().checkCrop(crop);

        long start = ckpt != null ? ckpt.iteration() : 0;
        LossHistory history = ckpt != null ? ckpt.history() : new LossHistory();
        double elapsedBefore = history.last() != null ? history.last().seconds() : 0;
        double smoothed = history.last() != null ? history.last().smoothed() : Double.NaN;
        long t0 = System.nanoTime();
        long iteration = start;
        boolean completed = false;
        double lastLoss = history.last() != null ? history.last().loss() : Double.NaN;

        try (model) {
            UNet3d net = model.network();
            NDManager mgr = model.manager();
            boolean half = config.mixedPrecision() && device.isGpu();
            net.setHalfPrecision(half);
            if (half) log.accept("mixed precision: float16 network passes, loss scale " + LOSS_SCALE);
            net.setRequiresGradient(true);
            List<WedgeOperator> wedges = new ArrayList<>();
            for (TrainingPair p : pairs) wedges.add(WedgeOperator.missingWedge(crop, p.tiltMin(), p.tiltMax()).prepare(mgr));
            WedgeOperator ball = WedgeOperator.ballLowPass(crop).prepare(mgr);
            // rotated wedge masks on the device, per (pair, symmetry index), built on first use
            Map<Long, NDArray> rotatedMasks = new HashMap<>();
            NDManager maskCache = mgr.newSubManager();
            LowMemoryWatch memoryWatch = new LowMemoryWatch();
            ProgressCrop probe = config.progressEvery() > 0 ? new ProgressCrop(data, crop) : null;
            if (probe != null && start == 0) probe.writeInput(modelDir);

            try (AdamOptimizer adam = new AdamOptimizer(net.parameters(), config.learningRate(), config.beta1(),
                    config.beta2(), config.epsilon(), mgr)) {
                if (ckpt != null) adam.restore(ckpt.adamState(), ckpt.adamStep());
                int n3 = crop * crop * crop;
                float[] a = new float[config.batch() * n3];
                float[] b = new float[config.batch() * n3];
                Shape shape = new Shape(config.batch(), 1, crop, crop, crop);
                double secPerIt = Double.NaN;
                long lastSaved = -1;
                long lastSaveNanos = System.nanoTime();
                long minutesNanos = (long) (config.checkpointMinutes() * 60e9);
                while (iteration < config.iterations()) {
                    if (stopRequested(progress)) break;
                    long it = iteration + 1;
                    long ti = System.nanoTime();
                    int pair = pairAt(seed, it, pairs.size());
                    data.sample(pair, config.batch(), crop, a, b);
                    long tSample = System.nanoTime();
                    WedgeOperator pm = wedges.get(pair);
                    List<UnaryOperator<NDArray>> rot = new ArrayList<>();
                    NDList rotMasks = new NDList();
                    for (int s = 0; s < config.batch(); s++) {
                        int gi = symmetryAt(seed, it, s);
                        CubeSymmetry g = CubeSymmetry.wedgeMoving().get(gi);
                        rot.add(g::apply);
                        rotMasks.add(rotatedMasks.computeIfAbsent(pair * 64L + gi,
                                k -> pm.rotated(g).maskArray(maskCache)));
                    }
                    long tMasks = System.nanoTime();
                    float loss;
                    float n2n;
                    float equi;
                    try (NDManager scope = mgr.newSubManager()) {
                        NDArray y1 = HostArrays.create(scope, a, shape);
                        NDArray y2 = HostArrays.create(scope, b, shape);
                        // stack's result joins the cached masks' manager: move it into the scope
                        NDArray stacked = NDArrays.stack(rotMasks, 0);
                        stacked.attach(scope);
                        NDArray masks = stacked.expandDims(1);
                        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                            IcecreamLoss.Terms t = IcecreamLoss.compute(net::forward, y1, y2, pm::apply, rot,
                                    x -> WedgeOperator.apply(x, masks, crop), ball::apply, config.lambda());
                            gc.backward(half ? t.total().mul(HostArrays.scalar(scope, LOSS_SCALE)) : t.total());
                            loss = t.total().getFloat();
                            n2n = t.n2n().getFloat();
                            equi = t.equi().getFloat();
                        }
                    }
                    if (!Float.isFinite(loss)) {
                        throw new CryoEtException("Training diverged at iteration " + it + " (loss " + loss
                                + "); try a lower learning rate");
                    }
                    long tLoss = System.nanoTime();
                    adam.step(net.parameters(), half ? LOSS_SCALE : 1f);
                    if (PROFILE) {
                        log.accept(String.format(Locale.ROOT, "profile it %d: sample %.3f masks %.3f loss %.3f adam %.3f s",
                                it, (tSample - ti) / 1e9, (tMasks - tSample) / 1e9, (tLoss - tMasks) / 1e9,
                                (System.nanoTime() - tLoss) / 1e9));
                    }
                    iteration = it;
                    lastLoss = loss;
                    double dt = (System.nanoTime() - ti) / 1e9;
                    secPerIt = Double.isNaN(secPerIt) ? dt : 0.9 * secPerIt + 0.1 * dt;
                    smoothed = Double.isNaN(smoothed) ? loss : 0.9 * smoothed + 0.1 * loss;
                    double seconds = elapsedBefore + (System.nanoTime() - t0) / 1e9;
                    EngineMemory.Sample memory = EngineMemory.sample(device.device());
                    history.add(new LossHistory.Entry(it, loss, n2n, equi, smoothed, seconds, memory.residentMib(),
                            memory.deviceUsedMib()));
                    if (ledgerProbe != null) ledgerProbe.accept(EngineMemory.ledger(mgr), it);
                    TrainingStatus st = new TrainingStatus(it, config.iterations(), loss, n2n, equi, smoothed,
                            1 / secPerIt, (config.iterations() - it) * secPerIt, memory.residentMib(),
                            memory.deviceUsedMib());
                    for (TrainingListener l : listeners) l.iteration(st);
                    progress.update("Training", it, config.iterations());
                    if (probe != null && it % config.progressEvery() == 0) {
                        probe.predict(net, pm, it, modelDir, listeners);
                        writeLoss(history);
                    }
                    String lowMemory = memoryWatch.check(memory);
                    if (lowMemory != null) log.accept(lowMemory);
                    boolean due = config.checkpointEvery() > 0 && it % config.checkpointEvery() == 0;
                    boolean late = minutesNanos > 0 && System.nanoTime() - lastSaveNanos >= minutesNanos;
                    if ((due || late || lowMemory != null) && it < config.iterations()) {
                        save(model, info, adam, data, seed, it, history);
                        lastSaved = it;
                        lastSaveNanos = System.nanoTime();
                    }
                }
                completed = iteration >= config.iterations();
                if (lastSaved != iteration) save(model, info, adam, data, seed, iteration, history);
            }
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        log.accept(String.format(Locale.ROOT, "%s at iteration %d (%.1f s this session); model saved in %s",
                completed ? "finished" : "stopped", iteration, seconds, modelDir));
        for (TrainingListener l : listeners) l.finished(iteration, completed);
        return new Result(iteration, completed, lastLoss, seconds, device);
    }

    private static final boolean PROFILE = Boolean.getBoolean("cryoet.trainer.profile");

    /** Static loss scale for float16 training (gradients are unscaled before the Adam step). */
    static final float LOSS_SCALE = 1024f;

    private static ModelInfo readDescription(Path modelDir) {
        Path json = modelDir.resolve(IcecreamModel.DESCRIPTION);
        try {
            return ModelInfo.fromJson(java.nio.file.Files.readString(json), json.toString());
        } catch (java.io.IOException e) {
            throw new org.cryoet.util.CryoEtException("Cannot read " + json + " to resume: " + e.getMessage(), e);
        }
    }

    private boolean stopRequested(Progress progress) {
        if (progress.isCancelled()) return true;
        for (TrainingListener l : listeners) if (l.stopRequested()) return true;
        return false;
    }

    private void save(IcecreamModel model, ModelInfo info, AdamOptimizer adam, CropSampler data, long seed,
                      long iteration, LossHistory history) {
        // the model first: whenever a checkpoint exists, model.json (needed to resume) exists too
        model.setInfo(info.withIterations(iteration));
        model.save(modelDir);
        new Checkpoint(iteration, adam.stepCount(), data.state(), seed, model.network().weightsToHost(),
                adam.state(), history).write(modelDir);
        writeLoss(history);
        for (TrainingListener l : listeners) l.checkpoint(Checkpoint.dir(modelDir), iteration);
    }

    /** loss.csv and loss.png (total, Noise2Noise, lambda * equivariance and the smoothed loss). */
    private void writeLoss(LossHistory history) {
        history.write(modelDir.resolve("loss.csv"));
        List<LossHistory.Entry> e = history.entries();
        if (e.size() < 2) return;
        double[] x = new double[e.size()];
        double[] total = new double[e.size()];
        double[] n2n = new double[e.size()];
        double[] equi = new double[e.size()];
        double[] smooth = new double[e.size()];
        for (int i = 0; i < e.size(); i++) {
            x[i] = e.get(i).iteration();
            total[i] = e.get(i).loss();
            n2n[i] = e.get(i).n2n();
            equi[i] = config.lambda() * e.get(i).equi();
            smooth[i] = e.get(i).smoothed();
        }
        PngImages.Plot plot = new PngImages.Plot("ICECREAM training loss", "iteration", "loss", List.of(
                new PngImages.Series("total", x, total), new PngImages.Series("Noise2Noise", x, n2n),
                new PngImages.Series("lambda x equivariance", x, equi),
                new PngImages.Series("smoothed total", x, smooth, true)));
        PngImages.write(modelDir.resolve("loss.png"), PngImages.plot(plot, 900, 500), true);
    }

    private ModelInfo describe(UNetConfig net, String init, long seed) {
        List<String> names = new ArrayList<>();
        for (TrainingPair p : pairs) {
            names.add(String.format(Locale.ROOT, "%s [%.2f, %.2f]", p.name(), p.tiltMin(), p.tiltMax()));
        }
        TrainingPair first = pairs.get(0);
        return new ModelInfo(ModelInfo.FORMAT, "ICECREAM", net.depth(), net.baseChannels(), net.parameterCount(),
                ModelInfo.NORMALIZATION, first.tiltMin(), first.tiltMax(), config.crop(), config.batch(), 0,
                config.lambda(), config.learningRate(), seed, init, names, 0, ModelInfo.SOFTWARE, "");
    }

    /** The fixed crop at the centre of pair 0 (half A), predicted every K iterations. */
    private static final class ProgressCrop {

        final float[] input;
        final int size;

        ProgressCrop(CropSampler data, int crop) {
            int[] d = data.size(0);
            this.size = crop;
            this.input = new float[crop * crop * crop];
            data.crop(0, (d[0] - crop) / 2, (d[1] - crop) / 2, (d[2] - crop) / 2, crop, input, false);
        }

        void writeInput(Path dir) {
            Volume v = Volume.wrap(input.clone(), size, size, size, Calibration.UNIT);
            MrcWriter.write(dir.resolve("progress").resolve("input.mrc"), v, false, true);
            writePng(dir.resolve("progress").resolve("input.png"), v, "input");
        }

        /** Orthoslices plus the log-Fourier XZ slice (missing wedge visible) in one PNG. */
        static void writePng(Path file, Volume v, String label) {
            List<PngImages.Panel> panels = new ArrayList<>(SliceViews.orthoslices(v));
            panels.add(SliceViews.fourierXz(v));
            List<PngImages.Panel> labelled = new ArrayList<>();
            for (PngImages.Panel p : panels) {
                labelled.add(new PngImages.Panel(label + " " + p.label(), p.pixels(), p.width(), p.height(),
                        p.overlay()));
            }
            PngImages.writeMontage(file, labelled, 4, true);
        }

        void predict(UNet3d net, WedgeOperator pm, long it, Path dir, List<TrainingListener> listeners) {
            float[] out;
            try (NDManager scope = NDManager.newBaseManager(net.device())) {
                NDArray x = HostArrays.create(scope, input, new Shape(1, 1, size, size, size));
                out = IcecreamModel.twoPass(net, pm, x).toFloatArray();
            }
            Volume v = Volume.wrap(out.clone(), size, size, size, Calibration.UNIT);
            MrcWriter.write(dir.resolve("progress").resolve("latest.mrc"), v, false, true);
            writePng(dir.resolve("progress").resolve(String.format(Locale.ROOT, "it%07d.png", it)), v,
                    "it " + it);
            for (TrainingListener l : listeners) l.progressCrop(out, size, it);
        }
    }
}
