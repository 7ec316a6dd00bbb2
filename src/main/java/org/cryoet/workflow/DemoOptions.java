package org.cryoet.workflow;

import org.cryoet.util.CryoEtException;

/**
 * Settings of the end-to-end demo. Defaults are chosen so that the whole demo (simulation,
 * reconstruction, training, prediction, report) finishes in under 10 minutes on a 2-core CPU.
 *
 * @param nx,ny,nz      phantom size in voxels
 * @param tiltMin       lowest tilt (degrees)
 * @param tiltMax       highest tilt (degrees)
 * @param tiltStep      tilt increment (degrees)
 * @param frames        dose fractions per tilt (dose split into even/odd frames)
 * @param snrDb         SNR of the summed tilt series
 * @param seed          seed of phantom, noise and training
 * @param iterations    training iterations (0: the demo preset's)
 * @param overwrite     replace an existing report
 * @param init          trained model folder to start training from (warm start); null: fresh weights
 */
public record DemoOptions(int nx, int ny, int nz, double tiltMin, double tiltMax, double tiltStep, int frames,
                          double snrDb, long seed, long iterations, boolean overwrite, java.nio.file.Path init) {

    public DemoOptions {
        if (nx < 16 || ny < 16 || nz < 16) {
            throw new CryoEtException("Demo size " + nx + "x" + ny + "x" + nz + " must be at least 16 per axis");
        }
        if (frames < 2) throw new CryoEtException("The demo's dose split needs at least 2 frames per tilt");
        if (iterations < 0) throw new CryoEtException("Iterations must not be negative");
    }

    public static DemoOptions defaults() {
        return new DemoOptions(96, 96, 48, -60, 60, 3, 4, -5, 1, 0, false, null);
    }
}
