package org.cryoet.learn;

import org.cryoet.tomo.SampleMask;
import org.cryoet.tomo.SampleMaskOptions;
import org.cryoet.volume.Volume;

import java.util.Locale;
import java.util.function.Consumer;

/**
 * The automatic sample mask policy of training, the same in every shell: when no mask is given,
 * crops are drawn where the IsoNet-style mask of the two halves says there is sample (as the
 * reference does); when the mask would cover almost nothing (featureless data such as pure noise)
 * or the tomogram is too large to hold in memory for it, crops are drawn everywhere and a note
 * says so.
 */
public final class AutomaticMask {

    /** Largest tomogram (voxels) for which the automatic mask is computed in memory. */
    public static final long MAX_VOXELS = 1L << 28;

    /** Below this coverage the automatic mask is not used. */
    public static final double MIN_FRACTION = 0.05;

    private AutomaticMask() {
    }

    /** True if a tomogram of these dimensions is small enough for the automatic mask. */
    public static boolean fits(long nx, long ny, long nz) {
        return nx * ny * nz <= MAX_VOXELS;
    }

    /** The note for a tomogram too large for the automatic mask. */
    public static String tooLargeNote(String name) {
        return "note: " + name + " is too large for the automatic mask in memory; crops are drawn everywhere "
                + "(give a mask, e.g. from `cryoet mask` or Compute Sample Mask, to restrict them)";
    }

    /**
     * The automatic mask of a pair, or null (crops everywhere) when it covers less than
     * {@link #MIN_FRACTION}; {@code log} receives one line either way.
     */
    public static Volume compute(Volume even, Volume odd, String name, Consumer<String> log) {
        Volume mask = SampleMask.compute(even, odd, SampleMaskOptions.DEFAULTS);
        double fraction = SampleMask.fraction(mask);
        if (fraction < MIN_FRACTION) {
            log.accept(String.format(Locale.ROOT, "note: the automatic mask of %s covers only %.1f %% of the volume; "
                    + "crops are drawn everywhere", name, 100 * fraction));
            return null;
        }
        log.accept(String.format(Locale.ROOT, "automatic mask of %s covers %.0f %% of the volume", name, 100 * fraction));
        return mask;
    }
}
