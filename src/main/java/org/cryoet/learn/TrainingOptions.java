package org.cryoet.learn;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import org.cryoet.util.CryoEtException;

/**
 * The training, device and tiling options that {@code cryoet train}/{@code predict} and Fiji's
 * Train ICECREAM/Apply ICECREAM Model share, declared once: their defaults, their help texts
 * (compile-time constants, usable in picocli's and SciJava's annotations) and how a preset and the
 * values given explicitly become a {@link TrainingConfig} ({@link Overrides#applyTo}).
 */
public final class TrainingOptions {
    private TrainingOptions() {
    }

    public static final String PRESET_REFERENCE = "reference";
    public static final String PRESET_DEMO = "demo";
    public static final String PRESET_CRYOCARE = "cryocare";
    public static final String PRESET_DEEPDEWEDGE = "deepdewedge";
    public static final String PRESET_ISONET = "isonet";
    public static final String PRESET_HELP = "reference (the published ICECREAM settings, for a GPU), demo (small "
            + "ICECREAM network for a CPU), cryocare, deepdewedge or isonet (the published settings of cryoCARE, "
            + "DeepDeWedge and IsoNet with the n2n, ddw and isonet methods, for a GPU); options not given take the "
            + "preset's value";

    public static final String DEVICE_DEFAULT = "auto";
    public static final String DEVICE_HELP = "auto (first GPU if PyTorch sees one, else CPU), cpu, gpu or gpu:N";

    /** Tiles per network call when predicting. */
    public static final int PREDICT_BATCH = 4;
    public static final String PREDICT_BATCH_HELP = "tiles per network call";
    /** Overlap of prediction tiles, as a fraction of the tile size. */
    public static final double PREDICT_OVERLAP = 0.5;
    public static final String PREDICT_OVERLAP_HELP = "overlap between tiles as a fraction of the tile size, 0 to 0.9";
    public static final String PREDICT_MASK_HELP = "sample mask of the same size (e.g. from cryoet mask): only tiles that "
            + "reach into it are computed, which saves the time of the tiles outside the sample; mask voxels get exactly "
            + "the unmasked result, voxels that only skipped tiles cover are 0";

    public static final String ITERATIONS_HELP = "optimisation steps (reference 50000, demo 700)";
    public static final String CROP_HELP = "crop edge in voxels, even; for the U-Net a multiple of 2^(depth-1) (reference 72, demo 32)";
    public static final String BATCH_HELP = "crops per step (reference 8, demo 2)";
    public static final String LAMBDA_HELP = "ICECREAM's weight of the equivariance loss (2); the same as the method "
            + "parameter lambda=VALUE";
    public static final String METHOD_HELP = "training method: icecream (Noise2Noise + equivariance across the "
            + "missing wedge; the reference and demo presets' method), n2n (cryoCARE-style Noise2Noise, denoising "
            + "only), ddw (DeepDeWedge: rotated crops, masked Fourier loss, missing-wedge updates) or isonet "
            + "(IsoNet-style iterative missing-wedge filling with a noise schedule)";
    public static final String METHOD_PARAMETER_HELP = "a parameter of the training method as name=value: icecream "
            + "lambda; ddw mw_weight, update_every; isonet refill_every, noise_max; n2n has none; repeatable, or "
            + "several separated by commas";
    public static final String LOSS_HELP = "distance used by the method's loss terms: l2 (mean squared error, the "
            + "published methods'), l1 (mean absolute error) or fsc (1 - mean Fourier shell correlation)";
    /** Fiji's choices for the method and the loss: the presets' value first, then the registered names. */
    public static final String PRESETS_CHOICE = "preset's";
    public static final String CHANNELS_HELP = "U-Net base channels, doubling per level (reference 64, demo 16)";
    public static final String DEPTH_HELP = "U-Net levels (reference 4, demo 3)";
    public static final String LEARNING_RATE_HELP = "Adam learning rate (reference 1e-4, demo 5e-4)";
    public static final String SEED_HELP = "random seed (42)";
    public static final String WEIGHT_INIT_HELP = "pytorch (PyTorch's default, the reference's) or he (He normal, the demo's)";
    public static final String CHECKPOINT_EVERY_HELP = "iterations between checkpoints (reference 5000, demo 100; 0: only at the end)";
    public static final String CHECKPOINT_MINUTES_HELP = "also checkpoint after this many minutes of wall-clock time (10; 0: only by iterations)";
    public static final String PROGRESS_EVERY_HELP = "iterations between progress-crop predictions (reference 1000, demo 50; 0: never)";
    public static final String MIXED_PRECISION_HELP = "float16 network passes on a GPU (off by default)";

    public static final String NETWORK_UNET = "unet";
    public static final String NETWORK_MSD = "msd";
    public static final String NETWORK_HELP = "unet (the 3D U-Net of the presets) or msd (mixed-scale dense network: "
            + "dilated 3x3x3 layers each reading all earlier ones; any crop size)";
    public static final String MSD_LAYERS_HELP = "MS-D layers, 1.." + MsdConfig.MAX_LAYERS + " (" + MsdConfig.DEFAULT_LAYERS + ")";
    public static final String MSD_WIDTH_HELP = "MS-D channels per layer, 1.." + MsdConfig.MAX_WIDTH + " (" + MsdConfig.DEFAULT_WIDTH + ")";
    public static final String MSD_MAX_DILATION_HELP = "MS-D dilations cycle 1..this, 1.." + MsdConfig.MAX_DILATION
            + " (" + MsdConfig.DEFAULT_MAX_DILATION + ")";

    /** The preset of this name ({@link TrainingPresets#byName}). */
    public static TrainingConfig preset(String name) {
        return TrainingPresets.byName(name == null || name.isBlank() ? PRESET_REFERENCE : name.trim());
    }

    /** Values given explicitly; null: the preset's. */
    public record Overrides(String method, Map<String, Double> methodParameters, String loss, Long iterations,
                            Integer crop, Integer batch, Double lambda, Integer baseChannels,
                            Integer depth, Double learningRate, Long seed, String weightInit, Long checkpointEvery,
                            Double checkpointMinutes, Long progressEvery, String device, Boolean mixedPrecision) {

        /** Nothing given: the preset as it is. */
        public static final Overrides NONE = new Overrides(null, Map.of(), null, null, null, null, null, null, null,
                null, null, null, null, null, null, null, null);

        public Overrides {
            methodParameters = methodParameters == null ? Map.of()
                    : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(methodParameters));
        }

        /**
         * The preset with these values put in.
         *
         * @param weightInitOption how the shell names the weight-initialisation option (for its error)
         * @throws CryoEtException naming the setting that is out of range
         */
        public TrainingConfig applyTo(TrainingConfig preset, String weightInitOption) {
            NetworkSpec net = depth != null || baseChannels != null
                    ? UNetConfig.resized(preset.network(), depth, baseChannels) : preset.network();
            UNet3d.Init init = weightInit != null && !weightInit.isBlank()
                    ? UNet3d.Init.parse(weightInit.trim().toLowerCase(Locale.ROOT), weightInitOption) : preset.init();
            try {
                TrainingConfig.Builder b = preset.toBuilder().init(init).network(net);
                // another method starts from its own defaults; the preset's method keeps the preset's values
                if (given(method) && !TrainingMethods.byName(method.trim()).name().equals(preset.method().name())) {
                    b.method(method.trim());
                }
                if (mixedPrecision != null) b.mixedPrecision(mixedPrecision);
                if (iterations != null) b.iterations(iterations);
                if (batch != null) b.batch(batch);
                if (lambda != null) b.methodParameter("lambda", lambda);
                methodParameters.forEach(b::methodParameter);
                if (given(loss)) b.loss(loss.trim());
                if (learningRate != null) b.learningRate(learningRate);
                if (seed != null) b.seed(seed);
                if (checkpointEvery != null) b.checkpointEvery(checkpointEvery);
                if (checkpointMinutes != null) b.checkpointMinutes(checkpointMinutes);
                if (progressEvery != null) b.progressEvery(progressEvery);
                if (device != null && !device.isBlank()) b.device(device.trim());
                if (crop != null) b.crop(crop);
                return b.build();
            } catch (IllegalArgumentException | IllegalStateException e) {
                throw new CryoEtException("Invalid training setting: " + e.getMessage(), e);
            }
        }

        private static boolean given(String choice) {
            return choice != null && !choice.isBlank() && !PRESETS_CHOICE.equals(choice.trim());
        }
    }

    /**
     * The network chosen explicitly (null: the preset's) and the MS-D net's shape (null: its
     * default). Applied to the preset before {@link Overrides}, whose U-Net depth and channels then
     * refuse an MS-D net. An MS-D net starts from PyTorch's default initialisation unless a weight
     * initialisation is given explicitly.
     */
    public record NetworkChoice(String network, Integer msdLayers, Integer msdWidth, Integer msdMaxDilation) {

        public static final NetworkChoice NONE = new NetworkChoice(null, null, null, null);

        /**
         * The preset with this network put in.
         *
         * @param optionName how the shell names an option, given {@code network}, {@code msd-layers},
         *                   {@code msd-width} or {@code msd-max-dilation} (for its errors)
         * @throws CryoEtException naming the option that is unknown or out of range
         */
        public TrainingConfig applyTo(TrainingConfig preset, java.util.function.UnaryOperator<String> optionName) {
            String name = network == null || network.isBlank() ? null : network.trim().toLowerCase(Locale.ROOT);
            if (name != null && !name.equals(NETWORK_UNET) && !name.equals(UNetConfig.TYPE) && !name.equals(NETWORK_MSD)) {
                throw new CryoEtException(optionName.apply("network") + " must be " + NETWORK_UNET + " or " + NETWORK_MSD
                        + ", not '" + network + "'");
            }
            if (!NETWORK_MSD.equals(name)) {
                for (Object[] o : new Object[][] {{"msd-layers", msdLayers}, {"msd-width", msdWidth},
                        {"msd-max-dilation", msdMaxDilation}}) {
                    if (o[1] != null) {
                        throw new CryoEtException(optionName.apply((String) o[0]) + " applies to "
                                + optionName.apply("network") + " " + NETWORK_MSD + " only");
                    }
                }
                return preset;
            }
            MsdConfig net = new MsdConfig(
                    inRange(msdLayers, MsdConfig.DEFAULT_LAYERS, MsdConfig.MAX_LAYERS, optionName.apply("msd-layers")),
                    inRange(msdWidth, MsdConfig.DEFAULT_WIDTH, MsdConfig.MAX_WIDTH, optionName.apply("msd-width")),
                    inRange(msdMaxDilation, MsdConfig.DEFAULT_MAX_DILATION, MsdConfig.MAX_DILATION,
                            optionName.apply("msd-max-dilation")));
            // PyTorch's default init, whatever the preset's: with He-normal weights the final layer
            // passes a large copy of the input through and 50 demo iterations ended far worse
            // (doc/methods.md); an explicit weight-init option still decides
            return preset.toBuilder().network(net).init(UNet3d.Init.PYTORCH_DEFAULT).build();
        }

        private static int inRange(Integer value, int fallback, int max, String option) {
            if (value == null) return fallback;
            if (value < 1 || value > max) {
                throw new CryoEtException(option + " must be 1.." + max + ", got " + value);
            }
            return value;
        }
    }
}
