package org.cryoet.learn;

import org.cryoet.volume.VolumeSource;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.cryoet.util.Progress;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * IsoNet-style iterative missing-wedge filling (Liu et al., IsoNet 1) as a {@link TrainingMethod}
 * (doc/methods.md, section isonet).
 *
 * <p>The data of a pair is the mean of its two z-scored halves. Per sample of a batch: a proper
 * cube rotation g (one of the 24 rotations of {@link CubeSymmetry}, exact voxel permutation) drawn
 * as a pure function of (seed, iteration, sample); target t = g v, input x = M(g v) + n with M the
 * pair's unrotated missing wedge and n noise of the current schedule level; loss = mean |f(x) - t|
 * (L1). The noise is a documented stand-in for IsoNet's back-projected noise volumes: white
 * Gaussian noise of standard deviation level x std(t), filtered with M (so it lacks the same
 * wedge as back-projected noise does). Schedule: level 0 for the first third of the iterations, then
 * noise_max x 1/4, 2/4, 3/4, 1 from 10/30, 15/30, 20/30 and 25/30 of the iterations (IsoNet's 30
 * iterations with steps at 11, 16, 21 and 26).
 *
 * <p>Every {@code refill_every} iterations the stored data v of each pair is refilled with the
 * current network, v &lt;- M v + (1 - M) f(M v) on blended tiles ({@link WedgeFilledVolumes}); later
 * crops are read from it. IsoNet refills from its original sub-tomograms after every iteration of
 * 10 epochs; here the refill works on the whole (filled) volume.
 *
 * <p>Prediction: one pass f(M x) per tile of each half, halves averaged ({@link TiledPredictor}).
 */
public final class IsonetMethod implements TrainingMethod {

    public static final String NAME = "isonet";
    static final MethodParameter REFILL_EVERY = new MethodParameter("refill_every", 1000, 0,
            "iterations between refills of the stored data's missing wedge (0 = never)");
    static final MethodParameter NOISE_MAX = new MethodParameter("noise_max", 0.2, 0,
            "final noise level of the schedule, relative to the crop's standard deviation (reference 0.2)");
    static final long ROTATION_SALT = 0x69736F6E6574L;
    static final long NOISE_SALT = 0x6E6F697365L;
    private static final List<CubeSymmetry> ROTATIONS = CubeSymmetry.all().stream().filter(CubeSymmetry::isProper)
            .toList();

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Set<Restoration> restorations() {
        return EnumSet.of(Restoration.MISSING_WEDGE);
    }

    @Override
    public String notBuiltFor(Restoration r) {
        return r == Restoration.DENOISING ? "its target is the data itself (the mean of the halves), so on measured "
                + "frequencies it learns to reproduce the noise; it denoises only through the added-noise schedule, "
                + "and IsoNet is usually run on tomograms denoised beforehand (for example with n2n)" : "";
    }

    @Override
    public String title() {
        return "IsoNet-style";
    }

    @Override
    public List<MethodParameter> parameters() {
        return List.of(REFILL_EVERY, NOISE_MAX);
    }

    @Override
    public List<LossTerm> lossTerms(MethodSpec spec) {
        return List.of(new LossTerm("l1", "mean absolute error", 1));
    }

    /** The 24 proper cube rotations. */
    static List<CubeSymmetry> rotations() {
        return ROTATIONS;
    }

    /** The cube rotation of sample b at a 1-based iteration. */
    static CubeSymmetry rotationAt(long seed, long iteration, int sample) {
        long h = SplitMix.mix(SplitMix.mix(SplitMix.mix(seed ^ ROTATION_SALT) + SplitMix.GOLDEN_GAMMA * iteration)
                + sample);
        return ROTATIONS.get((int) Math.floorMod(h, (long) ROTATIONS.size()));
    }

    /**
     * The noise level (relative to the crop's standard deviation) at a 1-based iteration of a run of
     * {@code total} iterations: 0, then noiseMax/4 steps from 10/30, 15/30, 20/30, 25/30 of the run.
     */
    static double noiseLevel(long iteration, long total, double noiseMax) {
        if (total <= 0) return 0;
        double f = (iteration - 1) / (double) total;
        int steps = 0;
        for (int k = 0; k < 4; k++) if (f >= (10 + 5 * k) / 30.0) steps = k + 1;
        return noiseMax * steps / 4.0;
    }

    /** White Gaussian noise for sample b at an iteration (before filtering), a pure function of its arguments. */
    static float[] whiteNoise(long seed, long iteration, int sample, int n, double sigma) {
        SplittableRandom r = new SplittableRandom(SplitMix.mix(SplitMix.mix(SplitMix.mix(seed ^ NOISE_SALT)
                + SplitMix.GOLDEN_GAMMA * iteration) + sample));
        float[] out = new float[n];
        for (int i = 0; i < n; i++) out[i] = (float) (sigma * r.nextGaussian());
        return out;
    }

    /** The L1 loss mean |f(input) - target|. */
    static NDArray computeLoss(Network f, NDArray input, NDArray target) {
        NDArray inv = HostArrays.scalar(input.getManager(), (float) (1.0 / input.getShape().size()));
        return f.forward(input).sub(target).abs().sum().mul(inv);
    }

    @Override
    public boolean usesLossFunction() {
        return false;
    }

    @Override
    public PreparedMethod prepare(TrainingSetup setup) {
        return new Prepared(setup);
    }

    @Override
    public TileFunction tileFunction(Network network, ModelInfo model, NDManager manager) {
        return DdwMethod.wedgeThenNetwork(network, model, manager);
    }

    /** The mean of the two z-scored halves of a pair, as a source. */
    private static VolumeSource meanOfHalves(TrainingPair p) {
        VolumeSource a = WedgeFilledVolumes.normalised(p.even(), ZScore.of(p.even(), Progress.NONE));
        VolumeSource b = WedgeFilledVolumes.normalised(p.odd(), ZScore.of(p.odd(), Progress.NONE));
        return new VolumeSource() {
            public int nx() {
                return a.nx();
            }

            public int ny() {
                return a.ny();
            }

            public int nz() {
                return a.nz();
            }

            public String name() {
                return p.name() + " (mean of halves)";
            }

            public void readBox(int x0, int y0, int z0, int sx, int sy, int sz, float[] dst) {
                int n = sx * sy * sz;
                float[] tmp = new float[n];
                a.readBox(x0, y0, z0, sx, sy, sz, dst);
                b.readBox(x0, y0, z0, sx, sy, sz, tmp);
                for (int i = 0; i < n; i++) dst[i] = 0.5f * (dst[i] + tmp[i]);
            }
        };
    }

    private static final class Prepared implements PreparedMethod {
        private final TrainingSetup setup;
        private final long refillEvery;
        private final double noiseMax;
        private final int crop;
        private final List<NDArray> wedges = new ArrayList<>();
        private final WedgeFilledVolumes filled;

        Prepared(TrainingSetup setup) {
            this.setup = setup;
            this.refillEvery = Math.round(setup.spec().parameter(REFILL_EVERY.name()));
            this.noiseMax = setup.spec().parameter(NOISE_MAX.name());
            this.crop = setup.crop();
            for (TrainingPair p : setup.pairs()) {
                wedges.add(HostArrays.create(setup.manager(), DdwMethod.wedgeMask(crop, p.tiltMin(), p.tiltMax(),
                        Rotation3d.identity()), new Shape(crop, crop, crop)));
            }
            this.filled = new WedgeFilledVolumes(setup, "IsoNet-style", p -> meanOfHalves(setup.pairs().get(p)));
        }

        @Override
        public LossTerms loss(Network network, TrainingBatch batch) {
            NDManager scope = batch.halfA().getManager();
            int b = (int) batch.halfA().getShape().get(0);
            int c = crop;
            int c3 = c * c * c;
            float[] v;
            if (filled.isFilled(batch.pair())) {
                v = filled.crops(batch, c);
            } else {
                v = batch.halfA().toFloatArray();
                float[] o = batch.halfB().toFloatArray();
                for (int i = 0; i < v.length; i++) v[i] = 0.5f * (v[i] + o[i]);
            }
            float[] target = new float[b * c3];
            float[] noise = new float[b * c3];
            double level = noiseLevel(batch.iteration(), setup.iterations(), noiseMax);
            for (int s = 0; s < b; s++) {
                rotationAt(setup.seed(), batch.iteration(), s).apply(v, s * c3, target, s * c3, c);
                if (level > 0) {
                    double sd = std(target, s * c3, c3);
                    System.arraycopy(whiteNoise(setup.seed(), batch.iteration(), s, c3, level * sd), 0, noise,
                            s * c3, c3);
                }
            }
            Shape shape = new Shape(b, 1, c, c, c);
            NDArray m = wedges.get(batch.pair());
            NDArray t = HostArrays.create(scope, target, shape);
            NDArray input = DdwMethod.maskedReal(t, m);
            if (level > 0) input = input.add(DdwMethod.maskedReal(HostArrays.create(scope, noise, shape), m));
            NDArray l1 = computeLoss(network, input, t);
            return new LossTerms(l1, Map.of("l1", l1));
        }

        private static double std(float[] a, int off, int n) {
            double s = 0;
            double ss = 0;
            for (int i = off; i < off + n; i++) {
                s += a[i];
                ss += (double) a[i] * a[i];
            }
            double mean = s / n;
            return Math.sqrt(Math.max(0, ss / n - mean * mean));
        }

        @Override
        public void afterStep(long iteration, Network network) {
            if (refillEvery > 0 && iteration % refillEvery == 0) filled.update(network, wedges);
        }

        @Override
        public float[][] state() {
            return filled.state();
        }

        @Override
        public void restore(float[][] state) {
            filled.restore(state);
        }
    }
}
