package org.cryoet.fiji;

import java.io.File;
import java.nio.file.Path;

import ij.ImagePlus;

import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.widget.FileWidget;

import org.cryoet.fiji.ui.IcetideMonitor;
import org.cryoet.learn.DeviceSelector;
import org.cryoet.learn.TrainingOptions;
import org.cryoet.learn.icetide.IcetideOptions;
import org.cryoet.learn.icetide.IcetideRun;
import org.cryoet.util.CancelledException;
import org.cryoet.util.Progress;
import org.cryoet.volume.Volume;

/**
 * Plugins &gt; Cryo-ET &gt; ICE-TIDE Reconstruction: an implicit volume fitted to the tilt series while
 * every view's shift, in-plane rotation and local deformation are refined; the same library call
 * ({@link IcetideRun}) as {@code cryoet icetide}, with a live view of the data term, the central
 * section and the deformations.
 */
@Plugin(type = Command.class, headless = true, menuPath = "Plugins>Cryo-ET>ICE-TIDE Reconstruction",
        description = "Implicit-volume reconstruction that refines the alignment of every view (tilt axis = Y)")
public class IcetideReconstructionCommand extends TiltSeriesCommand {
    /** Epochs between live-view updates of the section and the deformations. */
    static final int VIEW_EVERY = 10;

    @Parameter(label = "Thickness (voxels)", min = "1", description = "Output size along z (beam)")
    private int thickness = 48;

    @Parameter(label = "Epochs", min = "0", description = "Optimiser steps; 0: the default (600)")
    private int epochs = 0;

    @Parameter(label = "Rays per view", min = "0", description = "Random pixels per view and epoch; 0: the default (24)")
    private int rays_per_view = 0;

    @Parameter(label = "Samples per ray", min = "0", description = "Depth samples per ray; 0: the default (32)")
    private int samples_per_ray = 0;

    @Parameter(label = "Local deformation grid", min = "-1",
            description = "Control points per side; 0: no local deformation; -1: the default (6)")
    private int local_grid = -1;

    @Parameter(label = "Refine in-plane rotation")
    private boolean refine_rotation = true;

    @Parameter(label = "Seed")
    private long seed = 1;

    @Parameter(label = "Device", description = TrainingOptions.DEVICE_HELP)
    private String device = TrainingOptions.DEVICE_DEFAULT;

    @Parameter(label = "Output file", required = false, style = FileWidget.SAVE_STYLE,
            description = "Also write the volume here (.mrc); the checkpoint goes beside it")
    private File output_file;

    @Parameter(label = "Refined transforms (.xf)", required = false, style = FileWidget.SAVE_STYLE,
            description = "IMOD .xf file of the refined per-view transforms")
    private File xf_file;

    @Parameter(label = "Deformations folder", required = false, style = FileWidget.DIRECTORY_STYLE,
            description = "alignment.xf, local_deformation.txt and its quiver plot")
    private File deformations_folder;

    @Parameter(label = "Epochs between checkpoints", min = "1")
    private int checkpoint_every = IcetideRun.CHECKPOINT_EVERY;

    @Parameter(label = "Resume from the checkpoint")
    private boolean resume = false;

    @Parameter(label = "Show live view")
    private boolean show_live_view = true;

    @Parameter(label = "Overwrite", persist = false)
    private boolean overwrite = false;

    @Parameter(type = ItemIO.OUTPUT)
    private ImagePlus volume;

    @Parameter(type = ItemIO.OUTPUT, label = "Final data term")
    private double final_loss;

    private IcetideMonitor monitor;

    /** The live view of the last run (tests). */
    IcetideMonitor monitor() {
        return monitor;
    }

    @Override
    protected void execute() {
        Volume ts = tiltSeries();
        double[] angles = tiltAngles(ts.nz());
        Outputs.checkTarget(output_file, overwrite);
        Outputs.checkTarget(xf_file, overwrite);
        Path out = output_file == null || output_file.getPath().isEmpty() ? null : output_file.toPath();
        IcetideRun.Checkpointing ckpt = new IcetideRun.Checkpointing(out == null ? null
                : IcetideRun.Checkpointing.besides(out), checkpoint_every, resume);
        IcetideOptions opts = new IcetideRun.Settings(epochs > 0 ? epochs : null, rays_per_view > 0 ? rays_per_view
                : null, samples_per_ray > 0 ? samples_per_ray : null, local_grid, refine_rotation, seed)
                .options(thickness);
        DeviceSelector.Choice choice = DeviceSelector.select(orDefault(device, TrainingOptions.DEVICE_DEFAULT));
        log("ICE-TIDE on " + choice + ": " + opts.epochs() + " epochs x " + opts.raysPerView() + " rays per view x "
                + opts.samplesPerRay() + " samples per ray, local " + (opts.local() ? opts.localGrid() + " x "
                + opts.localGrid() : "off") + "; " + opts.alignmentSchedule());
        if (show_live_view && hasUi()) monitor = IcetideMonitor.open(outputTitle(""));
        IcetideRun.Result r;
        try (FijiProgress p = progress("ICE-TIDE")) {
            Progress withMonitor = monitor == null ? p : new Progress() {
                @Override
                public void update(String stage, long done, long total) {
                    p.update(stage, done, total);
                }

                @Override
                public boolean isCancelled() {
                    return p.isCancelled() || monitor.isCancelRequested();
                }
            };
            r = IcetideRun.run(ts, angles, opts, choice.device(), ckpt, withMonitor, (epoch, loss, rec) -> {
                if (monitor == null) return;
                monitor.epoch(epoch, opts.epochs(), loss);
                if (epoch % VIEW_EVERY == 0 || epoch == opts.epochs()) {
                    monitor.section(epoch, rec.slice(opts.thickness() / 2), rec.width(), rec.height());
                    monitor.deformations(rec.alignment(), rec.width(), rec.height());
                }
            });
        } catch (CancelledException e) {
            if (monitor != null) monitor.finished(e.getMessage());
            throw e;
        }
        if (monitor != null) {
            monitor.finished(String.format(java.util.Locale.ROOT, "finished: %d epochs, data term %.5f, %.0f s",
                    opts.epochs(), r.lastLoss(), r.seconds()));
        }
        final_loss = r.lastLoss();
        log(String.format(java.util.Locale.ROOT, "ICE-TIDE finished: data term %.5f, %.1f s", r.lastLoss(), r.seconds()));
        Inputs.writeIfGiven(output_file, r.volume(), false, overwrite, "volume");
        if (xf_file != null && !xf_file.getPath().isEmpty()) r.alignment().writeXf(xf_file.toPath(), overwrite);
        if (deformations_folder != null && !deformations_folder.getPath().isEmpty()) {
            IcetideRun.writeDeformations(r.alignment(), deformations_folder.toPath(), ts.nx(), ts.ny(), overwrite);
        }
        volume = ImageConversion.toImagePlus(r.volume(), outputTitle("_icetide"));
    }
}
