package org.cryoet.evaluate;

import java.util.List;

import org.cryoet.util.CryoEtException;

/**
 * Settings of a method comparison on the built-in phantom.
 *
 * @param nx,ny,nz   phantom size in voxels
 * @param voxelSize  voxel size in Angstrom (particle sizes are physical, so this sets them in voxels)
 * @param tiltMin    lowest tilt (degrees)
 * @param tiltMax    highest tilt (degrees)
 * @param tiltStep   tilt increment (degrees)
 * @param frames     dose fractions per tilt (even/odd dose split)
 * @param snrDb      SNR of the summed tilt series
 * @param seed       seed of phantom, noise and every method's training
 * @param methods    training methods to compare (registry names); empty: every registered method
 * @param preset     training preset shared by all methods ("demo" or "reference")
 * @param iterations training iterations for every method (0: the preset's)
 * @param crop       training crop and prediction tile edge for every method (0: the preset's)
 * @param particle   particle kind for template matching, averaging and SNR ({@link ParticleTemplate#KINDS})
 * @param particles  number of particles of that kind in the phantom (negative: the phantom's default)
 * @param overwrite  replace an existing report
 */
public record ComparisonOptions(int nx, int ny, int nz, double voxelSize, double tiltMin, double tiltMax,
                                double tiltStep, int frames, double snrDb, long seed, List<String> methods,
                                String preset, long iterations, int crop, String particle, int particles,
                                boolean overwrite) {

    public ComparisonOptions {
        if (nx < 16 || ny < 16 || nz < 16) {
            throw new CryoEtException("Phantom size " + nx + "x" + ny + "x" + nz + " must be at least 16 per axis");
        }
        if (frames < 2) throw new CryoEtException("The dose split needs at least 2 frames per tilt, got " + frames);
        if (iterations < 0) throw new CryoEtException("Iterations must not be negative, got " + iterations);
        if (crop < 0) throw new CryoEtException("Crop must not be negative, got " + crop);
        if (!ParticleTemplate.KINDS.contains(particle)) {
            throw new CryoEtException("Unknown particle kind '" + particle + "' (known: "
                    + String.join(", ", ParticleTemplate.KINDS) + ")");
        }
        methods = methods == null ? List.of() : List.copyOf(methods);
    }

    /** The demo's phantom and acquisition, every registered method, the demo preset, ribosomes. */
    public static ComparisonOptions defaults() {
        return new ComparisonOptions(96, 96, 48, 10.0, -60, 60, 3, 4, -5, 1, List.of(), "demo", 0, 0, "ribosome", -1,
                false);
    }
}
