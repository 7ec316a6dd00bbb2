package org.cryoet.cli;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

import org.cryoet.io.MrcReader;
import org.cryoet.io.MrcWriter;
import org.cryoet.io.TiltAngles;
import org.cryoet.learn.DeviceSelector;
import org.cryoet.learn.icetide.IcetideOptions;
import org.cryoet.learn.icetide.IcetideRun;
import org.cryoet.util.AtomicOutput;
import org.cryoet.util.CancelledException;
import org.cryoet.util.CryoEtException;
import org.cryoet.volume.Volume;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code cryoet icetide}: implicit-volume reconstruction that refines the alignment (ICE-TIDE). */
@Command(name = "icetide", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"ICE-TIDE: fits an implicit volume (grid encoding + MLP) to the tilt series by sampling rays, "
                + "refining every view's shift, in-plane rotation and local deformation at the same time.",
                "Writes the volume (NX x NY x thickness, calibration of the tilt series), the refined transforms as "
                        + "an IMOD .xf file and the local deformations (numbers and quiver plots)."})
public final class IcetideCommand implements Callable<Integer> {

    @Mixin
    ReconstructionInputOptions inputs;

    @Option(names = "--xf-out", description = "Refined per-view transforms, IMOD .xf (raw to aligned).")
    Path xfOut;

    @Option(names = "--deformations-out", description = "Folder for local_deformation.txt, alignment.xf and "
            + "quiver plots of the local deformations.")
    Path deformationsOut;

    @Option(names = "--epochs", description = "Epochs (one optimiser step each). Default: 600.")
    Integer epochs;

    @Option(names = "--rays-per-view", description = "Random pixels per view and epoch. Default: 24 (CPU); "
            + "a GPU affords 256 or more.")
    Integer raysPerView;

    @Option(names = "--samples-per-ray", description = "Depth samples per ray. Default: 32.")
    Integer samplesPerRay;

    @Option(names = "--local-grid", description = "Control points per side of the local deformation. Default: 6.")
    Integer localGrid;

    @Option(names = "--no-local", description = "Refine shifts and rotations only.")
    boolean noLocal;

    @Option(names = "--no-rotation", description = "Keep the in-plane rotations at 0.")
    boolean noRotation;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of initialisation and ray draws. Default: 1.")
    long seed;

    @Option(names = "--checkpoint", description = "Checkpoint file. Default: OUT with extension .icetide.ckpt.")
    Path checkpoint;

    @Option(names = "--checkpoint-every", defaultValue = "" + IcetideRun.CHECKPOINT_EVERY,
            description = "Epochs between checkpoints. Default: ${DEFAULT-VALUE}.")
    int checkpointEvery;

    @Option(names = "--resume", description = "Continue from the checkpoint.")
    boolean resume;

    @Mixin
    DeviceOption device = new DeviceOption();

    @Option(names = "--overwrite", description = "Replace existing outputs.")
    boolean overwrite;

    @Override
    public Integer call() {
        Path tiltSeries = inputs.tiltSeries();
        Path tilts = inputs.tilts();
        Path out = inputs.out();
        AtomicOutput.checkTarget(out, overwrite, tiltSeries, tilts);
        if (xfOut != null) AtomicOutput.checkTarget(xfOut, overwrite, tiltSeries, tilts);
        IcetideRun.Checkpointing ckpt = new IcetideRun.Checkpointing(
                checkpoint != null ? checkpoint : IcetideRun.Checkpointing.besides(out), checkpointEvery, resume);
        IcetideOptions opts = new IcetideRun.Settings(epochs, raysPerView, samplesPerRay, noLocal ? Integer.valueOf(0)
                : localGrid, !noRotation, seed).options(inputs.thickness());

        Volume ts = MrcReader.readFinite(tiltSeries);
        double[] angles = TiltAngles.read(tilts, ts.nz(), tiltSeries);
        DeviceSelector.Choice choice = DeviceSelector.select(device.device());
        System.out.printf(Locale.ROOT, "tilt series   %s (%d x %d, %d images)%n", tiltSeries, ts.nx(), ts.ny(), ts.nz());
        System.out.printf(Locale.ROOT, "device        %s%n", choice);
        System.out.printf(Locale.ROOT, "sampling      %d epochs x %d rays per view x %d samples per ray, local %s%n",
                opts.epochs(), opts.raysPerView(), opts.samplesPerRay(),
                opts.local() ? opts.localGrid() + " x " + opts.localGrid() : "off");
        System.out.printf(Locale.ROOT, "alignment     %s%n", opts.alignmentSchedule());
        long t0 = System.nanoTime();
        IcetideRun.Result r;
        try {
            r = IcetideRun.run(ts, angles, opts, choice.device(), ckpt, ConsoleProgress.stderr(), (epoch, loss, rec) -> {
                if (epoch % checkpointEvery == 0 && epoch < opts.epochs()) {
                    System.out.printf(Locale.ROOT, "epoch %5d   data term %.5f   %.1f s%n", epoch, loss,
                            (System.nanoTime() - t0) / 1e9);
                }
            });
        } catch (CancelledException e) {
            throw new CryoEtException(e.getMessage() + ": continue with --resume");
        }
        if (r.resumedAt() > 0) System.out.printf(Locale.ROOT, "resumed       at epoch %d from %s%n", r.resumedAt(), ckpt.file());
        MrcWriter.write(out, r.volume(), false, overwrite, tiltSeries, tilts);
        if (xfOut != null) r.alignment().writeXf(xfOut, overwrite);
        if (deformationsOut != null) IcetideRun.writeDeformations(r.alignment(), deformationsOut, ts.nx(), ts.ny(), overwrite);
        System.out.printf(Locale.ROOT, "data term     %.5f (mean |residual| / sd of the input)%n", r.lastLoss());
        System.out.printf(Locale.ROOT, "volume        %s%n", out);
        if (xfOut != null) System.out.printf(Locale.ROOT, "transforms    %s%n", xfOut);
        System.out.printf(Locale.ROOT, "time          %.1f s%n", (System.nanoTime() - t0) / 1e9);
        return 0;
    }
}
