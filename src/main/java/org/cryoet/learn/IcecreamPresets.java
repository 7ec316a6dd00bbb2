package org.cryoet.learn;

/**
 * Named training configurations.
 *
 * <ul>
 * <li>{@link #reference()}: the published defaults (crop 72, batch 8, 4-level U-Net with 64 base
 * channels, Adam 1e-4, lambda 2, 50,000 iterations). Meant for a GPU.</li>
 * <li>{@link #demo()}: a CPU-sized setting for 64-96 voxel volumes that beats a Gaussian filter
 * within minutes on two cores with its one-pass output (measured figures in doc/icecream.md). Differences from the
 * reference, and why: a 3-level U-Net with 16 base channels (about 40x fewer FLOPs per voxel),
 * crop 32 and batch 2 (a 2-core CPU does ~1 iteration/s at this size), He-normal initial weights
 * and learning rate 5e-4 (1e-3 collapsed or diverged in our runs; the bias-free network starts with outputs near zero under PyTorch's
 * default init and lr 1e-4, which needs thousands of iterations to grow).</li>
 * <li>{@link #cryocare()}: cryoCARE's settings with the n2n method (presets may name any
 * registered training method; options not given, including the method, take the preset's).</li>
 * </ul>
 */
public final class IcecreamPresets {

    private IcecreamPresets() {
    }

    public static TrainingConfig reference() {
        return TrainingConfig.defaults();
    }

    public static TrainingConfig demo() {
        return TrainingConfig.defaults().toBuilder().network(new UNetConfig(3, 16)).init(UNet3d.Init.HE_NORMAL)
                .crop(32).batch(2).learningRate(5e-4).iterations(700).checkpointEvery(100).progressEvery(50).build();
    }

    /**
     * cryoCARE's published training settings with the {@code n2n} method: a 3-level U-Net with 16
     * base channels, patches of 72 voxels, batch 16, Adam 4e-4 and 100 epochs of 200 steps (20,000
     * iterations). He-normal initial weights as in the demo preset (the bias-free U-Net starts
     * near zero under PyTorch's default). Meant for a GPU.
     */
    public static TrainingConfig cryocare() {
        return TrainingConfig.defaults().toBuilder().method(Noise2NoiseMethod.NAME).network(new UNetConfig(3, 16))
                .init(UNet3d.Init.HE_NORMAL).crop(72).batch(16).learningRate(4e-4).iterations(20_000)
                .checkpointEvery(2_000).progressEvery(500).build();
    }

    /** Looks a preset up by name ("reference", "demo" or "cryocare"). */
    public static TrainingConfig byName(String name) {
        return switch (name.toLowerCase(java.util.Locale.ROOT)) {
            case "reference", "default" -> reference();
            case "demo" -> demo();
            case "cryocare" -> cryocare();
            default -> throw new org.cryoet.util.CryoEtException("Unknown preset '" + name
                    + "' (known: reference, demo, cryocare)");
        };
    }
}
