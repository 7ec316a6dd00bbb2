package org.cryoet.learn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

import org.cryoet.util.CryoEtException;

/**
 * ICECREAM (Noise2Noise across halves + equivariance to wedge-moving cube symmetries) as a
 * {@link TrainingMethod}: the loss of {@link IcecreamLoss} with one missing-wedge operator per
 * pair, one cube symmetry per sample drawn as a pure function of (seed, iteration, sample), and
 * the two-pass prediction F(x) = f(Re P_M f(x)) with the recorded tilt range.
 *
 * <p>Tensors kept for the whole run (on the run's manager): one wedge operator per pair, the ball
 * low-pass, and the rotated wedge masks, built on first use, at most one per (pair, symmetry).
 */
public final class IcecreamMethod implements TrainingMethod {

    public static final String NAME = "icecream";
    static final MethodParameter LAMBDA = new MethodParameter("lambda", 2.0, 0,
            "weight of the equivariance loss (reference 2)");

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String title() {
        return "ICECREAM";
    }

    @Override
    public List<MethodParameter> parameters() {
        return List.of(LAMBDA);
    }

    @Override
    public List<LossTerm> lossTerms(MethodSpec spec) {
        return List.of(new LossTerm("n2n", "Noise2Noise", 1),
                new LossTerm("equi", "equivariance", spec.parameter(LAMBDA.name())));
    }

    /** Index into {@link CubeSymmetry#wedgeMoving()} for sample b of a 1-based iteration. */
    static int symmetryAt(long seed, long iteration, int sample) {
        long h = SplitMix.mix(SplitMix.mix(seed + SplitMix.GOLDEN_GAMMA * iteration) + sample);
        return (int) Math.floorMod(h, (long) CubeSymmetry.wedgeMoving().size());
    }

    /**
     * The ICECREAM inference map F(x) = f(Re P_M(f(x))) on a batch (B, 1, c, c, c): the network,
     * the missing-wedge operator of the tomogram, the network again (reference section 12).
     */
    static NDArray twoPass(Network f, WedgeOperator pm, NDArray x) {
        return f.forward(pm.apply(f.forward(x)));
    }

    @Override
    public PreparedMethod prepare(TrainingSetup setup) {
        if (setup.crop() % 2 != 0) {
            // a U-Net's crops are even anyway; an MS-D net takes any size, but the wedge masks do not
            throw new CryoEtException("Crop size " + setup.crop() + " must be even for ICECREAM (its Fourier masks)");
        }
        NDManager manager = setup.manager();
        List<WedgeOperator> wedges = new ArrayList<>();
        for (TrainingPair p : setup.pairs()) {
            wedges.add(WedgeOperator.missingWedge(setup.crop(), p.tiltMin(), p.tiltMax()).prepare(manager));
        }
        WedgeOperator ball = WedgeOperator.ballLowPass(setup.crop()).prepare(manager);
        return new Prepared(setup, wedges, ball, manager.newSubManager());
    }

    @Override
    public TileFunction tileFunction(Network network, ModelInfo model, NDManager manager) {
        Map<Integer, WedgeOperator> wedges = new ConcurrentHashMap<>();
        return TileFunction.onDevice(network, manager, (x, crop) -> twoPass(network, wedges.computeIfAbsent(crop,
                c -> WedgeOperator.missingWedge(c, model.tiltMin(), model.tiltMax()).prepare(manager)), x));
    }

    private static final class Prepared implements PreparedMethod {
        private final TrainingSetup setup;
        private final double lambda;
        private final List<WedgeOperator> wedges;
        private final WedgeOperator ball;
        /** Rotated wedge masks on the device by pair * 64 + symmetry index. */
        private final Map<Long, NDArray> rotatedMasks = new HashMap<>();
        private final NDManager maskCache;

        Prepared(TrainingSetup setup, List<WedgeOperator> wedges, WedgeOperator ball, NDManager maskCache) {
            this.setup = setup;
            this.lambda = setup.spec().parameter(LAMBDA.name());
            this.wedges = wedges;
            this.ball = ball;
            this.maskCache = maskCache;
        }

        @Override
        public LossTerms loss(Network network, TrainingBatch batch) {
            int crop = setup.crop();
            WedgeOperator pm = wedges.get(batch.pair());
            List<UnaryOperator<NDArray>> rotations = new ArrayList<>();
            NDList masks = new NDList();
            for (int s = 0; s < setup.batch(); s++) {
                int gi = symmetryAt(setup.seed(), batch.iteration(), s);
                CubeSymmetry g = CubeSymmetry.wedgeMoving().get(gi);
                rotations.add(g::apply);
                masks.add(rotatedMasks.computeIfAbsent(batch.pair() * 64L + gi, k -> pm.rotated(g).maskArray(maskCache)));
            }
            // stack's result joins the cached masks' manager: move it into the batch's scope
            NDArray stacked = NDArrays.stack(masks, 0);
            stacked.attach(batch.halfA().getManager());
            NDArray perSampleMasks = stacked.expandDims(1);
            IcecreamLoss.Terms t = IcecreamLoss.compute(network::forward, batch.halfA(), batch.halfB(), pm::apply,
                    rotations, x -> WedgeOperator.apply(x, perSampleMasks, crop), ball::apply, lambda, setup.loss());
            Map<String, NDArray> terms = new LinkedHashMap<>();
            terms.put("n2n", t.n2n());
            terms.put("equi", t.equi());
            return new LossTerms(t.total(), terms);
        }
    }
}
