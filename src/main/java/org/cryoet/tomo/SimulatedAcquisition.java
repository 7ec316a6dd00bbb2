package org.cryoet.tomo;

import org.cryoet.volume.Volume;

/**
 * The result of {@link AcquisitionSimulator}. Every image stack is in stack order: sorted by
 * angle, as IMOD stacks are.
 *
 * @param groundTruth      the phantom (x, y, z)
 * @param clean            noise-free tilt series (width x ny x tilts), including any dose attenuation
 * @param tiltSeries       the recorded tilt series: for each tilt, the sum of its frames
 * @param frames           all frames (width x ny x tilts*F), grouped by tilt in stack order; within a tilt,
 *                         frames are in recording order: frame k of tilt t is section {@code t * F + k}
 * @param anglesDeg        tilt angles in stack order (ascending)
 * @param acquisitionOrder element k: the stack index of the k-th recorded tilt
 * @param framesPerTilt    F
 * @param signalVariance   mean over tilts of the variance of each clean tilt image (its own mean removed)
 * @param noiseSigma       standard deviation of the noise in the summed tilt series (each frame: noiseSigma / sqrt(F))
 * @param misalignment     the deformation applied to each clean image (identity when none was asked for)
 */
public record SimulatedAcquisition(Volume groundTruth, Volume clean, Volume tiltSeries, Volume frames,
                                   double[] anglesDeg, int[] acquisitionOrder, int framesPerTilt,
                                   double signalVariance, double noiseSigma, Misalignment misalignment) {

    /** The section of {@link #frames()} holding frame {@code frame} of stack tilt {@code tilt}. */
    public int frameSection(int tilt, int frame) {
        return tilt * framesPerTilt + frame;
    }

    /** The angles in the order they were recorded (the content of an {@code order.txt}). */
    public double[] anglesInAcquisitionOrder() {
        double[] a = new double[acquisitionOrder.length];
        for (int k = 0; k < a.length; k++) a[k] = anglesDeg[acquisitionOrder[k]];
        return a;
    }

    /** The target SNR realised by the noise, measured against the clean series (see {@link AcquisitionSimulator#snrDb}). */
    public double measuredSnrDb() {
        return AcquisitionSimulator.snrDb(clean, tiltSeries);
    }
}
