package org.cryoet.learn;

import ai.djl.ndarray.NDManager;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Shape of the mixed-scale dense network ({@link MsdNetwork}, network type {@value #TYPE}; Pelt
 * &amp; Sethian 2018): {@code layers} 3x3x3 convolutions of {@code width} output channels each,
 * layer i dilated by {@code 1 + (i mod maxDilation)}, every layer reading the network input and the
 * outputs of all earlier layers, and a final 1x1x1 convolution over all of them. Recorded in
 * model.json as the parameters {@code layers}, {@code width} and {@code maxDilation}.
 *
 * @param layers      number of dilated layers, 1..{@value #MAX_LAYERS}
 * @param width       output channels per layer, 1..{@value #MAX_WIDTH}
 * @param maxDilation dilations cycle 1, 2, ..., maxDilation, 1..{@value #MAX_DILATION}
 */
public record MsdConfig(int layers, int width, int maxDilation) implements NetworkSpec {

    /** Registry name of the MS-D network type. */
    public static final String TYPE = "msd";

    public static final int DEFAULT_LAYERS = 20;
    public static final int DEFAULT_WIDTH = 1;
    public static final int DEFAULT_MAX_DILATION = 10;
    public static final int MAX_LAYERS = 500;
    public static final int MAX_WIDTH = 64;
    public static final int MAX_DILATION = 64;

    public MsdConfig {
        if (layers < 1 || layers > MAX_LAYERS) {
            throw new IllegalArgumentException("MS-D layers must be 1.." + MAX_LAYERS + ", got " + layers);
        }
        if (width < 1 || width > MAX_WIDTH) {
            throw new IllegalArgumentException("MS-D width must be 1.." + MAX_WIDTH + ", got " + width);
        }
        if (maxDilation < 1 || maxDilation > MAX_DILATION) {
            throw new IllegalArgumentException("MS-D max dilation must be 1.." + MAX_DILATION + ", got " + maxDilation);
        }
    }

    /**
     * The defaults: {@value #DEFAULT_LAYERS} layers of width 1, dilations 1..10 (Pelt &amp; Sethian's
     * width and dilations; fewer layers than their 2D networks' 100 because in 3D the time and the
     * memory of the backward pass grow with the square of the layer count: 20 layers train at
     * about the demo U-Net's speed on a CPU, see doc/methods.md).
     */
    public static MsdConfig defaults() {
        return new MsdConfig(DEFAULT_LAYERS, DEFAULT_WIDTH, DEFAULT_MAX_DILATION);
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public Map<String, Number> parameters() {
        Map<String, Number> p = new LinkedHashMap<>();
        p.put("layers", layers);
        p.put("width", width);
        p.put("maxDilation", maxDilation);
        return Collections.unmodifiableMap(p);
    }

    /** Dilation (and zero padding) of layer {@code i}, 0-based. */
    public int dilation(int i) {
        return 1 + i % maxDilation;
    }

    /** Input channels of layer {@code i}: the network input plus {@code i} earlier layers. */
    public int inputChannels(int i) {
        return 1 + i * width;
    }

    /** Channels the final 1x1x1 convolution reads: the input and every layer's output. */
    public int featureChannels() {
        return inputChannels(layers);
    }

    /**
     * Weight shapes in forward order: per layer the kernel {out, in, 3} then the bias {out}; last
     * the final kernel {1, featureChannels, 1} and its bias {1}.
     */
    @Override
    public int[][] weightShapes() {
        int[][] shapes = new int[2 * layers + 2][];
        for (int i = 0; i < layers; i++) {
            shapes[2 * i] = new int[] {width, inputChannels(i), 3};
            shapes[2 * i + 1] = new int[] {width};
        }
        shapes[2 * layers] = new int[] {1, featureChannels(), 1};
        shapes[2 * layers + 1] = new int[] {1};
        return shapes;
    }

    /** Number of values of an array of this compact shape. */
    static long size(int[] shape) {
        return shape.length == 1 ? shape[0] : (long) shape[0] * shape[1] * shape[2] * shape[2] * shape[2];
    }

    @Override
    public long parameterCount() {
        long total = 0;
        for (int[] s : weightShapes()) total += size(s);
        return total;
    }

    /** Every layer keeps the size (zero padding equal to its dilation), so any crop fits. */
    @Override
    public int sizeDivisor() {
        return 1;
    }

    @Override
    public MsdNetwork create(UNet3d.Init init, long seed, NDManager parent) {
        return MsdNetwork.create(this, init, seed, parent);
    }

    @Override
    public MsdNetwork fromWeights(float[][] weights, NDManager parent) {
        return MsdNetwork.fromWeights(this, weights, parent);
    }

    /** The MS-D type: reads {@code layers}, {@code width} and {@code maxDilation}. */
    public static final class Type implements NetworkType {

        @Override
        public String name() {
            return TYPE;
        }

        @Override
        public MsdConfig spec(Map<String, Number> parameters) {
            return new MsdConfig(integer(parameters, "layers"), integer(parameters, "width"),
                    integer(parameters, "maxDilation"));
        }

        private static int integer(Map<String, Number> parameters, String name) {
            Number v = parameters.get(name);
            if (v == null || v.doubleValue() != Math.rint(v.doubleValue())) {
                throw new IllegalArgumentException("MS-D parameter '" + name + "' must be an integer, got " + v);
            }
            return v.intValue();
        }
    }

    @Override
    public String toString() {
        return "MS-D net " + layers + " layers, width " + width + ", dilations 1.." + maxDilation + ", "
                + parameterCount() + " parameters";
    }
}
