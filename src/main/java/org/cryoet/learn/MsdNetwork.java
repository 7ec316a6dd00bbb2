package org.cryoet.learn;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
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
 * <p>Unlike the bias-free U-Net, the biases make the network not positively homogeneous
 * (f(a x) differs from a f(x)); ICECREAM's inputs are z-scored, so training and prediction see
 * the same intensity scale.
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
public final class MsdNetwork extends WeightArrayNetwork {

    private static final Shape ONE = new Shape(1, 1, 1);
    private static final Shape PAD0 = new Shape(0, 0, 0);

    private final MsdConfig config;

    private MsdNetwork(MsdConfig config, float[][] values, NDManager parent) {
        super(values, shapes(config), parent);
        this.config = config;
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
        return new MsdNetwork(config, values, parent);
    }

    /** Shapes of the weight tensors in forward order. */
    private static Shape[] shapes(MsdConfig config) {
        int[][] shapes = config.weightShapes();
        Shape[] dims = new Shape[shapes.length];
        for (int i = 0; i < shapes.length; i++) {
            int[] s = shapes[i];
            dims[i] = s.length == 1 ? new Shape(s[0]) : new Shape(s[0], s[1], s[2], s[2], s[2]);
        }
        return dims;
    }

    @Override
    public MsdConfig spec() {
        return config;
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
        NDArray features = toComputeType(x);
        boolean direct = useDirectConvolution(x.getDevice());
        for (int i = 0; i < config.layers(); i++) {
            int d = config.dilation(i);
            NDArray w = weight(2 * i, scope);
            NDArray b = weight(2 * i + 1, scope);
            NDArray conv = direct ? dilatedConvolution(features, w, b, d) : factorisedConvolution(features, w, b, d);
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
        return toFloat32(out);
    }

    /** Forces the direct (true) or factorised (false) layer form; null: by device. For tests. */
    static Boolean forceDirect;

    /**
     * Whether layers use {@code Conv3d} itself. On a GPU they do (cuDNN's dilated convolutions are
     * fast); libtorch's CPU convolution with one output channel and dozens of input channels
     * unfolds the input 27 times and ran about 10x slower than {@link #factorisedConvolution}.
     */
    private static boolean useDirectConvolution(Device device) {
        if (forceDirect != null) return forceDirect;
        return !Device.Type.CPU.equals(device.getDeviceType());
    }

    static NDArray dilatedConvolution(NDArray x, NDArray w, NDArray b, int d) {
        Shape dilation = new Shape(d, d, d);
        return Conv3d.conv3d(x, w, b, ONE, dilation, dilation, 1).singletonOrThrow();
    }

    /**
     * The dilated 3x3x3 convolution (zero padding d) as one matrix product and 27 shifted sums:
     * first every output channel's 27 taps are mixed over the input channels at once,
     * P[t, o] = sum_c w[o, c, t] x[c] (a (27 W) x C matrix times the C x voxels input), then
     * out[o](p) = b[o] + sum_t P[t, o](p + d (t - 1)), the shift reading zeros outside the volume.
     * Same arithmetic as {@link #dilatedConvolution} up to rounding.
     */
    static NDArray factorisedConvolution(NDArray x, NDArray w, NDArray b, int d) {
        Shape xs = x.getShape();
        long batch = xs.get(0), channels = xs.get(1), nz = xs.get(2), ny = xs.get(3), nx = xs.get(4);
        long width = w.getShape().get(0);
        // Intermediates are closed as soon as they are used: autograd keeps what it needs, and a
        // layer's 27 shifted copies would otherwise stay alive until the caller's scope closes.
        // Results join their receiver's manager: what is derived from the weights is moved to the
        // input's scope so that it is freed with the pass, not kept with the weights.
        NDArray kernel = w.reshape(width, channels, 27);
        NDArray tapMajor = kernel.transpose(2, 0, 1);
        NDArray taps = tapMajor.reshape(27 * width, channels);
        taps.attach(x.getManager());
        kernel.close();
        tapMajor.close();
        NDArray flat = x.reshape(batch, channels, nz * ny * nx);
        NDArray mixed = taps.matMul(flat);
        NDArray shaped = mixed.reshape(batch, 27, width, nz, ny, nx);
        // split first: a slice's backward fills a zero array the size of what it was cut from
        NDList perTap = shaped.split(27, 1);
        for (NDArray o : new NDArray[] {taps, flat, mixed, shaped}) o.close();
        long[] n = {nz, ny, nx};
        NDArray out = null;
        int t = 0;
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                for (int k = 0; k < 3; k++, t++) {
                    long[] offset = {(i - 1L) * d, (j - 1L) * d, (k - 1L) * d};
                    if (Math.abs(offset[0]) >= nz || Math.abs(offset[1]) >= ny || Math.abs(offset[2]) >= nx) {
                        continue; // this tap reads only the zero padding
                    }
                    // out(p) = P_t(p + offset): cut the part that stays inside, pad the side left empty
                    long[] from = new long[3], to = new long[3], pad = new long[6];
                    for (int ax = 0; ax < 3; ax++) {
                        long o = offset[ax];
                        from[ax] = Math.max(o, 0);
                        to[ax] = n[ax] + Math.min(o, 0);
                        int torchAxis = 2 - ax; // pad lists the last axis first
                        pad[2 * torchAxis] = Math.max(-o, 0);
                        pad[2 * torchAxis + 1] = Math.max(o, 0);
                    }
                    NDArray cut = perTap.get(t).get(new NDIndex(":, 0, :, {}:{}, {}:{}, {}:{}", from[0], to[0],
                            from[1], to[1], from[2], to[2]));
                    NDArray shifted = cut.pad(new Shape(pad), 0);
                    cut.close();
                    if (out == null) {
                        out = shifted;
                    } else {
                        NDArray sum = out.add(shifted);
                        shifted.close();
                        out.close();
                        out = sum;
                    }
                }
            }
        }
        perTap.close();
        NDArray bias = b.reshape(1, width, 1, 1, 1);
        bias.attach(x.getManager());
        NDArray result = out.add(bias);
        out.close();
        bias.close();
        return result;
    }


}
