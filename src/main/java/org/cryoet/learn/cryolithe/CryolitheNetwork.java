package org.cryoet.learn.cryolithe;

import java.util.SplittableRandom;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import org.cryoet.learn.HostArrays;
import org.cryoet.learn.WeightArrays;

/**
 * The CryoLithe slice-set network (Kishore et al. 2025), bias-free throughout.
 *
 * <p>Input: for B query points and T tilts, P x P filtered-projection patches around each point's
 * trace, split along the tilt axis into P slices of P samples. Per slice s (own weights for every s):
 * <ol>
 *   <li>embedding e = x W_s (P -> E) per tilt, multiplied element-wise by a sinusoidal encoding of
 *       the tilt angle (so the same sample means different things at different tilts);</li>
 *   <li>set-MLP shared over tilts, with a skip: h = e + relu(e A_s) B_s (E -> H -> E);</li>
 *   <li>mean over tilts (permutation invariant, any T), then relu(h C_s) D_s (E -> H -> F);</li>
 * </ol>
 * the P x F features are concatenated and a combining MLP (width W, depth D, skips from the second
 * layer on) gives 1 voxel value or 8 wavelet coefficients. Without biases the network is
 * positively 1-homogeneous: scaling the tilt series scales the output, which makes it indifferent
 * to the units of the data.
 *
 * <p>Weights are in {@link CryolitheConfig#weightShapes()} order; weight 0 is the projection
 * filter's control points (used by the caller to filter the images, not in {@link #forward}).
 */
public final class CryolitheNetwork extends WeightArrays {
    private final CryolitheConfig config;

    private CryolitheNetwork(CryolitheConfig config, float[][] values, NDManager parent) {
        super(values, shapes(config), parent);
        this.config = config;
    }

    private static Shape[] shapes(CryolitheConfig config) {
        long[][] s = config.weightShapes();
        Shape[] shapes = new Shape[s.length];
        for (int i = 0; i < s.length; i++) shapes[i] = new Shape(s[i]);
        return shapes;
    }

    /** Fresh weights: He-uniform for layers followed by relu, smaller for skip branches; the cosine ramp filter. */
    public static CryolitheNetwork create(CryolitheConfig config, long seed, NDManager parent) {
        long[][] shapes = config.weightShapes();
        float[][] values = new float[shapes.length][];
        SplittableRandom rnd = new SplittableRandom(seed);
        values[0] = ProjectionFilter1d.cosineRamp(config.filterPoints());
        for (int i = 1; i < shapes.length; i++) {
            long[] s = shapes[i];
            long fanIn = s[s.length - 2];
            int n = (int) new Shape(s).size();
            // Residual branches (B_s, combining layers 2..D) start small so that the skips carry the signal.
            boolean residual = i == 3 || (i >= 7 && i < 6 + config.combineDepth());
            double gain = i == shapes.length - 1 ? 1.0 : residual ? 0.5 * Math.sqrt(6.0) : Math.sqrt(6.0);
            double bound = gain / Math.sqrt(fanIn);
            float[] w = new float[n];
            for (int j = 0; j < n; j++) w[j] = (float) ((2 * rnd.nextDouble() - 1) * bound);
            values[i] = w;
        }
        return fromWeights(config, values, parent);
    }

    /**
     * A network with the given weights (host arrays, {@link CryolitheConfig#weightShapes()} order).
     *
     * @throws IllegalArgumentException if they do not fit the configuration
     */
    public static CryolitheNetwork fromWeights(CryolitheConfig config, float[][] values, NDManager parent) {
        return new CryolitheNetwork(config, values, parent);
    }

    public CryolitheConfig config() {
        return config;
    }

    /** Host copy of the projection filter's control points. */
    public float[] filterControl() {
        return HostArrays.toHost(weights[0]);
    }

    /** The filter control points as a live array (for differentiable filtering in training). */
    public NDArray filterWeights() {
        return weights[0];
    }

    /**
     * Sinusoidal angle encoding, E values per listed tilt: sin(k theta) for k = 1..E/2, then cos(k theta)
     * (theta in radians; distinct for every angle in -90..90 degrees).
     */
    public static float[] angleEncoding(double[] anglesDeg, int[] tilts, int width) {
        float[] enc = new float[tilts.length * width];
        int half = width / 2;
        for (int t = 0; t < tilts.length; t++) {
            double th = Math.toRadians(anglesDeg[tilts[t]]);
            for (int k = 0; k < half; k++) {
                enc[t * width + k] = (float) Math.sin((k + 1) * th);
                enc[t * width + half + k] = (float) Math.cos((k + 1) * th);
            }
        }
        return enc;
    }

    /**
     * Forward pass. Every result is computed from {@code patches} (first operand), so it belongs to
     * the patches' manager and dies with the caller's per-batch scope.
     *
     * @param patches  (P, B * T * P) or any shape of P * B * T * P values in {@link TracePatches} layout
     * @param encoding (T, E) angle encoding of the same tilts
     * @return (B, outputs)
     */
    public NDArray forward(NDArray patches, NDArray encoding, int points, int tilts) {
        int p = config.patch();
        int e = config.embed();
        NDArray x = patches.reshape(p, (long) points * tilts, p);
        NDArray h = x.batchMatMul(weights[1]);                                  // (P, BT, E)
        // Broadcast the (T, E) encoding over slices and points: (P, B, T, E) * (1, 1, T, E).
        h = h.reshape(p, points, tilts, e).mul(encoding.reshape(1, 1, tilts, e)).reshape(p, (long) points * tilts, e);
        NDArray branch = Activation.relu(h.batchMatMul(weights[2])).batchMatMul(weights[3]);
        h = h.add(branch);
        NDArray pooled = h.reshape(p, points, tilts, e).mean(new int[]{2});   // (P, B, E)
        NDArray f = Activation.relu(pooled.batchMatMul(weights[4])).batchMatMul(weights[5]); // (P, B, F)
        NDArray c = f.transpose(1, 0, 2).reshape(points, (long) p * config.features());
        c = Activation.relu(c.matMul(weights[6]));
        for (int d = 1; d < config.combineDepth(); d++) c = c.add(Activation.relu(c.matMul(weights[6 + d])));
        return c.matMul(weights[6 + config.combineDepth()]);
    }

    /** Convenience for inference: host patches and encoding in, host outputs (B x outputs) out. */
    public float[] predict(float[] patches, float[] encoding, int points, int tilts) {
        try (NDManager scope = manager.newSubManager()) {
            NDArray x = HostArrays.create(scope, patches);
            NDArray enc = HostArrays.create(scope, encoding, new Shape(tilts, config.embed()));
            NDArray out = forward(x, enc, points, tilts);
            if (out.getDataType() != DataType.FLOAT32) out = out.toType(DataType.FLOAT32, false);
            return out.toFloatArray();
        }
    }
}
