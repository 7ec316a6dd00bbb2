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
        return toBuilder().tiltMin(min).tiltMax(max).tiltStep(step).build();
    }

    public AcquisitionSpec withOrder(AcquisitionOrder o, int group) {
        return toBuilder().order(o).groupSize(group).build();
    }

    public AcquisitionSpec withFrames(int frames) {
        return toBuilder().framesPerTilt(frames).build();
    }

    public AcquisitionSpec withSnrDb(double snr) {
        return toBuilder().snrDb(snr).build();
    }

    public AcquisitionSpec withSeed(long s) {
        return toBuilder().seed(s).build();
    }

    public AcquisitionSpec withDetectorWidth(int w) {
        return toBuilder().detectorWidth(w).build();
    }

    public AcquisitionSpec withDoseAttenuation(double a) {
        return toBuilder().doseAttenuation(a).build();
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

    /** A builder holding this spec's values, to change some of them. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Changes some values of a spec; {@link #build()} checks them as the constructor does. */
    public static final class Builder {
        private double tiltMin;
        private double tiltMax;
        private double tiltStep;
        private AcquisitionOrder order;
        private int groupSize;
        private int framesPerTilt;
        private double snrDb;
        private long seed;
        private int detectorWidth;
        private double doseAttenuation;

        private Builder(AcquisitionSpec s) {
            tiltMin = s.tiltMin;
            tiltMax = s.tiltMax;
            tiltStep = s.tiltStep;
            order = s.order;
            groupSize = s.groupSize;
            framesPerTilt = s.framesPerTilt;
            snrDb = s.snrDb;
            seed = s.seed;
            detectorWidth = s.detectorWidth;
            doseAttenuation = s.doseAttenuation;
        }

        public Builder tiltMin(double v) {
            tiltMin = v;
            return this;
        }

        public Builder tiltMax(double v) {
            tiltMax = v;
            return this;
        }

        public Builder tiltStep(double v) {
            tiltStep = v;
            return this;
        }

        public Builder order(AcquisitionOrder v) {
            order = v;
            return this;
        }

        public Builder groupSize(int v) {
            groupSize = v;
            return this;
        }

        public Builder framesPerTilt(int v) {
            framesPerTilt = v;
            return this;
        }

        public Builder snrDb(double v) {
            snrDb = v;
            return this;
        }

        public Builder seed(long v) {
            seed = v;
            return this;
        }

        public Builder detectorWidth(int v) {
            detectorWidth = v;
            return this;
        }

        public Builder doseAttenuation(double v) {
            doseAttenuation = v;
            return this;
        }

        public AcquisitionSpec build() {
            return new AcquisitionSpec(tiltMin, tiltMax, tiltStep, order, groupSize, framesPerTilt, snrDb, seed, detectorWidth, doseAttenuation);
        }
    }
}
