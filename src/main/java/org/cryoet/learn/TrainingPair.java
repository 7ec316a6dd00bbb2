package org.cryoet.learn;

import org.cryoet.volume.VolumeSource;
import org.cryoet.volume.Volume;

/**
 * One pair of independent half tomograms (e.g. even/odd frames) with its tilt range and an
 * optional sample mask (voxels &gt; 0.5 count as sample). The volumes are {@link VolumeSource}s,
 * so they may be memory-mapped files that are never loaded whole.
 *
 * @param name     label for logs and model.json (e.g. the file names)
 */
public record TrainingPair(VolumeSource even, VolumeSource odd, double tiltMin, double tiltMax, VolumeSource mask,
                           String name) {

    /** A pair of in-memory volumes (mask may be null). */
    public TrainingPair(Volume even, Volume odd, double tiltMin, double tiltMax, Volume mask, String name) {
        this(VolumeSource.of(even, name + " (even)"), VolumeSource.of(odd, name + " (odd)"), tiltMin, tiltMax,
                mask == null ? null : VolumeSource.of(mask, name + " (mask)"), name);
    }


    public TrainingPair {
        if (even.nx() != odd.nx() || even.ny() != odd.ny() || even.nz() != odd.nz()) {
            throw new org.cryoet.util.CryoEtException("Half tomograms of " + name + " differ in size: "
                    + even.nx() + "x" + even.ny() + "x" + even.nz() + " vs " + odd.nx() + "x" + odd.ny() + "x" + odd.nz());
        }
        if (mask != null && (mask.nx() != even.nx() || mask.ny() != even.ny() || mask.nz() != even.nz())) {
            throw new org.cryoet.util.CryoEtException("Mask of " + name + " does not match the half tomograms in size");
        }
        if (!(tiltMin < tiltMax) || tiltMin < -90 || tiltMax > 90) {
            throw new org.cryoet.util.CryoEtException("Invalid tilt range [" + tiltMin + ", " + tiltMax + "] for " + name);
        }
    }
}
