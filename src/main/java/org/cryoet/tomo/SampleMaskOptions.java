package org.cryoet.tomo;

import org.cryoet.util.CryoEtException;

/**
 * Parameters of the automatic sample mask ({@link SampleMask}); defaults are ICECREAM's
 * ({@code mask_tomo_side = 5}, {@code mask_tomo_density_perc = 50}, {@code mask_tomo_std_perc = 50}).
 *
 * @param densityPercentage percentage of (binned) voxels kept by the local-density criterion;
 *                          above 99.8 the criterion is switched off
 * @param stdPercentage     percentage kept by the local standard-deviation criterion; above 99.8 off
 * @param side              smoothing σ = side/2 and neighbourhood edge 2·side + 1, in binned voxels
 * @param zCrop             fraction of the z extent removed, half from the top and half from the bottom
 *                          (0 = none; IsoNet's {@code z_crop})
 */
public record SampleMaskOptions(double densityPercentage, double stdPercentage, int side, double zCrop) {

    public static final SampleMaskOptions DEFAULTS = new SampleMaskOptions(50, 50, 5, 0);

    public SampleMaskOptions {
        if (!(densityPercentage > 0 && densityPercentage <= 100)) {
            throw new CryoEtException("Density percentage must be in (0, 100], got " + densityPercentage);
        }
        if (!(stdPercentage > 0 && stdPercentage <= 100)) {
            throw new CryoEtException("Std percentage must be in (0, 100], got " + stdPercentage);
        }
        if (side < 1) throw new CryoEtException("Mask side must be at least 1, got " + side);
        if (!(zCrop >= 0 && zCrop < 1)) throw new CryoEtException("z-crop must be in [0, 1), got " + zCrop);
    }

    public SampleMaskOptions withDensityPercentage(double p) {
        return new SampleMaskOptions(p, stdPercentage, side, zCrop);
    }

    public SampleMaskOptions withStdPercentage(double p) {
        return new SampleMaskOptions(densityPercentage, p, side, zCrop);
    }

    public SampleMaskOptions withZCrop(double f) {
        return new SampleMaskOptions(densityPercentage, stdPercentage, side, f);
    }
}
