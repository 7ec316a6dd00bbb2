package org.cryoet.learn;

import ai.djl.ndarray.NDManager;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Shape of the 3D U-Net ({@link UNet3d}, network type {@value #TYPE}): number of resolution
 * levels and channels of the top level (channels double per level). The reference network is
 * {@code (4, 64)}: 64-128-256-512 channels, 16,313,248 parameters. Recorded in model.json as
 * the parameters {@code depth} and {@code channels}.
 *
 * @param depth        resolution levels (1 = no pooling), 1..6
 * @param baseChannels channels after the first level, even and at least 2
 */
public record UNetConfig(int depth, int baseChannels) implements NetworkSpec {

    /** Registry name of the U-Net network type. */
    public static final String TYPE = "unet3d";

    public UNetConfig {
        if (depth < 1 || depth > 6) throw new IllegalArgumentException("U-Net depth must be 1..6, got " + depth);
        if (baseChannels < 2 || baseChannels % 2 != 0) {
            throw new IllegalArgumentException("U-Net base channels must be even and >= 2, got " + baseChannels);
        }
    }

    /** The reference architecture (swing-research/icecream {@code unet3d_bf} defaults). */
    public static UNetConfig reference() {
        return new UNetConfig(4, 64);
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public Map<String, Number> parameters() {
        Map<String, Number> p = new LinkedHashMap<>();
        p.put("depth", depth);
        p.put("channels", baseChannels);
        return Collections.unmodifiableMap(p);
    }

    @Override
    public UNet3d create(UNet3d.Init init, long seed, NDManager parent) {
        return UNet3d.create(this, init, seed, parent);
    }

    @Override
    public UNet3d fromWeights(float[][] weights, NDManager parent) {
        return UNet3d.fromWeights(this, weights, parent);
    }

    /**
     * {@code base} with the given depth and/or channels (null keeps base's value), for shells whose
     * options set U-Net parameters.
     *
     * @throws org.cryoet.util.CryoEtException if {@code base} is not a U-Net
     */
    public static UNetConfig resized(NetworkSpec base, Integer depth, Integer channels) {
        if (!(base instanceof UNetConfig u)) {
            throw new org.cryoet.util.CryoEtException("U-Net depth and channels do not apply to a " + base);
        }
        return new UNetConfig(depth != null ? depth : u.depth(), channels != null ? channels : u.baseChannels());
    }

    /** Output channels of encoder level {@code level} (0-based). */
    public int channels(int level) {
        return baseChannels << level;
    }

    /** Crop sizes must be a multiple of this (one halving per pooling). */
    @Override
    public int sizeDivisor() {
        return 1 << (depth - 1);
    }

    /**
     * Weight shapes in forward order, each {out, in, k} (k = kernel edge). Encoder level l: a
     * double convolution whose first conv outputs max(out/2, in) channels (pytorch-3dunet
     * convention); decoder: conv over [skip, upsampled] then conv; final 1x1x1 conv to 1 channel.
     */
    @Override
    public int[][] weightShapes() {
        int n = 2 * depth + 2 * (depth - 1) + 1;
        int[][] shapes = new int[n][];
        int k = 0;
        int in = 1;
        for (int l = 0; l < depth; l++) {
            int out = channels(l);
            int mid = Math.max(out / 2, in);
            shapes[k++] = new int[] {mid, in, 3};
            shapes[k++] = new int[] {out, mid, 3};
            in = out;
        }
        for (int l = depth - 2; l >= 0; l--) {
            int out = channels(l);
            shapes[k++] = new int[] {out, channels(l) + channels(l + 1), 3};
            shapes[k++] = new int[] {out, out, 3};
        }
        shapes[k] = new int[] {1, channels(0), 1};
        return shapes;
    }

    /** Total number of weights (there are no biases). */
    @Override
    public long parameterCount() {
        long total = 0;
        for (int[] s : weightShapes()) total += (long) s[0] * s[1] * s[2] * s[2] * s[2];
        return total;
    }

    /** Checks that a crop edge suits this network. */
    @Override
    public void checkCrop(int crop) {
        if (crop <= 0 || crop % sizeDivisor() != 0) {
            throw new org.cryoet.util.CryoEtException("Crop size " + crop + " must be a positive multiple of "
                    + sizeDivisor() + " for a U-Net of depth " + depth);
        }
    }

    /** The U-Net type: reads {@code depth} and {@code channels}. */
    public static final class Type implements NetworkType {

        @Override
        public String name() {
            return TYPE;
        }

        @Override
        public UNetConfig spec(Map<String, Number> parameters) {
            return new UNetConfig(integer(parameters, "depth"), integer(parameters, "channels"));
        }

        private static int integer(Map<String, Number> parameters, String name) {
            Number v = parameters.get(name);
            if (v == null || v.doubleValue() != Math.rint(v.doubleValue())) {
                throw new IllegalArgumentException("U-Net parameter '" + name + "' must be an integer, got " + v);
            }
            return v.intValue();
        }
    }

    @Override
    public String toString() {
        return "U-Net depth " + depth + ", " + baseChannels + " base channels, " + parameterCount() + " parameters";
    }
}
