package org.cryoet.learn.icetide;

import java.nio.file.Files;
import java.nio.file.Path;

import ai.djl.Device;

import org.cryoet.render.QuiverPlot;
import org.cryoet.tomo.Misalignment;
import org.cryoet.util.CancelledException;
import org.cryoet.util.CryoEtException;
import org.cryoet.util.Progress;
import org.cryoet.volume.Volume;

/**
 * One ICE-TIDE reconstruction as the command line and Fiji run it: the user's settings on top of
 * {@link IcetideOptions#cpuDefault}, checkpoints every so many epochs and on cancellation, resume,
 * and the deformation outputs. Both shells call {@link #run} with the same {@link Settings}, so the
 * same inputs give the same volume from a menu, a macro and {@code cryoet icetide}.
 */
public final class IcetideRun {
    /** Default epochs between checkpoints. */
    public static final int CHECKPOINT_EVERY = 50;

    private IcetideRun() {
    }

    /**
     * What a user chooses; null (or, for the local grid, a negative value) keeps the default of
     * {@link IcetideOptions#cpuDefault}.
     *
     * @param epochs         optimiser steps
     * @param raysPerView    random pixels per view and epoch
     * @param samplesPerRay  depth samples per ray
     * @param localGrid      control points per side of the local deformation; 0 switches it off
     * @param refineRotation refine the in-plane rotation of every view
     * @param seed           seed of the initialisation and of the ray draws
     */
    public record Settings(Integer epochs, Integer raysPerView, Integer samplesPerRay, Integer localGrid,
                           boolean refineRotation, long seed) {
        /** The full options for a slab of this thickness. */
        public IcetideOptions options(int thickness) {
            IcetideOptions d = IcetideOptions.cpuDefault(thickness);
            IcetideOptions.Builder b = d.toBuilder().seed(seed);
            if (epochs != null) b.epochs(epochs);
            b.sampling(raysPerView != null ? raysPerView : d.raysPerView(),
                    samplesPerRay != null ? samplesPerRay : d.samplesPerRay());
            if (localGrid != null && localGrid >= 0) b.localGrid(localGrid);
            if (!refineRotation) b.noRotation();
            return b.build();
        }
    }

    /**
     * Where the run keeps its state.
     *
     * @param file   checkpoint file, or null for none
     * @param every  epochs between checkpoints
     * @param resume continue from {@code file}
     */
    public record Checkpointing(Path file, int every, boolean resume) {
        public Checkpointing {
            if (every < 1) throw new CryoEtException("Epochs between checkpoints must be at least 1, got " + every);
            if (resume && (file == null || !Files.exists(file))) {
                throw new CryoEtException("Cannot resume: checkpoint " + file + " does not exist");
            }
        }

        /** The checkpoint beside an output volume: {@code OUT.icetide.ckpt}. */
        public static Path besides(Path out) {
            return out.resolveSibling(out.getFileName() + ".icetide.ckpt");
        }
    }

    /** Reports after every epoch, with the running reconstruction (for live views). */
    public interface Listener {
        void epochDone(int epoch, double loss, IcetideReconstruction reconstruction);
    }

    /**
     * @param volume     the reconstruction (input width x height x thickness, the input's calibration)
     * @param alignment  the refined per-view deformations
     * @param lastLoss   data term of the last epoch (mean |residual| / sd of the input)
     * @param resumedAt  epoch the run continued from, 0 for a fresh run
     * @param seconds    wall time
     */
    public record Result(Volume volume, Misalignment alignment, double lastLoss, int resumedAt, double seconds) {
    }

    /**
     * Runs all epochs (or the remaining ones), writing checkpoints; on cancellation a checkpoint is
     * written and a {@link CancelledException} names it.
     */
    public static Result run(Volume tiltSeries, double[] anglesDeg, IcetideOptions options, Device device,
                             Checkpointing checkpoints, Progress progress, Listener listener) {
        long t0 = System.nanoTime();
        try (IcetideReconstruction rec = new IcetideReconstruction(tiltSeries, anglesDeg, options, device)) {
            int resumedAt = 0;
            Path ckpt = checkpoints.file();
            if (checkpoints.resume()) {
                rec.loadCheckpoint(ckpt);
                resumedAt = rec.epoch();
            }
            try {
                rec.run(progress, (epoch, loss, r) -> {
                    if (ckpt != null && epoch % checkpoints.every() == 0 && epoch < options.epochs()) {
                        r.saveCheckpoint(ckpt);
                    }
                    if (listener != null) listener.epochDone(epoch, loss, r);
                });
            } catch (CancelledException e) {
                if (ckpt == null) throw e;
                rec.saveCheckpoint(ckpt);
                throw new CancelledException("ICE-TIDE at epoch " + rec.epoch() + " (checkpoint " + ckpt
                        + "; resume continues from there)");
            }
            if (ckpt != null) rec.saveCheckpoint(ckpt);
            Volume vol = rec.volume(progress);
            return new Result(vol, rec.alignment(), rec.lastLoss(), resumedAt, (System.nanoTime() - t0) / 1e9);
        }
    }

    /**
     * Writes the deformation outputs into {@code dir}: {@code alignment.xf} and, when the local
     * deformation was refined, {@code local_deformation.txt} and its quiver plot
     * {@code local_deformation.png}.
     */
    public static void writeDeformations(Misalignment alignment, Path dir, int width, int height, boolean overwrite) {
        try {
            Files.createDirectories(dir);
        } catch (java.io.IOException e) {
            throw new CryoEtException("Cannot create folder " + dir + ": " + e.getMessage(), e);
        }
        alignment.writeXf(dir.resolve("alignment.xf"), overwrite);
        if (alignment.hasLocal()) {
            alignment.writeLocal(dir.resolve("local_deformation.txt"), width, height, overwrite);
            QuiverPlot.write(dir.resolve("local_deformation.png"), alignment, width, height, overwrite);
        }
    }
}
