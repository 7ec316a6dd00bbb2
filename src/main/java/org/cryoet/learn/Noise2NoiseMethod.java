package org.cryoet.learn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * cryoCARE-style Noise2Noise ({@code n2n}) as a {@link TrainingMethod}: the network learns to
 * predict one half tomogram from the other, in both directions,
 *
 * <pre>
 *   L = 1/2 [ loss(f(R A), R B) + loss(f(R B), R A) ]
 * </pre>
 *
 * with A, B the crops of the two halves at the same positions and R a rotation by k * 90 degrees
 * about the tilt axis (Y), drawn per sample as a pure function of (seed, iteration, sample) and
 * applied identically to both halves (cryoCARE's augmentation, reference peers.md 2.2). The
 * prediction of a tile is one network pass; the tiled predictor averages the predictions of the
 * two halves, as cryoCARE does. No missing-wedge operator is involved: the method only denoises.
 *
 * <p>cryoCARE draws one direction per sample (even to odd or odd to even, p = 1/2); using both
 * directions in every step is the expectation of that choice, without its sampling noise.
 */
public final class Noise2NoiseMethod implements TrainingMethod {

    public static final String NAME = "n2n";
    /** Separates this method's random stream from others drawn from the same (seed, iteration). */
    private static final long SALT = 0x6e326e526f743930L;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Set<Restoration> restorations() {
        return EnumSet.of(Restoration.DENOISING);
    }

    @Override
    public String notBuiltFor(Restoration r) {
        return r == Restoration.MISSING_WEDGE ? "Noise2Noise between two halves that lack the same wedge gives no "
                + "target inside the wedge; what it fills there comes only from the rotations about the tilt axis, "
                + "which turn measured directions into missing ones" : "";
    }

    @Override
    public String title() {
        return "Noise2Noise (cryoCARE)";
    }

    @Override
    public List<MethodParameter> parameters() {
        return List.of();
    }

    @Override
    public List<LossTerm> lossTerms(MethodSpec spec) {
        return List.of(new LossTerm("n2n", "Noise2Noise", 1));
    }

    /** Quarter turns (0..3) about Y for sample b of a 1-based iteration. */
    static int quarterTurnsAt(long seed, long iteration, int sample) {
        long h = SplitMix.mix(SplitMix.mix((seed ^ SALT) + SplitMix.GOLDEN_GAMMA * iteration) + sample);
        return (int) Math.floorMod(h, 4L);
    }

    /**
     * Rotation by k quarter turns about the Y axis of (B, C, Z, Y, X) cubes: the voxel at centred
     * position (z, y, x) moves to (-x, y, z) per quarter turn, i.e. the (z, x) plane turns by
     * +90 degrees from Z towards X. A proper rotation (determinant +1), no mirror.
     */
    static NDArray rotateAboutY(NDArray v, int k) {
        return switch (Math.floorMod(k, 4)) {
            case 0 -> v;
            // out[z, x] = in[x, n-1-z]
            case 1 -> v.flip(4).swapAxes(2, 4);
            case 2 -> v.flip(2, 4);
            // out[z, x] = in[n-1-x, z]
            default -> v.flip(2).swapAxes(2, 4);
        };
    }

    @Override
    public PreparedMethod prepare(TrainingSetup setup) {
        LossFunction loss = setup.loss();
        return (network, batch) -> {
            List<UnaryOperator<NDArray>> turns = new ArrayList<>();
            for (int s = 0; s < setup.batch(); s++) {
                int k = quarterTurnsAt(setup.seed(), batch.iteration(), s);
                turns.add(x -> rotateAboutY(x, k));
            }
            NDArray a = IcecreamLoss.perSample(batch.halfA(), turns);
            NDArray b = IcecreamLoss.perSample(batch.halfB(), turns);
            NDArray total = loss.between(network.forward(a), b).add(loss.between(network.forward(b), a))
                    .mul(HostArrays.scalar(batch.halfA().getManager(), 0.5f));
            Map<String, NDArray> terms = new LinkedHashMap<>();
            terms.put("n2n", total);
            return new LossTerms(total, terms);
        };
    }

    @Override
    public TileFunction tileFunction(Network network, ModelInfo model, NDManager manager) {
        return TileFunction.onDevice(network, manager, (x, crop) -> network.forward(x));
    }
}
