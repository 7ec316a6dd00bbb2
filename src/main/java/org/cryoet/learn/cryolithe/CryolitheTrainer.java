package org.cryoet.learn.cryolithe;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import org.cryoet.learn.AdamOptimizer;
import org.cryoet.learn.HostArrays;
import org.cryoet.learn.WeightsFile;
import org.cryoet.util.AtomicOutput;
import org.cryoet.util.CryoEtException;
import org.cryoet.util.Progress;

/**
 * Supervised CryoLithe training on simulated pairs ({@link CryolitheTrainingData}).
 *
 * <p>Each iteration takes one example of a rotating pool (a slot is replaced by a freshly simulated
 * example every {@link Options#refresh} iterations, so the data keep changing while simulation
 * stays a small share of the time), optionally drops tilts (with probability 1/2 up to
 * min(10, T - 8), as the paper's augmentation), filters the images with the learned filter
 * (differentiably), gathers the patches of {@link Options#points} random query points and takes one
 * Adam step on the mean squared error. Learning rate: linear warm-up over 200 iterations, then a
 * cosine decay to 5 % over the planned iterations (constant when only a time budget is given).
 *
 * <p>Everything random derives from (seed, iteration) or (seed, example number), so a resumed run
 * continues exactly as an uninterrupted one would. The output folder is a loadable model at every
 * checkpoint ({@code weights.bin} + {@code model.json}); {@code checkpoint.bin} adds the optimiser
 * state, and {@code loss.tsv} the loss history.
 */
public final class CryolitheTrainer {
    public static final String CHECKPOINT = "checkpoint.bin";
    public static final String LOSS = "loss.tsv";

    /** Training options; {@code iterations} 0 = until {@code hours}. */
    public record Options(Path out, CryolitheConfig config, long iterations, double hours, long seed, int points,
                          double learningRate, int pool, int refresh, int checkpointEvery, Device device,
                          boolean resume, String command) {
        public Options {
            if (iterations <= 0 && !(hours > 0)) throw new CryoEtException("Give --iterations or --hours");
            if (points < 1 || pool < 1 || refresh < 1 || checkpointEvery < 1) {
                throw new CryoEtException("Training batch, pool, refresh and checkpoint interval must be positive");
            }
        }
    }

    /** Outcome: iterations done, mean loss over the first and last 10 % of this run's iterations. */
    public record Result(long iterations, double seconds, double firstLoss, double lastLoss) {
    }

    private CryolitheTrainer() {
    }

    public static Result train(Options o, Progress progress) {
        org.cryoet.learn.GradMode.offOnThisThread();
        CryolitheConfig cfg = o.config();
        long start = 0;
        double elapsedBefore = 0;
        float[][] weights = null;
        float[][] adamState = null;
        long adamSteps = 0;
        if (o.resume()) {
            if (!Files.isRegularFile(o.out().resolve(CHECKPOINT))) {
                throw new CryoEtException("Nothing to resume in " + o.out() + " (no " + CHECKPOINT + ")");
            }
            CryolitheModel m = CryolitheModel.load(o.out());
            Checkpoint c = Checkpoint.read(o.out().resolve(CHECKPOINT));
            if (c.iteration() != m.info().iterations()) {
                throw new CryoEtException(o.out() + ": " + CHECKPOINT + " (iteration " + c.iteration()
                        + ") does not belong to the saved model (iteration " + m.info().iterations() + ")");
            }
            if (!m.config().equals(cfg)) cfg = m.config();
            weights = m.weights();
            adamState = c.adam();
            adamSteps = c.iteration();
            start = c.iteration();
            elapsedBefore = c.seconds();
        } else if (Files.exists(o.out().resolve(CryolitheModel.DESCRIPTION))) {
            throw new CryoEtException("Model folder " + o.out() + " already holds a model; use --resume or another --out");
        }
        long t0 = System.nanoTime();
        double budget = o.hours() > 0 ? o.hours() * 3600 : Double.POSITIVE_INFINITY;
        Map<Integer, NDArray> bases = new HashMap<>();
        CryolitheTrainingData.Example[] pool = new CryolitheTrainingData.Example[o.pool()];
        long nextExample = 0;
        double firstSum = 0, lastSum = 0;
        int firstCount = 0, lastCount = 0;
        double ema = Double.NaN;
        long it = start;
        StringBuilder lossLog = new StringBuilder();
        try (NDManager root = NDManager.newBaseManager(o.device());
             CryolitheNetwork net = weights == null ? CryolitheNetwork.create(cfg, o.seed(), root)
                     : CryolitheNetwork.fromWeights(cfg, weights, root);
             AdamOptimizer adam = new AdamOptimizer(net.parameters(), o.learningRate(), 0.9, 0.999, 1e-8, root)) {
            if (adamState != null) {
                if (adamState.length != 2 * net.parameters().length) {
                    throw new CryoEtException(o.out().resolve(CHECKPOINT) + ": the optimiser state does not fit the network");
                }
                adam.restore(adamState, adamSteps);
            }
            net.setRequiresGradient(true);
            // Fill the pool as it stood at iteration `start`.
            long generated = o.pool() + start / o.refresh();
            for (long g = generated - o.pool(); g < generated; g++) {
                pool[(int) (g % o.pool())] = CryolitheTrainingData.generate(exampleSeed(o.seed(), g), cfg.targetScale(),
                        cfg.wavelet());
            }
            nextExample = generated;
            long end = o.iterations() > 0 ? o.iterations() : Long.MAX_VALUE;
            long runLength = o.iterations() > 0 ? o.iterations() - start : 0;
            while (it < end) {
                double elapsed = elapsedBefore + (System.nanoTime() - t0) / 1e9;
                if (elapsed >= budget || progress.isCancelled()) break;
                if (it > 0 && it % o.refresh() == 0 && it != start) {
                    pool[(int) (nextExample % o.pool())] = CryolitheTrainingData.generate(
                            exampleSeed(o.seed(), nextExample), cfg.targetScale(), cfg.wavelet());
                    nextExample++;
                }
                SplittableRandom r = new SplittableRandom(o.seed() * 0x9E3779B97F4A7C15L + it);
                CryolitheTrainingData.Example ex = pool[r.nextInt(o.pool())];
                double lr = learningRate(o, it);
                double loss = step(net, adam, ex, r, o.points(), lr, bases, root);
                if (!Double.isFinite(loss)) {
                    throw new CryoEtException("CryoLithe training diverged at iteration " + it + " (loss " + loss + ")");
                }
                ema = Double.isNaN(ema) ? loss : 0.98 * ema + 0.02 * loss;
                long done = it - start;
                if (runLength > 0) {
                    if (done < Math.max(1, runLength / 10)) {
                        firstSum += loss;
                        firstCount++;
                    }
                    if (done >= runLength - Math.max(1, runLength / 10)) {
                        lastSum += loss;
                        lastCount++;
                    }
                }
                it++;
                lossLog.append(it).append('\t').append(String.format(Locale.ROOT, "%.6g", loss)).append('\n');
                progress.update(String.format(Locale.ROOT, "CryoLithe training, loss %.4g", ema),
                        o.iterations() > 0 ? it : (long) elapsed, o.iterations() > 0 ? o.iterations() : (long) budget);
                if (it % o.checkpointEvery() == 0) {
                    save(o, cfg, net, adam, it, elapsedBefore + (System.nanoTime() - t0) / 1e9, lossLog);
                }
            }
            double seconds = elapsedBefore + (System.nanoTime() - t0) / 1e9;
            save(o, cfg, net, adam, it, seconds, lossLog);
            for (NDArray b : bases.values()) b.close();
            return new Result(it, seconds, firstCount > 0 ? firstSum / firstCount : Double.NaN,
                    lastCount > 0 ? lastSum / lastCount : Double.NaN);
        }
    }

    static long exampleSeed(long seed, long example) {
        return seed * 1_000_003L + example * 7919L + 17;
    }

    private static double learningRate(Options o, long it) {
        double lr = o.learningRate();
        if (it < 200) return lr * (it + 1) / 200.0;
        if (o.iterations() <= 0) return lr;
        double p = Math.min(1, (double) (it - 200) / Math.max(1, o.iterations() - 200));
        return lr * (0.05 + 0.95 * 0.5 * (1 + Math.cos(Math.PI * p)));
    }

    /** One optimisation step on {@code points} random points of {@code ex}; returns the loss. */
    static double step(CryolitheNetwork net, AdamOptimizer adam, CryolitheTrainingData.Example ex, SplittableRandom r,
                       int points, double lr, Map<Integer, NDArray> bases, NDManager root) {
        CryolitheConfig cfg = net.config();
        int[] tilts = dropTilts(ex.angles().length, r);
        double[] px = new double[points], py = new double[points], pz = new double[points];
        float[] target = targets(ex, cfg, r, px, py, pz);
        try (NDManager scope = root.newSubManager()) {
            NDArray loss;
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray out = forwardFromImages(net, ex, tilts, px, py, pz, bases, root, scope);
                NDArray t = HostArrays.create(scope, target, new Shape(points, cfg.outputs()));
                loss = out.sub(t).square().mean();
                gc.backward(loss);
            }
            adam.step(net.parameters(), lr);
            return loss.getFloat();
        }
    }

    /**
     * The network's outputs at the given points, computed from the unfiltered normalised images with
     * the filter and the bilinear gather inside the graph (so gradients reach the filter).
     */
    static NDArray forwardFromImages(CryolitheNetwork net, CryolitheTrainingData.Example ex, int[] tilts, double[] px,
                                     double[] py, double[] pz, Map<Integer, NDArray> bases, NDManager root,
                                     NDManager scope) {
        CryolitheConfig cfg = net.config();
        int w = ex.width(), h = ex.height();
        int nAll = ex.angles().length;
        NDArray basis = bases.computeIfAbsent(w, ww -> HostArrays.create(root,
                ProjectionFilter1d.circulantBasis(cfg.filterPoints(), ww), new Shape(cfg.filterPoints(), (long) ww * ww)));
        // The filter weights are long-lived: the reshape would join their manager, so move it into the scope.
        NDArray control = net.filterWeights().reshape(1, cfg.filterPoints());
        control.attach(scope);
        NDArray kernel = control.matMul(basis).reshape(w, w);
        NDArray images = HostArrays.create(scope, ex.images(), new Shape((long) nAll * h, w));
        NDArray flat = images.matMul(kernel).reshape(-1).concat(scope.zeros(new Shape(1)));
        TracePatches tp = new TracePatches(w, h, ex.angles(), cfg.patch(), cfg.patchScale());
        NDArray patches = cfg.patchScale() == 1.0
                ? gatherGrid(tp, flat, px, py, pz, tilts, (long) nAll * w * h, scope)
                : gatherCorners(tp, flat, px, py, pz, tilts, (long) nAll * w * h, scope);
        NDArray enc = HostArrays.create(scope, CryolitheNetwork.angleEncoding(ex.angles(), tilts, cfg.embed()),
                new Shape(tilts.length, cfg.embed()));
        return net.forward(patches, enc, px.length, tilts.length);
    }

    /** Bilinear patches as four weighted gathers (any patch spacing). */
    private static NDArray gatherCorners(TracePatches tp, NDArray flat, double[] px, double[] py, double[] pz,
                                         int[] tilts, long sentinel, NDManager scope) {
        int n = (int) tp.size(px.length, tilts.length);
        long[][] idx = new long[4][n];
        float[][] wt = new float[4][n];
        tp.corners(px, py, pz, tilts, sentinel, idx, wt);
        NDArray patches = null;
        for (int c = 0; c < 4; c++) {
            NDArray v = flat.take(HostArrays.create(scope, idx[c], new Shape(n))).mul(HostArrays.create(scope, wt[c]));
            patches = patches == null ? v : patches.add(v);
        }
        return patches;
    }

    /**
     * Bilinear patches for unit spacing: one gather of the (P+1)^2 pixel grid per point and tilt,
     * then the four shifted windows weighted by the shared fractions (a third of the gathered values
     * of {@link #gatherCorners}).
     */
    private static NDArray gatherGrid(TracePatches tp, NDArray flat, double[] px, double[] py, double[] pz,
                                      int[] tilts, long sentinel, NDManager scope) {
        int p = tp.patch();
        int g = p + 1;
        int b = px.length, t = tilts.length;
        long[] idx = new long[g * g * b * t];
        float[] fu = new float[b * t];
        float[] fv = new float[b * t];
        tp.grid(px, py, pz, tilts, sentinel, idx, fu, fv);
        NDArray grid = flat.take(HostArrays.create(scope, idx, new Shape(idx.length))).reshape(g, b, t, g);
        NDArray wu = HostArrays.create(scope, fu, new Shape(1, b, t, 1));
        NDArray wv = HostArrays.create(scope, fv, new Shape(1, b, t, 1));
        NDArray ou = wu.neg().add(1f);
        NDArray ov = wv.neg().add(1f);
        String lo = ":" + p, hi = "1:";
        NDArray top = grid.get(lo + ",:,:," + lo).mul(ou).add(grid.get(lo + ",:,:," + hi).mul(wu));
        NDArray bottom = grid.get(hi + ",:,:," + lo).mul(ou).add(grid.get(hi + ",:,:," + hi).mul(wu));
        return top.mul(ov).add(bottom.mul(wv)).reshape(-1);
    }

    /** All tilts, or with probability 1/2 a random subset missing up to min(10, T - 8) of them. */
    static int[] dropTilts(int n, SplittableRandom r) {
        int maxDrop = Math.min(10, n - 8);
        int drop = maxDrop > 0 && r.nextBoolean() ? r.nextInt(maxDrop + 1) : 0;
        boolean[] gone = new boolean[n];
        for (int k = 0; k < drop; k++) {
            int i;
            do {
                i = r.nextInt(n);
            } while (gone[i]);
            gone[i] = true;
        }
        int[] keep = new int[n - drop];
        for (int i = 0, j = 0; i < n; i++) if (!gone[i]) keep[j++] = i;
        return keep;
    }

    /** Draws query points (voxels or interior wavelet coefficients) and returns their targets. */
    static float[] targets(CryolitheTrainingData.Example ex, CryolitheConfig cfg, SplittableRandom r, double[] px,
                           double[] py, double[] pz) {
        int nx = ex.width(), ny = ex.height(), nz = ex.depth();
        int outs = cfg.outputs();
        float[] t = new float[px.length * outs];
        for (int b = 0; b < px.length; b++) {
            if (cfg.wavelet()) {
                // Interior coefficients only: the periodic transform mixes opposite faces at the border.
                int hx = nx / 2, hy = ny / 2, hz = nz / 2;
                int cx = 1 + r.nextInt(hx - 2), cy = 1 + r.nextInt(hy - 2), cz = 1 + r.nextInt(hz - 2);
                px[b] = 2 * cx + 0.5 - (nx - 1) / 2.0;
                py[b] = 2 * cy + 0.5 - (ny - 1) / 2.0;
                pz[b] = 2 * cz + 0.5 - (nz - 1) / 2.0;
                int i = (cz * hy + cy) * hx + cx;
                for (int k = 0; k < outs; k++) t[b * outs + k] = ex.bands()[k][i];
            } else {
                int x = r.nextInt(nx), y = r.nextInt(ny), z = r.nextInt(nz);
                px[b] = x - (nx - 1) / 2.0;
                py[b] = y - (ny - 1) / 2.0;
                pz[b] = z - (nz - 1) / 2.0;
                t[b] = ex.target()[(z * ny + y) * nx + x];
            }
        }
        return t;
    }

    private static void save(Options o, CryolitheConfig cfg, CryolitheNetwork net, AdamOptimizer adam, long it, double seconds,
                             StringBuilder lossLog) {
        // Figures are measured afterwards (cryolithe evaluate --record) on the fixed held-out case.
        CryolitheModel.Info info = new CryolitheModel.Info("cryolithe", cfg, o.command(), o.seed(), it, seconds,
                CryolitheTrainingData.RECIPE, CryolitheTrainingData.HELD_OUT, null, 0, null);
        CryolitheModel.save(o.out(), info, net.weightsToHost());
        new Checkpoint(it, seconds, adam.state()).write(o.out().resolve(CHECKPOINT));
        try {
            Files.writeString(o.out().resolve(LOSS), lossLog.toString(), java.nio.file.StandardOpenOption.CREATE,
                    java.nio.file.StandardOpenOption.APPEND);
            lossLog.setLength(0);
        } catch (IOException e) {
            throw new CryoEtException("Cannot write " + o.out().resolve(LOSS) + ": " + e.getMessage(), e);
        }
    }

    /** Optimiser state on disk: iteration, training seconds, Adam moments. */
    record Checkpoint(long iteration, double seconds, float[][] adam) {
        void write(Path path) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (DataOutputStream out = new DataOutputStream(bytes)) {
                out.writeLong(iteration);
                out.writeDouble(seconds);
                out.write(WeightsFile.bytes(adam));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            byte[] b = bytes.toByteArray();
            AtomicOutput.write(path, true, tmp -> Files.write(tmp, b));
        }

        static Checkpoint read(Path path) {
            try {
                byte[] b = Files.readAllBytes(path);
                java.nio.ByteBuffer buf = java.nio.ByteBuffer.wrap(b);
                long it = buf.getLong();
                double s = buf.getDouble();
                float[][] a = WeightsFile.read(java.util.Arrays.copyOfRange(b, 16, b.length), path.toString());
                return new Checkpoint(it, s, a);
            } catch (IOException | java.nio.BufferUnderflowException e) {
                throw new CryoEtException("Cannot read checkpoint " + path + ": " + e.getMessage(), e);
            }
        }
    }
}
