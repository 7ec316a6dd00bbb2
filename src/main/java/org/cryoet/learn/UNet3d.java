package org.cryoet.learn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.convolutional.Conv3d;
import ai.djl.nn.pooling.Pool;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The ICECREAM 3D U-Net with an explicit forward pass: per level two 3x3x3 convolutions
 * (zero padding 1) each followed by ReLU, 2x2x2 max pooling between levels, nearest-neighbour
 * upsampling and concatenation {@code [skip, upsampled]} on the way up, and a final linear 1x1x1
 * convolution to one channel. There are no biases, no normalisation and no dropout (the
 * reference's {@code dropout_prob} is inert because its layer order is "cr"), so the network is
 * positively homogeneous: f(a x) = a f(x) for every a &gt; 0, which keeps the two network
 * passes of ICECREAM consistent whatever the intensity scale.
 *
 * <p>Weights are plain NDArrays owned by this object's manager; the trainer marks them as
 * requiring gradients. Tensor layout (B, 1, Z, Y, X).
 */
public final class UNet3d extends WeightArrayNetwork {

    /** Weight initialisation. */
    public enum Init {
        /**
         * PyTorch's default for Conv3d (Kaiming-uniform with a = sqrt(5)): U(+-1/sqrt(fan_in)).
         * The reference uses it; outputs of the fresh bias-free network are small.
         */
        PYTORCH_DEFAULT,
        /** He normal, N(0, 2/fan_in): keeps the activation scale through the ReLU layers. */
        HE_NORMAL;

        /** "pytorch" (or "pytorch_default") and "he" (or "he_normal"), any case; {@code what} names the option. */
        public static Init parse(String text, String what) {
            return switch (text == null ? "" : text.trim().toLowerCase(java.util.Locale.ROOT)) {
                case "pytorch", "pytorch_default" -> PYTORCH_DEFAULT;
                case "he", "he_normal" -> HE_NORMAL;
                default -> throw new org.cryoet.util.CryoEtException(what + " must be pytorch or he, not '" + text + "'");
            };
        }
    }

    private static final Shape ONE = new Shape(1, 1, 1);
    private static final Shape TWO = new Shape(2, 2, 2);
    private static final Shape PAD1 = new Shape(1, 1, 1);
    private static final Shape PAD0 = new Shape(0, 0, 0);

    private final UNetConfig config;

    private UNet3d(UNetConfig config, float[][] values, NDManager parent) {
        super(values, shapes(config), parent);
        this.config = config;
    }

    /** A freshly initialised network; the same seed gives the same weights on every device. */
    public static UNet3d create(UNetConfig config, Init init, long seed, NDManager parent) {
        int[][] shapes = config.weightShapes();
        float[][] values = new float[shapes.length][];
        SplittableRandom rnd = new SplittableRandom(seed);
        for (int i = 0; i < shapes.length; i++) {
            int[] s = shapes[i];
            int fanIn = s[1] * s[2] * s[2] * s[2];
            values[i] = initialWeights(init, s[0] * fanIn, fanIn, rnd);
        }
        return fromWeights(config, values, parent);
    }

    /**
     * {@code count} initial weights of an array whose outputs each see {@code fanIn} inputs, drawn
     * from {@code rnd} in order (shared by all networks, so a seed means the same weights on every
     * device and engine).
     */
    static float[] initialWeights(Init init, int count, int fanIn, SplittableRandom rnd) {
        float[] w = new float[count];
        if (init == Init.PYTORCH_DEFAULT) {
            double bound = 1.0 / Math.sqrt(fanIn);
            for (int j = 0; j < w.length; j++) w[j] = (float) ((2 * rnd.nextDouble() - 1) * bound);
        } else {
            double std = Math.sqrt(2.0 / fanIn);
            for (int j = 0; j < w.length; j += 2) {
                // Box-Muller on our own generator keeps the weights engine-independent.
                double u1 = 1.0 - rnd.nextDouble();
                double u2 = rnd.nextDouble();
                double r = Math.sqrt(-2 * Math.log(u1));
                w[j] = (float) (std * r * Math.cos(2 * Math.PI * u2));
                if (j + 1 < w.length) w[j + 1] = (float) (std * r * Math.sin(2 * Math.PI * u2));
            }
        }
        return w;
    }

    /** A network with the given weights (forward order, each out x in x k x k x k, row-major). */
    public static UNet3d fromWeights(UNetConfig config, float[][] values, NDManager parent) {
        return new UNet3d(config, values, parent);
    }

    /** Shapes of the weight tensors in forward order. */
    private static Shape[] shapes(UNetConfig config) {
        int[][] shapes = config.weightShapes();
        Shape[] dims = new Shape[shapes.length];
        for (int i = 0; i < shapes.length; i++) {
            int[] s = shapes[i];
            dims[i] = new Shape(s[0], s[1], s[2], s[2], s[2]);
        }
        return dims;
    }

    public UNetConfig config() {
        return config;
    }

    @Override
    public UNetConfig spec() {
        return config;
    }






    /**
     * Forward pass. The input's spatial edges must be multiples of {@link UNetConfig#sizeDivisor()}.
     *
     * @param x (B, 1, Z, Y, X) float32
     * @return (B, 1, Z, Y, X) float32, attached to the input's manager
     */
    @Override
    public NDArray forward(NDArray x) {
        NDManager scope = x.getManager();
        NDArray h = toComputeType(x);
        int k = 0;
        List<NDArray> skips = new ArrayList<>();
        for (int l = 0; l < config.depth(); l++) {
            if (l > 0) h = Pool.maxPool3d(h, TWO, TWO, PAD0, false);
            h = convRelu(h, weight(k++, scope));
            h = convRelu(h, weight(k++, scope));
            if (l < config.depth() - 1) skips.add(h);
        }
        for (int l = config.depth() - 2; l >= 0; l--) {
            NDArray up = h.repeat(2, 2).repeat(3, 2).repeat(4, 2);
            h = skips.get(l).concat(up, 1);
            h = convRelu(h, weight(k++, scope));
            h = convRelu(h, weight(k++, scope));
        }
        NDArray out = Conv3d.conv3d(h, weight(k, scope), null, ONE, PAD0, ONE, 1).singletonOrThrow();
        return toFloat32(out);
    }


    private static NDArray convRelu(NDArray h, NDArray w) {
        return Activation.relu(Conv3d.conv3d(h, w, null, ONE, PAD1, ONE, 1).singletonOrThrow());
    }

}
