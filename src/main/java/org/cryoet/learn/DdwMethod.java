package org.cryoet.learn;

import org.cryoet.volume.VolumeSource;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import org.cryoet.util.Progress;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * DeepDeWedge (Wiedemann and Heckel) as a {@link TrainingMethod}: joint denoising and
 * missing-wedge inpainting from two half tomograms (doc/methods.md, section ddw).
 *
 * <p>Per sample of a batch: the trainer draws crops of edge E = ceil-even(sqrt(2) c)
 * ({@link #sampleCrop}) at the same position in both halves; a rotation R drawn uniformly from
 * SO(3) as a pure function of (seed, iteration, sample) turns both (trilinear interpolation about
 * the crop centre, {@link Rotation3d#resample}) and the centred c^3 cube is kept. Input
 * x = F^-1[M F(R v0)] (the unrotated wedge M imposed once more on the rotated half A), target
 * R v1. With D = R v1 - f(x) and RM the rotated wedge (the frequencies the target measured):
 *
 * <pre>
 *   measured = mean(Re F^-1[RM . M . F(D)]^2)         frequencies seen by input and target
 *   wedge    = mean(Re F^-1[RM . (1 - M) . F(D)]^2)   seen by the target, removed from the input
 *   loss     = measured + w wedge                       (w = mw_weight, reference 2)
 * </pre>
 *
 * The FFTs are circular on the c^3 grid; means run over the B c^3 voxels. Masks are binary:
 * RM(k) = M(R^T k) is evaluated from the continuous wedge, not interpolated.
 *
 * <p>Missing-wedge update: every {@code update_every} iterations the stored copy of half A of
 * each pair (normalised like the training crops) is replaced, tile by tile, by
 * M v + (1 - M) f(M v): measured frequencies stay, the wedge is filled with the current network's
 * prediction. Tiles of c^3 are blended by {@link TiledPredictor}'s window. Later input crops are
 * read from the stored copy at the trainer's crop positions. The stored copies are the method's
 * checkpoint state ({@link PreparedMethod#state()}), so a resumed run continues bit for bit.
 *
 * <p>Prediction: one pass f(M x) per tile of each half (the wedge re-imposed as in training);
 * {@link TiledPredictor} blends tiles with its window and averages the two halves.
 */
public final class DdwMethod implements TrainingMethod {

    public static final String NAME = "ddw";
    static final MethodParameter MW_WEIGHT = new MethodParameter("mw_weight", 2.0, 0,
            "weight of the missing-wedge (inpainting) loss term (reference 2)");
    static final MethodParameter UPDATE_EVERY = new MethodParameter("update_every", 1000, 0,
            "iterations between missing-wedge updates of the stored half-A data (0 = never)");
    /** Salt of the rotation stream (independent of other methods' streams for the same seed). */
    static final long ROTATION_SALT = 0x6464775F726F74L;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String title() {
        return "DeepDeWedge";
    }

    @Override
    public List<MethodParameter> parameters() {
        return List.of(MW_WEIGHT, UPDATE_EVERY);
    }

    @Override
    public List<LossTerm> lossTerms(MethodSpec spec) {
        return List.of(new LossTerm("measured", "measured frequencies", 1),
                new LossTerm("wedge", "missing wedge", spec.parameter(MW_WEIGHT.name())));
    }

    @Override
    public int sampleCrop(MethodSpec spec, int crop) {
        return enlarged(crop);
    }

    /** ceil(sqrt(2) c), rounded up to even: crops this large keep a rotated c^3 cube mostly inside. */
    static int enlarged(int crop) {
        int e = (int) Math.ceil(Math.sqrt(2) * crop - 1e-9);
        return e % 2 == 0 ? e : e + 1;
    }

    /** The rotation of sample b at a 1-based iteration. */
    static Rotation3d rotationAt(long seed, long iteration, int sample) {
        return Rotation3d.random(seed, ROTATION_SALT, iteration, sample);
    }

    /**
     * Whether the frequency (kx, kz) (any units; ky does not matter, the tilt axis is y) is measured
     * for the tilt range [tiltMin, tiltMax] in degrees: the project convention of
     * {@link WedgeOperator} (a direction with kx != 0 is measured iff atan(-kz / kx) lies in the
     * range; the kz axis only if the range reaches +-90), with the ky axis (kx = kz = 0) measured.
     */
    static boolean measured(double kx, double kz, double tiltMin, double tiltMax) {
        if (Math.abs(kx) < 1e-9 && Math.abs(kz) < 1e-9) return true;
        if (Math.abs(kx) < 1e-9) return tiltMin <= -90 || tiltMax >= 90;
        double theta = Math.toDegrees(Math.atan(-kz / kx));
        return theta >= tiltMin && theta <= tiltMax;
    }

    /**
     * The wedge mask RM(k) = M(R^T k) on the c^3 FFT grid in unshifted layout (DC at index 0,
     * index i is frequency i for i < c/2 and i - c otherwise), axes (z, y, x), x fastest, as 0/1;
     * zero on the Nyquist planes.
     */
    static float[] wedgeMask(int c, double tiltMin, double tiltMax, Rotation3d r) {
        float[] out = new float[c * c * c];
        for (int z = 0; z < c; z++) {
            int kz = z < c / 2 ? z : z - c;
            for (int y = 0; y < c; y++) {
                int ky = y < c / 2 ? y : y - c;
                int row = c * (y + c * z);
                for (int x = 0; x < c; x++) {
                    int kx = x < c / 2 ? x : x - c;
                    double[] q = r.applyTranspose(kx, ky, kz);
                    out[row + x] = measured(q[0], q[2], tiltMin, tiltMax) ? 1f : 0f;
                }
            }
        }
        // The Nyquist planes (index c/2 on any axis) count as unmeasured: there the grid's -k is k
        // itself, so a rotated mask evaluated at R^T k would disagree with the rotated data. What
        // is left is Hermitian symmetric, so Re F^-1[M F(x)] is the exact projection M x.
        int h = c / 2;
        for (int z = 0; z < c; z++)
            for (int y = 0; y < c; y++)
                for (int x = 0; x < c; x++) {
                    if (x == h || y == h || z == h) out[x + c * (y + c * z)] = 0;
                }
        return out;
    }

    /** Re F^-1[mask F(x)] on the last three axes, circular; mask broadcast to x's shape. */
    static NDArray maskedReal(NDArray x, NDArray unshiftedMask) {
        int c = (int) x.getShape().get(x.getShape().dimension() - 1);
        return WedgeOperator.apply(x, unshiftedMask, c);
    }

    /** The loss terms, all on the device (scalars); {@code f} is the network. */
    record Terms(NDArray total, NDArray measured, NDArray wedge) {
    }

    /**
     * The DDW loss of a batch.
     *
     * @param f        the network
     * @param rotatedA R v0 per sample, (B, 1, c, c, c)
     * @param rotatedB R v1 per sample (the target)
     * @param m        the unrotated wedge M, (c, c, c), unshifted
     * @param rm       the rotated wedges RM per sample, (B, 1, c, c, c), unshifted
     * @param weight   w
     */
    static Terms computeLoss(Network f, NDArray rotatedA, NDArray rotatedB, NDArray m, NDArray rm, double weight) {
        NDManager s = rotatedA.getManager();
        long n = rotatedA.getShape().size();
        NDArray input = maskedReal(rotatedA, m);
        NDArray d = rotatedB.sub(f.forward(input));
        NDArray inv = HostArrays.scalar(s, (float) (1.0 / n));
        NDArray both = rm.mul(m);
        NDArray wedgeOnly = rm.sub(both);
        NDArray measured = maskedReal(d, both).square().sum().mul(inv);
        NDArray wedge = maskedReal(d, wedgeOnly).square().sum().mul(inv);
        NDArray total = measured.add(wedge.mul(HostArrays.scalar(s, (float) weight)));
        return new Terms(total, measured, wedge);
    }

    /** The missing-wedge update of tiles x: M x + (1 - M) f(M x). */
    static NDArray fill(Network f, NDArray x, NDArray m) {
        NDArray mx = maskedReal(x, m);
        NDArray y = f.forward(mx);
        return mx.add(y).sub(maskedReal(y, m));
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
        return wedgeThenNetwork(network, model, manager);
    }

    /** The tile function f(M x): the model's wedge imposed on the tile, then one network pass. */
    static TileFunction wedgeThenNetwork(Network network, ModelInfo model, NDManager manager) {
        Map<Integer, NDArray> masks = new ConcurrentHashMap<>();
        return TileFunction.onDevice(network, manager, (x, crop) -> network.forward(maskedReal(x,
                masks.computeIfAbsent(crop, c -> HostArrays.create(manager,
                        wedgeMask(c, model.tiltMin(), model.tiltMax(), Rotation3d.identity()), new Shape(c, c, c))))));
    }

    private static final class Prepared implements PreparedMethod {
        private final TrainingSetup setup;
        private final double weight;
        private final long updateEvery;
        private final int crop;
        private final int sample;
        /** Unrotated wedge per pair, (c, c, c) on the run's manager. */
        private final List<NDArray> wedges = new ArrayList<>();
        /** Half A of each pair (normalised) with its wedge filled by the latest update. */
        private final WedgeFilledVolumes filled;

        Prepared(TrainingSetup setup) {
            this.setup = setup;
            this.weight = setup.spec().parameter(MW_WEIGHT.name());
            this.updateEvery = Math.round(setup.spec().parameter(UPDATE_EVERY.name()));
            this.crop = setup.crop();
            this.sample = enlarged(crop);
            for (TrainingPair p : setup.pairs()) {
                wedges.add(HostArrays.create(setup.manager(), wedgeMask(crop, p.tiltMin(), p.tiltMax(),
                        Rotation3d.identity()), new Shape(crop, crop, crop)));
            }
            // the trainer's crops of half A are z-scored with the statistics of the whole half
            this.filled = new WedgeFilledVolumes(setup, "DeepDeWedge", p -> {
                VolumeSource a = setup.pairs().get(p).even();
                return WedgeFilledVolumes.normalised(a, ZScore.of(a, Progress.NONE));
            });
        }

        @Override
        public LossTerms loss(Network network, TrainingBatch batch) {
            NDManager scope = batch.halfA().getManager();
            int b = (int) batch.halfA().getShape().get(0);
            int e = (int) batch.halfA().getShape().get(2);
            if (e != sample) throw new IllegalStateException("expected crops of " + sample + ", got " + e);
            int e3 = e * e * e;
            int c3 = crop * crop * crop;
            float[] srcA = filled.isFilled(batch.pair()) ? filled.crops(batch, e) : batch.halfA().toFloatArray();
            float[] srcB = batch.halfB().toFloatArray();
            float[] ra = new float[b * c3];
            float[] rb = new float[b * c3];
            float[] rm = new float[b * c3];
            TrainingPair pair = setup.pairs().get(batch.pair());
            for (int s = 0; s < b; s++) {
                Rotation3d r = rotationAt(setup.seed(), batch.iteration(), s);
                r.resample(srcA, s * e3, e, ra, s * c3, crop);
                r.resample(srcB, s * e3, e, rb, s * c3, crop);
                System.arraycopy(wedgeMask(crop, pair.tiltMin(), pair.tiltMax(), r), 0, rm, s * c3, c3);
            }
            Shape shape = new Shape(b, 1, crop, crop, crop);
            Terms t = computeLoss(network, HostArrays.create(scope, ra, shape), HostArrays.create(scope, rb, shape),
                    wedges.get(batch.pair()), HostArrays.create(scope, rm, shape), weight);
            Map<String, NDArray> terms = new LinkedHashMap<>();
            terms.put("measured", t.measured());
            terms.put("wedge", t.wedge());
            return new LossTerms(t.total(), terms);
        }

        @Override
        public void afterStep(long iteration, Network network) {
            if (updateEvery > 0 && iteration % updateEvery == 0) filled.update(network, wedges);
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
