package org.cryoet.learn;

import java.util.List;
import java.util.Locale;

import org.cryoet.util.CryoEtException;

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
 * <li>{@link #cryocare()}, {@link #deepdewedge()}, {@link #isonet()}: the published settings of
 * cryoCARE, DeepDeWedge and IsoNet with the n2n, ddw and isonet methods (a preset may name any
 * registered training method; options not given, including the method, take the preset's).</li>
 * </ul>
 */
public final class TrainingPresets {

    /** Preset names, in the order menus list them. */
    public static final List<String> NAMES = List.of("reference", "demo", "cryocare", "deepdewedge", "isonet");

    private TrainingPresets() {
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

    /**
     * DeepDeWedge's tutorial settings with the {@code ddw} method: sub-tomograms of 96 voxels, batch
     * 5, Adam 4e-4, a 3-level U-Net with 32 base channels (DeepDeWedge's FAQ: as good as the
     * tutorial's 64 and much faster), the missing-wedge loss weight 2 and a missing-wedge update of
     * the stored inputs every 10 epochs. Its 1000 epochs over the recommended 150 sub-tomograms
     * are 30,000 steps of 5, one update every 300 steps. He-normal initial weights (the
     * bias-free U-Net here has no normalisation layers to rescue a small initial output). Meant
     * for a GPU.
     */
    public static TrainingConfig deepdewedge() {
        return TrainingConfig.defaults().toBuilder().method(DdwMethod.NAME).methodParameter(DdwMethod.MW_WEIGHT.name(), 2)
                .methodParameter(DdwMethod.UPDATE_EVERY.name(), 300).network(new UNetConfig(3, 32)).init(UNet3d.Init.HE_NORMAL)
                .crop(96).batch(5).learningRate(4e-4).iterations(30_000).checkpointEvery(3_000).progressEvery(500)
                .build();
    }

    /**
     * IsoNet's default refinement with the {@code isonet} method: cubes of 64 voxels, batch 4, Adam
     * 4e-4, a 3-level U-Net with 64 base channels, 30 iterations of 10 epochs of at most 200 steps
     * (60,000 steps; the noise schedule follows the same fractions of the run), the stored data
     * refilled after every IsoNet iteration (2,000 steps), final noise level 0.2. He-normal
     * initial weights. Meant for a GPU.
     */
    public static TrainingConfig isonet() {
        return TrainingConfig.defaults().toBuilder().method(IsonetMethod.NAME).methodParameter(IsonetMethod.REFILL_EVERY.name(), 2_000)
                .methodParameter(IsonetMethod.NOISE_MAX.name(), 0.2).network(new UNetConfig(3, 64)).init(UNet3d.Init.HE_NORMAL)
                .crop(64).batch(4).learningRate(4e-4).iterations(60_000).checkpointEvery(5_000).progressEvery(500)
                .build();
    }

    /** Looks a preset up by name ({@link #NAMES}; "default" is the reference). */
    public static TrainingConfig byName(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "reference", "default" -> reference();
            case "demo" -> demo();
            case "cryocare" -> cryocare();
            case "deepdewedge" -> deepdewedge();
            case "isonet" -> isonet();
            default -> throw new CryoEtException("Unknown preset '" + name + "' (known: " + String.join(", ", NAMES)
                    + ")");
        };
    }
}
