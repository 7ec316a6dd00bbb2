package org.cryoet.tomo;

import org.cryoet.util.CryoEtException;

/**
 * Parameters of a simulated single-axis acquisition (see {@link AcquisitionSimulator}).
 *
 * @param tiltMin         most negative tilt (degrees)
 * @param tiltMax         most positive tilt (degrees); the range may be asymmetric
 * @param tiltStep        angular step (degrees); the angles are tiltMin + i * step up to tiltMax
 * @param order           acquisition order
 * @param groupSize       tilts per side visit of the dose-symmetric order (1: 0, +s, -s, +2s, ...)
 * @param framesPerTilt   dose-fractionated frames recorded per tilt (at least 1; 2 or more to dose-split)
 * @param snrDb           target SNR of the summed tilt series, 10 log10(signal variance / noise variance)
 * @param seed            seed of the noise
 * @param detectorWidth   detector width in pixels (0: the volume width)
 * @param doseAttenuation fraction of the signal lost by the last recorded tilt through radiation damage
 *                        (0: none); tilt k of n (in acquisition order) keeps (1 - a)^(k / (n - 1))
 */
public record AcquisitionSpec(double tiltMin, double tiltMax, double tiltStep, AcquisitionOrder order, int groupSize,
                              int framesPerTilt, double snrDb, long seed, int detectorWidth, double doseAttenuation) {

    /** Default SNR (dB) of the summed series: very noisy tilts, structures visible after FBP and a mild blur. */
    public static final double DEFAULT_SNR_DB = -5.0;

    public AcquisitionSpec {
        if (!Double.isFinite(tiltMin) || !Double.isFinite(tiltMax) || tiltMin < -90 || tiltMax > 90
                || !(tiltMax > tiltMin)) {
            throw new CryoEtException("Tilt range " + tiltMin + ".." + tiltMax
                    + " must be increasing and within -90..90 degrees");
        }
        if (!(tiltStep > 0) || !Double.isFinite(tiltStep)) {
            throw new CryoEtException("Tilt step " + tiltStep + " must be positive");
        }
        if (order == null) throw new CryoEtException("No acquisition order given");
        if (groupSize < 1) throw new CryoEtException("Dose-symmetric group size " + groupSize + " must be at least 1");
        if (framesPerTilt < 1) throw new CryoEtException("Frames per tilt " + framesPerTilt + " must be at least 1");
        if (!Double.isFinite(snrDb)) throw new CryoEtException("SNR " + snrDb + " dB must be finite");
        if (detectorWidth < 0) throw new CryoEtException("Detector width " + detectorWidth + " must not be negative");
        if (!(doseAttenuation >= 0 && doseAttenuation < 1)) {
            throw new CryoEtException("Dose attenuation " + doseAttenuation + " must be in [0, 1)");
        }
        if (angleCount(tiltMin, tiltMax, tiltStep) < 2) {
            throw new CryoEtException("Tilt range " + tiltMin + ".." + tiltMax + " with step " + tiltStep
                    + " gives fewer than 2 tilts");
        }
    }

    /** -60..+60 step 3 (41 tilts), dose-symmetric (group size 1), 4 frames per tilt, -5 dB, seed 1. */
    public static AcquisitionSpec defaults() {
        return new AcquisitionSpec(-60, 60, 3, AcquisitionOrder.DOSE_SYMMETRIC, 1, 4, DEFAULT_SNR_DB, 1, 0, 0);
    }

    public AcquisitionSpec withRange(double min, double max, double step) {
        return new AcquisitionSpec(min, max, step, order, groupSize, framesPerTilt, snrDb, seed, detectorWidth,
                doseAttenuation);
    }

    public AcquisitionSpec withOrder(AcquisitionOrder o, int group) {
        return new AcquisitionSpec(tiltMin, tiltMax, tiltStep, o, group, framesPerTilt, snrDb, seed, detectorWidth,
                doseAttenuation);
    }

    public AcquisitionSpec withFrames(int frames) {
        return new AcquisitionSpec(tiltMin, tiltMax, tiltStep, order, groupSize, frames, snrDb, seed, detectorWidth,
                doseAttenuation);
    }

    public AcquisitionSpec withSnrDb(double snr) {
        return new AcquisitionSpec(tiltMin, tiltMax, tiltStep, order, groupSize, framesPerTilt, snr, seed, detectorWidth,
                doseAttenuation);
    }

    public AcquisitionSpec withSeed(long s) {
        return new AcquisitionSpec(tiltMin, tiltMax, tiltStep, order, groupSize, framesPerTilt, snrDb, s, detectorWidth,
                doseAttenuation);
    }

    public AcquisitionSpec withDetectorWidth(int w) {
        return new AcquisitionSpec(tiltMin, tiltMax, tiltStep, order, groupSize, framesPerTilt, snrDb, seed, w,
                doseAttenuation);
    }

    public AcquisitionSpec withDoseAttenuation(double a) {
        return new AcquisitionSpec(tiltMin, tiltMax, tiltStep, order, groupSize, framesPerTilt, snrDb, seed,
                detectorWidth, a);
    }

    /** The tilt angles in stack order (ascending): tiltMin + i * tiltStep, i = 0.., not beyond tiltMax. */
    public double[] angles() {
        int n = angleCount(tiltMin, tiltMax, tiltStep);
        double[] a = new double[n];
        for (int i = 0; i < n; i++) {
            // rounding to 1e-9 keeps 0 and the step multiples exact after the multiplication
            a[i] = Math.round((tiltMin + i * tiltStep) * 1e9) / 1e9;
        }
        return a;
    }

    /** Stack indices in acquisition order (element k: the stack index of the k-th recorded tilt). */
    public int[] acquisitionOrder() {
        return order.order(angles(), groupSize);
    }

    private static int angleCount(double min, double max, double step) {
        double n = Math.floor((max - min) / step + 1e-6) + 1;
        if (n > 100_000) throw new CryoEtException("Tilt step " + step + " gives too many tilts");
        return (int) n;
    }
}
