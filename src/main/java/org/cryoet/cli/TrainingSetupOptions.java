package org.cryoet.cli;

import org.cryoet.learn.MethodParameters;
import org.cryoet.learn.TrainingConfig;
import org.cryoet.learn.TrainingOptions;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;

/**
 * The training setup of {@code cryoet train} (picocli mixin): a preset and the values that
 * replace the preset's. Names and help come from {@link TrainingOptions}, which Fiji's Train
 * ICECREAM uses too.
 */
public final class TrainingSetupOptions {
    @Option(names = "--preset", description = TrainingOptions.PRESET_HELP + " (default reference)")
    String preset = TrainingOptions.PRESET_REFERENCE;

    @Option(names = "--method", paramLabel = "NAME", description = TrainingOptions.METHOD_HELP
            + " (default: the preset's)")
    String method;

    @Option(names = "--method-parameter", paramLabel = "NAME=VALUE", description = TrainingOptions.METHOD_PARAMETER_HELP)
    List<String> methodParameters = new ArrayList<>();

    @Option(names = "--loss", paramLabel = "NAME", description = TrainingOptions.LOSS_HELP + " (default l2)")
    String loss;

    @Option(names = "--iterations", description = TrainingOptions.ITERATIONS_HELP)
    Long iterations;

    @Option(names = "--crop", description = TrainingOptions.CROP_HELP)
    Integer crop;

    @Option(names = "--batch", description = TrainingOptions.BATCH_HELP)
    Integer batch;

    @Option(names = "--lambda", description = TrainingOptions.LAMBDA_HELP)
    Double lambda;

    @Option(names = "--channels", description = TrainingOptions.CHANNELS_HELP)
    Integer channels;

    @Option(names = "--depth", description = TrainingOptions.DEPTH_HELP)
    Integer depth;

    @Option(names = "--lr", description = TrainingOptions.LEARNING_RATE_HELP)
    Double lr;

    @Option(names = "--seed", description = TrainingOptions.SEED_HELP)
    Long seed;

    @Option(names = "--weight-init", description = TrainingOptions.WEIGHT_INIT_HELP)
    String weightInit;

    @Option(names = "--checkpoint-every", description = TrainingOptions.CHECKPOINT_EVERY_HELP)
    Long checkpointEvery;

    @Option(names = "--checkpoint-minutes", description = TrainingOptions.CHECKPOINT_MINUTES_HELP)
    Double checkpointMinutes;

    @Option(names = "--progress-every", description = TrainingOptions.PROGRESS_EVERY_HELP)
    Long progressEvery;

    @Option(names = "--mixed-precision", description = TrainingOptions.MIXED_PRECISION_HELP)
    boolean mixedPrecision;

    @Option(names = "--network", description = TrainingOptions.NETWORK_HELP + " (default: the preset's, unet)")
    String network;

    @Option(names = "--msd-layers", description = TrainingOptions.MSD_LAYERS_HELP)
    Integer msdLayers;

    @Option(names = "--msd-width", description = TrainingOptions.MSD_WIDTH_HELP)
    Integer msdWidth;

    @Option(names = "--msd-max-dilation", description = TrainingOptions.MSD_MAX_DILATION_HELP)
    Integer msdMaxDilation;

    /** The preset with the options given on the command line and the device put in. */
    public TrainingConfig config(String device) {
        return new TrainingOptions.Overrides(method, MethodParameters.parse(methodParameters, "--method-parameter"),
                loss, iterations, crop, batch, lambda, channels, depth, lr, seed, weightInit,
                checkpointEvery, checkpointMinutes, progressEvery, device, mixedPrecision)
                .applyTo(presetWithNetwork(), "--weight-init");
    }

    private TrainingConfig presetWithNetwork() {
        return new TrainingOptions.NetworkChoice(network, msdLayers, msdWidth, msdMaxDilation)
                .applyTo(TrainingOptions.preset(preset), name -> "--" + name);
    }
}
