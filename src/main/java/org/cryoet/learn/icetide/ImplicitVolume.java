package org.cryoet.learn.icetide;

import org.cryoet.learn.HostArrays;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * The volume as an implicit neural representation: grid encoding of the position followed by a
 * ReLU MLP with a linear output (no output activation, as ICE-TIDE). The domain is a box of
 * half-extents {@code half} (voxels) around the volume centre; it may be wider than the output
 * volume so that oblique rays stay inside it. Outside the box the density is zero.
 */
public final class ImplicitVolume implements DensityField {
    private final HashGridEncoding encoding;
    private final NDArray[] weights, biases;
    private final double[] half;
    private final NDArray offset, invScale, lowerBound, upperBound;

    /**
     * @param half half-extent of the domain along x, y, z in voxels
     */
    public ImplicitVolume(HashGridSpec spec, double[] half, long seed, NDManager manager) {
        this.half = half.clone();
        double longest = 2 * Math.max(half[0], Math.max(half[1], half[2]));
        double[] extent = {2 * half[0] / longest, 2 * half[1] / longest, 2 * half[2] / longest};
        this.encoding = new HashGridEncoding(spec, extent, seed, manager);
        int layers = spec.hiddenLayers() + 1;
        weights = new NDArray[layers];
        biases = new NDArray[layers];
        SplittableRandom rng = new SplittableRandom(seed ^ 0x5DEECE66DL);
        int in = spec.encodedWidth();
        for (int k = 0; k < layers; k++) {
            int out = k == layers - 1 ? 1 : spec.hiddenWidth();
            // PyTorch's nn.Linear initialisation: uniform in +-1/sqrt(fan_in)
            double bound = 1 / Math.sqrt(in);
            weights[k] = HostArrays.create(manager, uniform(rng, in * out, bound), new Shape(in, out));
            biases[k] = HostArrays.create(manager, uniform(rng, out, bound), new Shape(out));
            weights[k].setRequiresGradient(true);
            biases[k].setRequiresGradient(true);
            in = out;
        }
        offset = HostArrays.create(manager, new float[] {(float) half[0], (float) half[1], (float) half[2]},
                new Shape(1, 3));
        invScale = HostArrays.scalar(manager, (float) (1 / longest));
        lowerBound = HostArrays.create(manager, new float[] {(float) -half[0], (float) -half[1], (float) -half[2]},
                new Shape(1, 3));
        upperBound = HostArrays.create(manager, new float[] {(float) half[0], (float) half[1], (float) half[2]},
                new Shape(1, 3));
    }

    private static float[] uniform(SplittableRandom rng, int n, double bound) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = (float) ((rng.nextDouble() * 2 - 1) * bound);
        return a;
    }

    public HashGridEncoding encoding() {
        return encoding;
    }

    public double[] half() {
        return half.clone();
    }

    /** All learnable arrays: the feature tables, then weight and bias of each layer. */
    public List<NDArray> parameters() {
        List<NDArray> p = new ArrayList<>(List.of(encoding.tables()));
        for (int k = 0; k < weights.length; k++) {
            p.add(weights[k]);
            p.add(biases[k]);
        }
        return p;
    }

    /** The feature tables only (tests check that gradients reach them). */
    public NDArray[] tables() {
        return encoding.tables();
    }

    @Override
    public NDArray density(NDArray points, NDManager scope) {
        NDArray inside = points.gte(lowerBound).logicalAnd(points.lte(upperBound)).toType(
                ai.djl.ndarray.types.DataType.FLOAT32, false).prod(new int[] {1});
        NDArray domain = points.add(offset).mul(invScale);
        NDArray h = encoding.encode(domain, scope);
        for (int k = 0; k < weights.length; k++) {
            h = h.matMul(weights[k]).add(biases[k]);
            if (k < weights.length - 1) h = ai.djl.nn.Activation.relu(h);
        }
        return h.reshape(-1).mul(inside);
    }
}
