package org.cryoet.tomo;

import org.cryoet.util.CryoEtException;

/**
 * Settings of a weighted back-projection ({@link FilteredBackProjection}). Sizes (thickness,
 * width) are counted in voxels of the output, i.e. after binning.
 *
 * @param filter         weighting of each projection line before back-projection
 * @param radialCutoff   RADIAL: end of the linear ramp, cycles/pixel (0..0.5); a value of 1 or
 *                       more is read as Fourier pixels out of width/2, as IMOD's RADIAL does
 * @param radialFalloff  RADIAL: sigma of the Gaussian roll-off beyond the cutoff (same units);
 *                       0 cuts off sharply
 * @param sirtIterations SIRT_LIKE: number of SIRT iterations the filter mimics (at least 1)
 * @param thickness      output size along z (beam); 0 = same as the output width
 * @param binning        average-binning of the projections in x and y before reconstruction
 * @param width          output size along x; 0 = detector width (after binning)
 */
public record FbpOptions(FilterType filter, double radialCutoff, double radialFalloff, int sirtIterations,
                         int thickness, int binning, int width) {

    /** Weighting applied to each projection line. */
    public enum FilterType {
        /** Ramp |k| to Nyquist (IMOD's default without RADIAL). */
        RAMP,
        /** Ramp up to a cutoff, then Gaussian fall-off (IMOD RADIAL with FalloffIsTrueSigma 1). */
        RADIAL,
        /** Ramp shaped to mimic N iterations of SIRT (Zeng 2012 Landweber-equivalent filter). */
        SIRT_LIKE
    }

    public static final double DEFAULT_RADIAL_CUTOFF = 0.35;
    public static final double DEFAULT_RADIAL_FALLOFF = 0.035;
    public static final int DEFAULT_SIRT_ITERATIONS = 10;

    public FbpOptions {
        if (filter == null) throw new CryoEtException("No filter type given");
        if (!(radialCutoff > 0) || !Double.isFinite(radialCutoff)) {
            throw new CryoEtException("Radial cutoff must be positive, got " + radialCutoff);
        }
        if (!(radialFalloff >= 0) || !Double.isFinite(radialFalloff)) {
            throw new CryoEtException("Radial fall-off must be zero or positive, got " + radialFalloff);
        }
        if (sirtIterations < 1) throw new CryoEtException("SIRT iterations must be at least 1, got " + sirtIterations);
        if (thickness < 0) throw new CryoEtException("Thickness must be positive, got " + thickness);
        if (binning < 1) throw new CryoEtException("Binning must be at least 1, got " + binning);
        if (width < 0) throw new CryoEtException("Width must be positive, got " + width);
    }

    /** RADIAL 0.35 0.035, thickness = width, no binning. */
    public static FbpOptions defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from these settings. */
    public Builder toBuilder() {
        return new Builder().filter(filter).radial(radialCutoff, radialFalloff).sirtIterations(sirtIterations)
                .thickness(thickness).binning(binning).width(width);
    }

    /** Builder with the defaults RADIAL 0.35/0.035, 10 SIRT iterations, thickness/width from the data, bin 1. */
    public static final class Builder {
        private FilterType filter = FilterType.RADIAL;
        private double radialCutoff = DEFAULT_RADIAL_CUTOFF;
        private double radialFalloff = DEFAULT_RADIAL_FALLOFF;
        private int sirtIterations = DEFAULT_SIRT_ITERATIONS;
        private int thickness;
        private int binning = 1;
        private int width;

        public Builder filter(FilterType f) {
            filter = f;
            return this;
        }

        public Builder radial(double cutoff, double falloff) {
            radialCutoff = cutoff;
            radialFalloff = falloff;
            return this;
        }

        public Builder sirtIterations(int n) {
            sirtIterations = n;
            return this;
        }

        public Builder thickness(int nz) {
            thickness = nz;
            return this;
        }

        public Builder binning(int n) {
            binning = n;
            return this;
        }

        public Builder width(int nx) {
            width = nx;
            return this;
        }

        public FbpOptions build() {
            return new FbpOptions(filter, radialCutoff, radialFalloff, sirtIterations, thickness, binning, width);
        }
    }
}
