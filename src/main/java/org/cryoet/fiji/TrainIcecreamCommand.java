package org.cryoet.fiji;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import ij.ImagePlus;

import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.widget.FileWidget;

import org.cryoet.fiji.ui.TrainingMonitor;
import org.cryoet.learn.AutomaticMask;
import org.cryoet.learn.IcecreamModel;
import org.cryoet.learn.MethodParameters;
import org.cryoet.learn.Trainer;
import org.cryoet.learn.TrainingConfig;
import org.cryoet.learn.TrainingOptions;
import org.cryoet.learn.TrainingPair;
import org.cryoet.tomo.TiltRange;
import org.cryoet.util.CryoEtException;
import org.cryoet.volume.Volume;

/**
 * Plugins &gt; Cryo-ET &gt; Train ICECREAM: self-supervised training on two half tomograms, saved to a
 * model folder: ICECREAM (Noise2Noise between the halves + rotation equivariance across the missing
 * wedge) by default, or another registered method and loss, with a 3D U-Net or an MS-D net. With a
 * UI, the training monitor shows losses and the progress crop, with Cancel (the
 * last checkpoint stays) and Finish now (stop early, keep the model).
 */
@Plugin(type = Command.class, headless = true, menuPath = "Plugins>Cryo-ET>Train ICECREAM",
        description = "Train an ICECREAM model on two half tomograms")
public class TrainIcecreamCommand extends CryoEtCommand {
    private static final TrainingConfig DEFAULTS = TrainingConfig.defaults();
    /** The weight-initialisation choice that keeps the preset's. */
    static final String PRESETS_CHOICE = TrainingOptions.PRESETS_CHOICE;

    @Parameter(label = "Even half tomogram", required = false)
    private ImagePlus even;

    @Parameter(label = "Even half file", required = false, style = FileWidget.OPEN_STYLE)
    private File even_file;

    @Parameter(label = "Odd half tomogram", required = false)
    private ImagePlus odd;

    @Parameter(label = "Odd half file", required = false, style = FileWidget.OPEN_STYLE)
    private File odd_file;

    @Parameter(label = "Sample mask", required = false, description = "Training crops are taken where the mask is set (optional)")
    private ImagePlus mask;

    @Parameter(label = "Sample mask file", required = false, style = FileWidget.OPEN_STYLE)
    private File mask_file;

    @Parameter(label = "Tilt min (deg)", min = "-90", max = "90", description = "Tilt range of the data: defines the missing wedge")
    private double tilt_min = -60;

    @Parameter(label = "Tilt max (deg)", min = "-90", max = "90")
    private double tilt_max = 60;

    @Parameter(label = "Tilt angles file", required = false, style = FileWidget.OPEN_STYLE,
            description = "A .tlt/.rawtlt file of the data; when given, its range replaces tilt min/max")
    private File tilt_file;

    @Parameter(label = "Automatic sample mask", description = "Without a sample mask, draw crops where the "
            + "automatic (IsoNet-style) mask of the two halves finds sample, as the command line does")
    private boolean mask_automatic = true;

    @Parameter(label = "Preset", choices = {TrainingOptions.PRESET_REFERENCE, TrainingOptions.PRESET_DEMO,
            TrainingOptions.PRESET_CRYOCARE, TrainingOptions.PRESET_DEEPDEWEDGE, TrainingOptions.PRESET_ISONET},
            description = TrainingOptions.PRESET_HELP + " (here: left at 0, or -1 where 0 has a meaning)")
    private String preset = TrainingOptions.PRESET_REFERENCE;

    // SciJava takes choices from the annotation only (a ContextCommand cannot change them at run
    // time): they list the names registered by this plugin, which a test keeps in step with
    // TrainingMethods.names() and LossFunctions.names(); a macro may name any registered one.
    @Parameter(label = "Method", choices = {PRESETS_CHOICE, "icecream", "n2n", "ddw", "isonet"},
            description = TrainingOptions.METHOD_HELP)
    private String method = PRESETS_CHOICE;

    @Parameter(label = "Method parameters", required = false, description = TrainingOptions.METHOD_PARAMETER_HELP
            + "; empty: the preset's or the method's defaults")
    private String method_parameters = "";

    @Parameter(label = "Loss", choices = {PRESETS_CHOICE, "l2", "l1", "fsc"}, description = TrainingOptions.LOSS_HELP)
    private String loss = PRESETS_CHOICE;

    // The settings below are the preset's where they are 0 (checkpoint and progress intervals: -1),
    // as cryoet train takes the preset's value for an option not given.
    @Parameter(label = "Iterations (0: preset's)", min = "0", description = TrainingOptions.ITERATIONS_HELP)
    private long iterations = 0;

    @Parameter(label = "U-Net depth (0: preset's)", min = "0", description = TrainingOptions.DEPTH_HELP)
    private int depth = 0;

    @Parameter(label = "U-Net base channels (0: preset's)", min = "0", description = TrainingOptions.CHANNELS_HELP)
    private int base_channels = 0;

    @Parameter(label = "Network", choices = {TrainingOptions.NETWORK_UNET, TrainingOptions.NETWORK_MSD},
            description = TrainingOptions.NETWORK_HELP)
    private String network = TrainingOptions.NETWORK_UNET;

    @Parameter(label = "MS-D layers (0: default)", min = "0", description = TrainingOptions.MSD_LAYERS_HELP)
    private int msd_layers = 0;

    @Parameter(label = "MS-D width (0: default)", min = "0", description = TrainingOptions.MSD_WIDTH_HELP)
    private int msd_width = 0;

    @Parameter(label = "MS-D max dilation (0: default)", min = "0", description = TrainingOptions.MSD_MAX_DILATION_HELP)
    private int msd_max_dilation = 0;

    @Parameter(label = "Weight initialisation", choices = {PRESETS_CHOICE, "pytorch", "he"},
            description = TrainingOptions.WEIGHT_INIT_HELP)
    private String weight_init = PRESETS_CHOICE;

    @Parameter(label = "Crop (voxels, 0: preset's)", min = "0", description = TrainingOptions.CROP_HELP)
    private int crop = 0;

    @Parameter(label = "Batch (0: preset's)", min = "0", description = TrainingOptions.BATCH_HELP)
    private int batch = 0;

    @Parameter(label = "Learning rate (0: preset's)", min = "0", description = TrainingOptions.LEARNING_RATE_HELP)
    private double learning_rate = 0;

    @Parameter(label = "Equivariance weight (lambda, ICECREAM; -1: preset's)", min = "-1",
            description = TrainingOptions.LAMBDA_HELP)
    private double lambda = -1;

    @Parameter(label = "Seed", description = TrainingOptions.SEED_HELP)
    private long seed = DEFAULTS.seed();

    @Parameter(label = "Device", description = TrainingOptions.DEVICE_HELP)
    private String device = TrainingOptions.DEVICE_DEFAULT;

    @Parameter(label = "Checkpoint every (iterations, -1: preset's)", min = "-1",
            description = TrainingOptions.CHECKPOINT_EVERY_HELP)
    private long checkpoint_every = -1;

    @Parameter(label = "Checkpoint every (minutes)", min = "0", description = TrainingOptions.CHECKPOINT_MINUTES_HELP)
    private double checkpoint_minutes = DEFAULTS.checkpointMinutes();

    @Parameter(label = "Progress crop every (iterations, -1: preset's)", min = "-1",
            description = TrainingOptions.PROGRESS_EVERY_HELP)
    private long progress_every = -1;

    @Parameter(label = "Model folder", style = FileWidget.DIRECTORY_STYLE)
    private File model_directory;

    @Parameter(label = "Start from model", required = false, style = FileWidget.DIRECTORY_STYLE,
            description = "Warm start from the weights of a trained model (optional)")
    private File init_model;

    @Parameter(label = "Resume from checkpoint")
    private boolean resume = false;

    @Parameter(label = "Show training monitor")
    private boolean show_monitor = true;

    @Parameter(label = "Overwrite", persist = false)
    private boolean overwrite = false;

    @Parameter(label = "Iterations done", type = ItemIO.OUTPUT)
    private long iterations_done;

    @Parameter(label = "Last loss", type = ItemIO.OUTPUT)
    private double final_loss;

    @Parameter(label = "Completed", type = ItemIO.OUTPUT)
    private boolean completed;

    private TrainingMonitor monitor;

    /** The library configuration these parameters stand for: the preset with the values set here put in. */
    public TrainingConfig config() {
        return new TrainingOptions.Overrides(orDefault(method, PRESETS_CHOICE),
                MethodParameters.parse(method_parameters, "method_parameters"), orDefault(loss, PRESETS_CHOICE),
                iterations > 0 ? iterations : null, crop > 0 ? crop : null,
                batch > 0 ? batch : null, lambda >= 0 ? lambda : null, base_channels > 0 ? base_channels : null, depth > 0 ? depth : null,
                learning_rate > 0 ? learning_rate : null, seed,
                PRESETS_CHOICE.equals(weight_init) ? null : weight_init,
                checkpoint_every >= 0 ? checkpoint_every : null, checkpoint_minutes,
                progress_every >= 0 ? progress_every : null, orDefault(device, TrainingOptions.DEVICE_DEFAULT), null)
                .applyTo(presetWithNetwork(), "weight_init");
    }

    /** The preset with the network chosen here (MS-D fields left at 0: the MS-D defaults). */
    private TrainingConfig presetWithNetwork() {
        return new TrainingOptions.NetworkChoice(network, msd_layers > 0 ? msd_layers : null,
                msd_width > 0 ? msd_width : null, msd_max_dilation > 0 ? msd_max_dilation : null)
                .applyTo(TrainingOptions.preset(preset), name -> name.replace('-', '_'));
    }

    @Override
    protected void execute() {
        TrainingConfig cfg = config();
        if (model_directory == null || model_directory.getPath().isEmpty()) throw new CryoEtException("No model folder given");
        Path dir = model_directory.toPath();
        if (Files.exists(dir.resolve(IcecreamModel.DESCRIPTION)) && !overwrite && !resume) {
            throw new CryoEtException("Model folder " + dir + " already holds a model; set overwrite or resume");
        }
        Volume e = Inputs.volume(even, even_file, "even");
        Volume o = Inputs.volume(odd, odd_file, "odd");
        String name = Outputs.title(even, even_file, "");
        boolean maskGiven = mask != null || (mask_file != null && !mask_file.getPath().isEmpty());
        Volume m = maskGiven ? Inputs.volume(mask, mask_file, "mask")
                : mask_automatic ? AutomaticMask.compute(e, o, name, this::log) : null;
        TiltRange range = tilt_file != null && !tilt_file.getPath().isEmpty()
                ? TiltRange.read(tilt_file.toPath()).requireMissingWedge(tilt_file.toString())
                : new TiltRange(tilt_min, tilt_max).requireMissingWedge(null);
        Trainer trainer = new Trainer(cfg, List.of(new TrainingPair(e, o, range.min(), range.max(), m, name)), dir)
                .resume(resume).log(this::log);
        if (init_model != null && !init_model.getPath().isEmpty()) trainer.initFrom(init_model.toPath());
        if (show_monitor && hasUi()) {
            monitor = TrainingMonitor.open(name);
            trainer.addListener(monitor);
        }
        TrainingMonitor mon = monitor;
        Trainer.Result r;
        boolean cancelled;
        try (FijiProgress p = FijiProgress.start("Train ICECREAM", statusService, taskService,
                () -> isCanceled() || (mon != null && mon.isCancelRequested()))) {
            org.cryoet.learn.GradMode.offOnThisThread();
            r = trainer.run(p);
            cancelled = p.isCancelled();
        }
        iterations_done = r.iteration();
        final_loss = r.lastLoss();
        completed = r.completed();
        log(String.format(Locale.ROOT, "Training %s at iteration %d (loss %.5g, %.1f s on %s); model in %s",
                r.completed() ? "finished" : cancelled ? "cancelled" : "stopped early", r.iteration(), r.lastLoss(),
                r.seconds(), r.device(), dir));
        // Trainer saves the model and checkpoint when it stops; Cancel (unlike Finish now) still
        // marks the command cancelled so a macro or script does not go on as if training finished.
        if (cancelled && !r.completed() && !isCanceled()) {
            cancel("Training cancelled at iteration " + r.iteration() + "; the checkpoint in " + dir + " is kept (resume=true continues)");
        }
    }

    /** The monitor opened by the last run (null headless or with show_monitor=false). */
    public TrainingMonitor monitor() {
        return monitor;
    }
}
