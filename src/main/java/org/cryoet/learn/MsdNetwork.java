package org.cryoet.learn;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.convolutional.Conv3d;

import java.util.SplittableRandom;

/**
 * The mixed-scale dense network of Pelt &amp; Sethian (2018) in 3D, with an explicit forward pass
 * like {@link UNet3d}'s. Layer i is a 3x3x3 convolution with dilation d_i = 1 + (i mod maxDilation)
 * and zero padding d_i (so every layer keeps the size), a bias, and ReLU; its input is the
 * concatenation of the network input and the outputs of all earlier layers. A final 1x1x1
 * convolution with a bias maps the input and all layer outputs to one channel. There is no
 * normalisation (the original design has none), no pooling and no upsampling: the dilations
 * reach the scales a U-Net reaches by down-sampling, with far fewer weights.
 *
 * <p>Unlike the bias-free U-Net the biases make the network only approximately positively
 * homogeneous; ICECREAM's inputs are z-scored crops, so the intensity scale it sees is fixed.
 *
 * <p>Weights follow {@link MsdConfig#weightShapes()}: kernels drawn as {@link UNet3d.Init}
 * prescribes for their fan-in (in channels x 27, or in channels for the final 1x1x1), in order from
 * one seeded generator, so a seed gives the same weights on every device; biases start at 0.
 * Tensor layout (B, 1, Z, Y, X).
 *
 * <p>Memory: a forward pass without gradients keeps the growing feature stack only (about
 * (1 + layers x width) volumes); with gradients each layer's concatenated input is kept for the
 * backward pass, about (layers x (layers x width) / 2) volumes.
 */
public final class MsdNetwork implements Network {

    private static final Shape ONE = new Shape(1, 1, 1);
    private static final Shape PAD0 = new Shape(0, 0, 0);

    private final MsdConfig config;
    private final NDManager manager;
    private final NDArray[] weights;
    private boolean halfPrecision;

    private MsdNetwork(MsdConfig config, NDManager manager, NDArray[] weights) {
        this.config = config;
        this.manager = manager;
        this.weights = weights;
    }

    /** A freshly initialised network; the same seed gives the same weights on every device. */
    public static MsdNetwork create(MsdConfig config, UNet3d.Init init, long seed, NDManager parent) {
        int[][] shapes = config.weightShapes();
        float[][] values = new float[shapes.length][];
        SplittableRandom rnd = new SplittableRandom(seed);
        for (int i = 0; i < shapes.length; i++) {
            int[] s = shapes[i];
            if (s.length == 1) {
                values[i] = new float[s[0]];
            } else {
                int fanIn = s[1] * s[2] * s[2] * s[2];
                values[i] = UNet3d.initialWeights(init, s[0] * fanIn, fanIn, rnd);
            }
        }
        return fromWeights(config, values, parent);
    }

    /** A network with the given weights ({@link MsdConfig#weightShapes()} order, kernels out x in x k x k x k). */
    public static MsdNetwork fromWeights(MsdConfig config, float[][] values, NDManager parent) {
        int[][] shapes = config.weightShapes();
        if (values.length != shapes.length) {
            throw new IllegalArgumentException("expected " + shapes.length + " weight arrays, got " + values.length);
        }
        for (int i = 0; i < shapes.length; i++) {
            if (values[i].length != MsdConfig.size(shapes[i])) {
                throw new IllegalArgumentException("weight " + i + " has " + values[i].length + " values, expected "
                        + MsdConfig.size(shapes[i]));
            }
        }
        NDManager manager = parent.newSubManager();
        NDArray[] weights = new NDArray[shapes.length];
        for (int i = 0; i < shapes.length; i++) {
            int[] s = shapes[i];
            Shape shape = s.length == 1 ? new Shape(s[0]) : new Shape(s[0], s[1], s[2], s[2], s[2]);
            weights[i] = HostArrays.create(manager, values[i], shape);
        }
        return new MsdNetwork(config, manager, weights);
    }

    @Override
    public MsdConfig spec() {
        return config;
    }

    @Override
    public Device device() {
        return manager.getDevice();
    }

    @Override
    public NDArray[] parameters() {
        return weights;
    }

    @Override
    public float[][] weightsToHost() {
        float[][] out = new float[weights.length][];
        for (int i = 0; i < weights.length; i++) out[i] = HostArrays.toHost(weights[i]);
        return out;
    }

    @Override
    public void setRequiresGradient(boolean requires) {
        for (NDArray w : weights) w.setRequiresGradient(requires);
    }

    /** Runs the convolutions in float16 (inputs and weights cast per call, output cast back to float32). */
    @Override
    public void setHalfPrecision(boolean half) {
        this.halfPrecision = half;
    }

    /**
     * Forward pass; any spatial size.
     *
     * @param x (B, 1, Z, Y, X) float32
     * @return (B, 1, Z, Y, X) float32, attached to the input's manager
     */
    @Override
    public NDArray forward(NDArray x) {
        NDManager scope = x.getManager();
        NDArray features = halfPrecision ? x.toType(DataType.FLOAT16, false) : x;
        for (int i = 0; i < config.layers(); i++) {
            int d = config.dilation(i);
            Shape dilation = new Shape(d, d, d);
            NDArray conv = Conv3d.conv3d(features, weight(2 * i, scope), weight(2 * i + 1, scope), ONE, dilation,
                    dilation, 1).singletonOrThrow();
            NDArray y = Activation.relu(conv);
            NDArray next = features.concat(y, 1);
            // The stack grows by one layer each time; the previous stack and the layer's own
            // arrays are no longer needed here (autograd keeps what the backward pass needs), so
            // they are released now instead of when the caller's scope closes.
            if (features != x) features.close();
            conv.close();
            y.close();
            features = next;
        }
        int last = 2 * config.layers();
        NDArray out = Conv3d.conv3d(features, weight(last, scope), weight(last + 1, scope), ONE, PAD0, ONE, 1)
                .singletonOrThrow();
        if (features != x) features.close();
        return halfPrecision ? out.toType(DataType.FLOAT32, false) : out;
    }

    /** Weight i as the convolutions take it (a float16 copy in the caller's scope when half precision is on). */
    private NDArray weight(int i, NDManager scope) {
        if (!halfPrecision) return weights[i];
        NDArray w = weights[i].toType(DataType.FLOAT16, false);
        w.attach(scope);
        return w;
    }

    @Override
    public void close() {
        manager.close();
    }
}
