package org.cryoet.learn.icetide;

import org.cryoet.util.CryoEtException;

/**
 * Settings of an ICE-TIDE reconstruction. One epoch draws {@code raysPerView} random pixels from
 * every view (one optimiser step); the schedule is counted in epochs.
 *
 * @param thickness          slab thickness in voxels (the output depth); samples outside are zero
 * @param epochs             number of epochs (optimiser steps)
 * @param raysPerView        pixels drawn from every view per epoch
 * @param samplesPerRay      depth samples per ray (stratified over the slab)
 * @param volumeLr           learning rate of the encoding tables, MLP and intensity offset
 * @param shiftLr            learning rate of the shifts (pixels)
 * @param rotationLr         learning rate of the in-plane rotations (degrees); 0 keeps them at 0
 * @param localLr            learning rate of the local control-point displacements (pixels)
 * @param lrStepEpochs       every this many epochs all learning rates are multiplied by {@code lrGamma}
 * @param lrGamma            step decay factor
 * @param globalDelay        epochs before shifts and rotations start to move (the volume first fits)
 * @param localDelay         epochs before the local deformation starts to move
 * @param localGrid          control points per side of the local deformation grid; 0 disables it
 * @param shiftPenalty       lambda of mean |shift component| (per pixel)
 * @param rotationPenalty    lambda of mean |rotation| (per degree)
 * @param localPenalty       lambda of mean |control-point displacement| (per pixel)
 * @param meanLocalPenalty   lambda of |mean control-point displacement| per view (per pixel)
 * @param matchFrom          epoch of the first projection-matching round (see {@code matchEvery})
 * @param matchEvery         from epoch {@code matchFrom} on, every this many epochs the shifts, rotations and
 *                           (from {@code localDelay}) local control values of all views are re-estimated by
 *                           projection matching against the current volume (all pixels, Gauss-Newton), and
 *                           they take no gradient steps any more; 0: never, gradient steps refine them to the end
 * @param grid               the implicit volume's shape; null: {@link HashGridSpec#forSize} of the domain
 * @param seed               seed of the initialisation and of the ray draws
 */
public record IcetideOptions(int thickness, int epochs, int raysPerView, int samplesPerRay, double volumeLr,
                             double shiftLr, double rotationLr, double localLr, int lrStepEpochs, double lrGamma,
                             int globalDelay, int localDelay, int localGrid, double shiftPenalty,
                             double rotationPenalty, double localPenalty, double meanLocalPenalty, int matchFrom,
                             int matchEvery, HashGridSpec grid, long seed) {

    public IcetideOptions {
        if (thickness < 1) throw new CryoEtException("The slab thickness must be at least 1 voxel, got " + thickness);
        if (epochs < 1 || raysPerView < 1 || samplesPerRay < 1) {
            throw new CryoEtException("Epochs, rays per view and samples per ray must be positive (got " + epochs + ", "
                    + raysPerView + ", " + samplesPerRay + ")");
        }
        if (localGrid == 1 || localGrid < 0) {
            throw new CryoEtException("The local deformation grid needs at least 2 x 2 control points (0 disables it)");
        }
        if (lrStepEpochs < 1 || !(lrGamma > 0) || globalDelay < 0 || localDelay < 0 || matchFrom < 0
                || matchEvery < 0) {
            throw new CryoEtException("Invalid schedule: step " + lrStepEpochs + " epochs, factor " + lrGamma
                    + ", delays " + globalDelay + " / " + localDelay + ", projection matching from epoch " + matchFrom
                    + " every " + matchEvery);
        }
    }

    /**
     * A setting sized for a CPU and tilt series of about 100 pixels a side: 600 epochs of 24 rays per
     * view and 32 samples per ray; shifts and rotations refined from epoch 40, the local deformation
     * (6 x 6 control points) from epoch 250; from epoch 200 on by projection matching every 50
     * epochs instead of gradient steps.
     */
    public static IcetideOptions cpuDefault(int thickness) {
        return new IcetideOptions(thickness, 600, 24, 32, 1e-2, 0.05, 0.01, 0.01, 200, 0.5, 40, 250, 6,
                1e-4, 1e-4, 1e-3, 1e-2, MATCH_FROM, MATCH_EVERY, null, 1);
    }

    static final int MATCH_FROM = 200, MATCH_EVERY = 50;

    /**
     * Whether projection matching runs before the step of {@code epoch}: every {@code matchEvery}
     * epochs from {@code matchFrom}, and once more before the last step, so that the written
     * alignment is matched against the final volume.
     */
    public boolean matchesAt(int epoch) {
        return matchEvery > 0 && epoch >= matchFrom
                && ((epoch - matchFrom) % matchEvery == 0 || epoch == epochs - 1);
    }

    /** How the deformations are refined, in words (the shells print it with the sampling). */
    public String alignmentSchedule() {
        String what = rotationLr > 0 ? "shifts and rotations" : "shifts";
        if (matchEvery == 0 || matchFrom >= epochs) return what + " by gradient steps from epoch " + globalDelay;
        return what + (matchFrom > globalDelay ? " by gradient steps from epoch " + globalDelay + ", then" : "")
                + " by projection matching every " + matchEvery + " epochs from epoch " + matchFrom
                + " and before the last epoch"
                + (local() ? " (with the local deformation from epoch " + Math.max(localDelay, matchFrom) + ")" : "");
    }

    /** Whether the local control values take gradient steps at {@code epoch}. */
    public boolean localGradientAt(int epoch) {
        return local() && epoch >= localDelay && (matchEvery == 0 || epoch < matchFrom);
    }

    /** Whether shifts and rotations take gradient steps at {@code epoch}. */
    public boolean globalGradientAt(int epoch) {
        return epoch >= globalDelay && (matchEvery == 0 || epoch < matchFrom);
    }

    public boolean local() {
        return localGrid >= 2;
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Changes some settings of a copy ({@link #toBuilder()}); {@link #build()} checks them. */
    public static final class Builder {
        private int thickness, epochs, raysPerView, samplesPerRay, lrStepEpochs, globalDelay, localDelay, localGrid,
                matchFrom, matchEvery;
        private double volumeLr, shiftLr, rotationLr, localLr, lrGamma, shiftPenalty, rotationPenalty, localPenalty,
                meanLocalPenalty;
        private HashGridSpec grid;
        private long seed;

        private Builder(IcetideOptions o) {
            thickness = o.thickness;
            epochs = o.epochs;
            raysPerView = o.raysPerView;
            samplesPerRay = o.samplesPerRay;
            volumeLr = o.volumeLr;
            shiftLr = o.shiftLr;
            rotationLr = o.rotationLr;
            localLr = o.localLr;
            lrStepEpochs = o.lrStepEpochs;
            lrGamma = o.lrGamma;
            globalDelay = o.globalDelay;
            localDelay = o.localDelay;
            localGrid = o.localGrid;
            shiftPenalty = o.shiftPenalty;
            rotationPenalty = o.rotationPenalty;
            localPenalty = o.localPenalty;
            meanLocalPenalty = o.meanLocalPenalty;
            matchFrom = o.matchFrom;
            matchEvery = o.matchEvery;
            grid = o.grid;
            seed = o.seed;
        }

        public Builder epochs(int e) {
            epochs = e;
            return this;
        }

        public Builder sampling(int rays, int samples) {
            raysPerView = rays;
            samplesPerRay = samples;
            return this;
        }

        public Builder schedule(int stepEpochs, double gamma, int global, int localStart) {
            lrStepEpochs = stepEpochs;
            lrGamma = gamma;
            globalDelay = global;
            localDelay = localStart;
            return this;
        }

        public Builder learningRates(double volume, double shift, double rotation, double localRate) {
            volumeLr = volume;
            shiftLr = shift;
            rotationLr = rotation;
            localLr = localRate;
            return this;
        }

        /** Keeps the in-plane rotations at 0. */
        public Builder noRotation() {
            rotationLr = 0;
            return this;
        }

        /** Projection matching from epoch {@code from} every {@code every} epochs; every 0 switches it off. */
        public Builder projectionMatching(int from, int every) {
            matchFrom = from;
            matchEvery = every;
            return this;
        }

        public Builder localGrid(int g) {
            localGrid = g;
            return this;
        }

        public Builder grid(HashGridSpec g) {
            grid = g;
            return this;
        }

        public Builder seed(long s) {
            seed = s;
            return this;
        }

        public IcetideOptions build() {
            return new IcetideOptions(thickness, epochs, raysPerView, samplesPerRay, volumeLr, shiftLr, rotationLr,
                    localLr, lrStepEpochs, lrGamma, globalDelay, localDelay, localGrid, shiftPenalty, rotationPenalty,
                    localPenalty, meanLocalPenalty, matchFrom, matchEvery, grid, seed);
        }
    }
}
