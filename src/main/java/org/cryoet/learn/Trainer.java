package org.cryoet.learn;

import org.cryoet.volume.VolumeSource;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import org.cryoet.util.CryoEtException;
import org.cryoet.util.Progress;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The training loop, for any {@link TrainingMethod}: per iteration one batch of paired crops from
 * one tomogram pair, the method's loss, one backward pass, one Adam step. The method (looked up
 * by the name in the configuration, or in the checkpoint when resuming) prepares its operators
 * and computes the loss; the loop owns the device, sampling, pair order, resume, optimiser,
 * mixed precision, checkpoints and listeners.
 *
 * <p>Method hooks besides the loss: {@link TrainingMethod#sampleCrop} sets the edge of the crops
 * drawn for a batch (larger than the network crop for methods that resample their crops), the
 * batch carries the crop positions, {@link PreparedMethod#afterStep} runs after every step, and
 * {@link PreparedMethod#state()} is stored in every checkpoint and restored on resume.
 *
 * <p>Reproducibility: the weights come from the seed, the crop positions from the sampler's
 * seeded generator, and the pair order is a pure function of (seed, iteration), as the method's
 * own random choices must be. With the sampler state saved in the checkpoint, a resumed run
 * performs the same arithmetic as an uninterrupted one (bit for bit on the CPU, where PyTorch's
 * kernels are deterministic for a fixed thread count).
 *
 * <p>Outputs in the model directory: {@code weights.bin} + {@code model.json} (at the end, on
 * stop and at every checkpoint) and {@code checkpoint/}; the reports ({@code loss.csv},
 * {@code loss.png}, {@code progress/}) are written by a {@link TrainingReport}, the first listener.
 *
 * <p>Memory: every tensor an iteration creates belongs to that iteration's scope and is freed
 * when the iteration ends; the only tensors that outlive an iteration are the weights, the
 * optimiser moments and what the method prepared on the model's manager. A checkpoint is also
 * written every {@code checkpointMinutes} of wall-clock time and as soon as free host or GPU
 * memory falls under a margin, so that a process killed from outside loses little.
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
        long s = SplitMix.mix(seed ^ SplitMix.mix(pass + 0x1234567L));
        for (int i = nPairs - 1; i > 0; i--) {
            s = SplitMix.mix(s);
            int j = (int) Math.floorMod(s, (long) (i + 1));
            int t = perm[i];
            perm[i] = perm[j];
            perm[j] = t;
        }
        return perm[pos];
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
            if (!saved.method().equals(config.method())) {
                log.accept("note: checkpoint was trained with " + saved.method() + "; continuing with it");
            }
            if (!saved.loss().equals(config.loss())) {
                log.accept("note: checkpoint was trained with the " + saved.loss() + " loss; continuing with it");
            }
            model = IcecreamModel.of(saved, ckpt.weights(), device.device());
            data.restore(ckpt.samplerState());
            log.accept("resuming at iteration " + ckpt.iteration() + " of " + config.iterations());
        } else if (initModel != null) {
            try (IcecreamModel init = IcecreamModel.load(initModel, device.device())) {
                info = describe(init.info().network(), "warm-start:" + initModel + " (" + init.info().iterations()
                        + " iterations)", seed, data.normalization());
                model = IcecreamModel.of(info, init.network().weightsToHost(), device.device());
            }
            log.accept("warm start from " + initModel + " (" + info.network() + ")");
        } else {
            info = describe(config.network(), config.init().name().toLowerCase(Locale.ROOT), seed,
                    data.normalization());
            model = IcecreamModel.create(info, config.init(), seed, device.device());
        }
        info.network().checkCrop(crop);
        TrainingMethod method = info.method().method();
        List<LossTerm> terms = method.lossTerms(info.method());
        List<String> termNames = terms.stream().map(LossTerm::name).toList();

        long start = ckpt != null ? ckpt.iteration() : 0;
        LossHistory history = ckpt != null ? ckpt.history() : new LossHistory(termNames);
        if (!history.termNames().equals(termNames)) {
            if (!history.entries().isEmpty()) {
                throw new CryoEtException("The checkpoint in " + Checkpoint.dir(modelDir) + " records the loss terms "
                        + history.termNames() + ", but " + method.title() + " reports " + termNames);
            }
            history = new LossHistory(termNames);
        }
        double elapsedBefore = history.last() != null ? history.last().seconds() : 0;
        double smoothed = history.last() != null ? history.last().smoothed() : Double.NaN;
        long t0 = System.nanoTime();
        long iteration = start;
        boolean completed = false;
        double lastLoss = history.last() != null ? history.last().loss() : Double.NaN;
        // the report first: its files are written before other listeners hear of a checkpoint
        List<TrainingListener> all = new ArrayList<>();
        all.add(new TrainingReport());
        all.addAll(listeners);

        try (model) {
            Network net = model.network();
            NDManager mgr = model.manager();
            boolean half = config.mixedPrecision() && device.isGpu();
            net.setHalfPrecision(half);
            if (half) log.accept("mixed precision: float16 network passes, loss scale " + LOSS_SCALE);
            net.setRequiresGradient(true);
            if (!method.usesLossFunction() && !LossFunctions.DEFAULT.equals(info.loss())) {
                throw new CryoEtException(method.title() + " trains with a loss of its own; the loss function "
                        + info.loss() + " applies to methods built from one (" + String.join(", ",
                        TrainingMethods.namesUsingLossFunctions()) + ")");
            }
            PreparedMethod prepared = method.prepare(new TrainingSetup(info.method(),
                    LossFunctions.byName(info.loss()), pairs, crop, config.batch(), seed, mgr, config.iterations()));
            if (ckpt != null && ckpt.methodState() != null) prepared.restore(ckpt.methodState());
            // the method may ask for larger crops than the network's (it cuts the network crop itself)
            int sampleCrop = method.sampleCrop(info.method(), crop);
            if (sampleCrop != crop) {
                for (TrainingPair p : pairs) {
                    VolumeSource v = p.even();
                    if (v.nx() < sampleCrop || v.ny() < sampleCrop || v.nz() < sampleCrop) {
                        throw new CryoEtException(method.title() + " draws crops of " + sampleCrop + "^3 for the crop "
                                + crop + ", but the tomogram " + v.name() + " is " + v.nx() + "x" + v.ny() + "x"
                                + v.nz() + "; use a smaller crop");
                    }
                }
            }
            LowMemoryWatch memoryWatch = new LowMemoryWatch();
            float[] progressInput = config.progressEvery() > 0 ? progressInput(data, crop) : null;
            TileFunction progressPrediction = null;
            TrainingStart begin = new TrainingStart(modelDir, method.title(), terms, start, config.iterations(),
                    history.copy(), progressInput, crop);
            for (TrainingListener l : all) l.started(begin);

            try (AdamOptimizer adam = new AdamOptimizer(net.parameters(), config.learningRate(), config.beta1(),
                    config.beta2(), config.epsilon(), mgr)) {
                if (ckpt != null) adam.restore(ckpt.adamState(), ckpt.adamStep());
                int n3 = sampleCrop * sampleCrop * sampleCrop;
                float[] a = new float[config.batch() * n3];
                float[] b = new float[config.batch() * n3];
                Shape shape = new Shape(config.batch(), 1, sampleCrop, sampleCrop, sampleCrop);
                double secPerIt = Double.NaN;
                long lastSaved = -1;
                long lastSaveNanos = System.nanoTime();
                long minutesNanos = (long) (config.checkpointMinutes() * 60e9);
                while (iteration < config.iterations()) {
                    if (stopRequested(progress, all)) break;
                    long it = iteration + 1;
                    long ti = System.nanoTime();
                    int pair = pairAt(seed, it, pairs.size());
                    int[][] positions = data.sampleWithPositions(pair, config.batch(), sampleCrop, a, b);
                    long tSample = System.nanoTime();
                    float loss;
                    Map<String, Double> termValues;
                    try (NDManager scope = mgr.newSubManager()) {
                        NDArray y1 = HostArrays.create(scope, a, shape);
                        NDArray y2 = HostArrays.create(scope, b, shape);
                        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                            LossTerms t = prepared.loss(net, new TrainingBatch(it, pair, y1, y2, positions));
                            gc.backward(half ? t.total().mul(HostArrays.scalar(scope, LOSS_SCALE)) : t.total());
                            loss = t.total().getFloat();
                            termValues = t.values();
                        }
                    }
                    if (!Float.isFinite(loss)) {
                        throw new CryoEtException("Training diverged at iteration " + it + " (loss " + loss
                                + "); try a lower learning rate");
                    }
                    long tLoss = System.nanoTime();
                    adam.step(net.parameters(), half ? LOSS_SCALE : 1f);
                    prepared.afterStep(it, net);
                    if (PROFILE) {
                        log.accept(String.format(Locale.ROOT, "profile it %d: sample %.3f loss %.3f adam %.3f s",
                                it, (tSample - ti) / 1e9, (tLoss - tSample) / 1e9, (System.nanoTime() - tLoss) / 1e9));
                    }
                    iteration = it;
                    lastLoss = loss;
                    double dt = (System.nanoTime() - ti) / 1e9;
                    secPerIt = Double.isNaN(secPerIt) ? dt : 0.9 * secPerIt + 0.1 * dt;
                    smoothed = Double.isNaN(smoothed) ? loss : 0.9 * smoothed + 0.1 * loss;
                    double seconds = elapsedBefore + (System.nanoTime() - t0) / 1e9;
                    EngineMemory.Sample memory = EngineMemory.sample(device.device());
                    TrainingStatus st = new TrainingStatus(it, config.iterations(), loss, termValues, smoothed, seconds,
                            1 / secPerIt, (config.iterations() - it) * secPerIt, memory.residentMib(),
                            memory.deviceUsedMib());
                    history.add(st.entry());
                    if (ledgerProbe != null) ledgerProbe.accept(EngineMemory.ledger(mgr), it);
                    for (TrainingListener l : all) l.iteration(st);
                    progress.update("Training", it, config.iterations());
                    if (progressInput != null && it % config.progressEvery() == 0) {
                        if (progressPrediction == null) progressPrediction = method.tileFunction(net, info, mgr);
                        float[] out = progressPrediction.apply(progressInput, 1, crop);
                        for (TrainingListener l : all) l.progressCrop(out, crop, it);
                    }
                    String lowMemory = memoryWatch.check(memory);
                    if (lowMemory != null) log.accept(lowMemory);
                    boolean due = config.checkpointEvery() > 0 && it % config.checkpointEvery() == 0;
                    boolean late = minutesNanos > 0 && System.nanoTime() - lastSaveNanos >= minutesNanos;
                    if ((due || late || lowMemory != null) && it < config.iterations()) {
                        save(model, info, adam, data, prepared, seed, it, history, all);
                        lastSaved = it;
                        lastSaveNanos = System.nanoTime();
                    }
                }
                completed = iteration >= config.iterations();
                if (lastSaved != iteration) save(model, info, adam, data, prepared, seed, iteration, history, all);
            } finally {
                if (progressPrediction != null) progressPrediction.close();
            }
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        log.accept(String.format(Locale.ROOT, "%s at iteration %d (%.1f s this session); model saved in %s",
                completed ? "finished" : "stopped", iteration, seconds, modelDir));
        for (TrainingListener l : all) l.finished(iteration, completed);
        return new Result(iteration, completed, lastLoss, seconds, device);
    }

    /** The fixed progress crop: the centre of pair 0, half A. */
    private static float[] progressInput(CropSampler data, int crop) {
        int[] d = data.size(0);
        float[] input = new float[crop * crop * crop];
        data.crop(0, (d[0] - crop) / 2, (d[1] - crop) / 2, (d[2] - crop) / 2, crop, input, false);
        return input;
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

    private static boolean stopRequested(Progress progress, List<TrainingListener> listeners) {
        if (progress.isCancelled()) return true;
        for (TrainingListener l : listeners) if (l.stopRequested()) return true;
        return false;
    }

    private void save(IcecreamModel model, ModelInfo info, AdamOptimizer adam, CropSampler data,
                      PreparedMethod prepared, long seed,
                      long iteration, LossHistory history, List<TrainingListener> listeners) {
        // the model first: whenever a checkpoint exists, model.json (needed to resume) exists too
        model.setInfo(info.withIterations(iteration));
        model.save(modelDir);
        new Checkpoint(iteration, adam.stepCount(), data.state(), seed, model.network().weightsToHost(),
                adam.state(), history, prepared.state()).write(modelDir);
        for (TrainingListener l : listeners) l.checkpoint(Checkpoint.dir(modelDir), iteration);
    }

    private ModelInfo describe(NetworkSpec net, String init, long seed, String normalization) {
        List<String> names = new ArrayList<>();
        for (TrainingPair p : pairs) {
            names.add(String.format(Locale.ROOT, "%s [%.2f, %.2f]", p.name(), p.tiltMin(), p.tiltMax()));
        }
        TrainingPair first = pairs.get(0);
        return new ModelInfo(ModelInfo.FORMAT, config.method(), config.loss(), net, normalization, first.tiltMin(), first.tiltMax(),
                config.crop(), config.batch(), 0, config.learningRate(), seed, init, names, 0, ModelInfo.SOFTWARE, "");
    }
}
