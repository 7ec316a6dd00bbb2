package org.cryoet.learn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;

import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The ICECREAM training loss (reference section 9), on batches (B, 1, c, c, c) of paired crops
 * y1, y2 from the two independent halves:
 *
 * <pre>
 *   e1 = f(y1), e2 = f(y2)
 *   L_n2n  = mse(Omega P_M(e1 - y2)) + mse(Omega P_M(e2 - y1))             cross-half Noise2Noise
 *   r_i    = g(e_i)   (one cube symmetry g per sample)
 *   t_i    = S(r_i)   (isotropic ball low-pass)
 *   z_i    = f(Re P_M(r_i))                                                 second network pass
 *   L_equi = mse(Omega P_gM(t2 - z1)) + mse(Omega P_gM(t1 - z2))           note the cross pairing
 *   L      = L_n2n + lambda L_equi
 * </pre>
 *
 * P_M is the missing-wedge operator of the tomogram, P_gM the wedge rotated by the sample's g,
 * Omega keeps the central box [c/4, c - c/4)^3. Since all operators are linear, each term is one
 * masked difference. {@code mse(d)} divides the squared norm by 2 B c^3: the reference averages
 * over real and imaginary parts of the complex masked result, whose imaginary part is zero up to
 * rounding, so this factor 1/2 reproduces its loss values. Nothing is detached: gradients flow
 * through the targets t_i and through both network passes, as in the reference.
 */
public final class IcecreamLoss {

    /** The loss and its two parts (scalars on the device). {@code equi} is before lambda. */
    public record Terms(NDArray total, NDArray n2n, NDArray equi) {
    }

    private IcecreamLoss() {
    }

    /**
     * Computes both terms.
     *
     * @param f         the network (shared weights for all four passes)
     * @param y1        crops from half A, (B, 1, c, c, c)
     * @param y2        the same positions in half B
     * @param pm        real part of the missing-wedge operator P_M (acts on a whole batch)
     * @param rotations per sample b: x -&gt; g_b(x) on a single sample (1, 1, c, c, c)
     * @param rotatedPm real part of P_{g_b M} applied to each sample b of a batch
     * @param lowPass   S, the isotropic ball low-pass (acts on a whole batch)
     * @param lambda    weight of the equivariance term (reference: 2)
     */
    public static Terms compute(UnaryOperator<NDArray> f, NDArray y1, NDArray y2, UnaryOperator<NDArray> pm,
                                List<UnaryOperator<NDArray>> rotations, UnaryOperator<NDArray> rotatedPm,
                                UnaryOperator<NDArray> lowPass, double lambda) {
        return compute(f, y1, y2, pm, rotations, rotatedPm, lowPass, lambda, null);
    }

    /**
     * Both terms with another distance than the reference's squared norm: each masked difference
     * {@code mse(Omega P(a - b))} becomes {@code loss(Omega P a, Omega P b)}, averaged over the two
     * cross pairings (a = network output of one half, b = its target from the other). With a null
     * loss or {@code l2} this is exactly the reference computation above.
     *
     * @param loss the distance, or null for the reference's
     */
    public static Terms compute(UnaryOperator<NDArray> f, NDArray y1, NDArray y2, UnaryOperator<NDArray> pm,
                                List<UnaryOperator<NDArray>> rotations, UnaryOperator<NDArray> rotatedPm,
                                UnaryOperator<NDArray> lowPass, double lambda, LossFunction loss) {
        if (loss != null && !MeanSquaredLoss.NAME.equals(loss.name())) {
            return withLoss(f, y1, y2, pm, rotations, rotatedPm, lowPass, lambda, loss);
        }
        long batch = y1.getShape().get(0);
        if (rotations.size() != batch) {
            throw new IllegalArgumentException("need one rotation per sample");
        }
        int c = (int) y1.getShape().get(2);
        // Constants enter the graph as owned tensors, not as Numbers (see HostArrays.scalar).
        NDArray invNorm = HostArrays.scalar(y1.getManager(), (float) (1.0 / (2.0 * batch * c * c * c)));
        NDArray lambdaTensor = HostArrays.scalar(y1.getManager(), (float) lambda);

        NDArray e1 = f.apply(y1);
        NDArray e2 = f.apply(y2);
        NDArray n2n = box(pm.apply(e1.sub(y2))).square().sum()
                .add(box(pm.apply(e2.sub(y1))).square().sum()).mul(invNorm);

        NDArray r1 = perSample(e1, rotations);
        NDArray r2 = perSample(e2, rotations);
        NDArray t1 = lowPass.apply(r1);
        NDArray t2 = lowPass.apply(r2);
        NDArray z1 = f.apply(pm.apply(r1));
        NDArray z2 = f.apply(pm.apply(r2));
        NDArray equi = box(rotatedPm.apply(t2.sub(z1))).square().sum()
                .add(box(rotatedPm.apply(t1.sub(z2))).square().sum()).mul(invNorm);

        NDArray total = n2n.add(equi.mul(lambdaTensor));
        return new Terms(total, n2n, equi);
    }

    private static Terms withLoss(UnaryOperator<NDArray> f, NDArray y1, NDArray y2, UnaryOperator<NDArray> pm,
                                  List<UnaryOperator<NDArray>> rotations, UnaryOperator<NDArray> rotatedPm,
                                  UnaryOperator<NDArray> lowPass, double lambda, LossFunction loss) {
        if (rotations.size() != y1.getShape().get(0)) {
            throw new IllegalArgumentException("need one rotation per sample");
        }
        NDArray half = HostArrays.scalar(y1.getManager(), 0.5f);
        NDArray lambdaTensor = HostArrays.scalar(y1.getManager(), (float) lambda);
        NDArray e1 = f.apply(y1);
        NDArray e2 = f.apply(y2);
        NDArray n2n = loss.between(box(pm.apply(e1)), box(pm.apply(y2)))
                .add(loss.between(box(pm.apply(e2)), box(pm.apply(y1)))).mul(half);
        NDArray r1 = perSample(e1, rotations);
        NDArray r2 = perSample(e2, rotations);
        NDArray t1 = lowPass.apply(r1);
        NDArray t2 = lowPass.apply(r2);
        NDArray z1 = f.apply(pm.apply(r1));
        NDArray z2 = f.apply(pm.apply(r2));
        NDArray equi = loss.between(box(rotatedPm.apply(z1)), box(rotatedPm.apply(t2)))
                .add(loss.between(box(rotatedPm.apply(z2)), box(rotatedPm.apply(t1)))).mul(half);
        return new Terms(n2n.add(equi.mul(lambdaTensor)), n2n, equi);
    }

    /** Central box Omega = [c/4, c - c/4) on each spatial axis (c/4 rounded down). */
    static NDArray box(NDArray x) {
        long c = x.getShape().get(2);
        long a = c / 4;
        long b = c - c / 4;
        return x.get(new NDIndex(":, :, {}:{}, {}:{}, {}:{}", a, b, a, b, a, b));
    }

    /** Applies op_b to sample b and re-stacks the batch. */
    public static NDArray perSample(NDArray x, List<UnaryOperator<NDArray>> ops) {
        int batch = (int) x.getShape().get(0);
        NDList parts = new NDList(batch);
        for (int b = 0; b < batch; b++) {
            parts.add(ops.get(b).apply(x.get(new NDIndex("{}:{}", b, b + 1))));
        }
        return batch == 1 ? parts.get(0) : NDArrays.concat(parts, 0);
    }
}
