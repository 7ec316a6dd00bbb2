package org.cryoet.tomo;

import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;

import org.cryoet.util.CryoEtException;
import org.cryoet.util.Parallel;
import org.cryoet.util.Progress;
import org.cryoet.volume.Volume;

/**
 * Simulates a dose-fractionated single-axis tilt series of a volume.
 *
 * <p>Model: the clean tilt image at angle theta is the line-integral projection of the volume
 * ({@link ForwardProjector}, tilt axis y). If a background layer is given (the ice layer of a
 * {@link Phantom}), the volume minus that layer is projected and the layer is added analytically
 * as a laterally infinite slab (its integral over z divided by |cos theta|): the sample then
 * behaves like a real lamella that extends beyond the field of view, and no artificial edges
 * appear at high tilt. An optional dose attenuation scales tilt k of n (in acquisition order) by
 * (1 - a)^(k / (n - 1)). Each tilt is recorded as F frames, frame = clean / F + Gaussian noise of
 * variance sigma^2 / F, independent between frames and pixels; the tilt series is the sum of the
 * frames, so its noise has variance sigma^2. sigma is chosen from the target SNR:
 * SNR_dB = 10 log10(S / sigma^2), S = mean over tilts of the variance of each clean image.
 * The per-image mean is left out of S because it carries no structure (it is mostly the ice
 * thickness, which grows as 1 / cos theta).
 *
 * <p>An optional {@link Misalignment} deforms each clean image (shift, in-plane rotation, local
 * deformation) before the noise is added, as stage drift and beam-induced motion do. The noise
 * depends only on the seed and the frame index, so the same simulation without misalignment has
 * the same noise: the perfectly aligned counterpart of a misaligned series.
 */
public final class AcquisitionSimulator {
    private AcquisitionSimulator() {
    }

    /** Generates the phantom and simulates its acquisition, with the ice layer treated as laterally infinite. */
    public static SimulatedAcquisition simulate(PhantomSpec phantom, AcquisitionSpec spec, Progress progress) {
        Volume gt = Phantom.generate(phantom, progress);
        return simulate(gt, Phantom.iceProfile(phantom), spec, progress);
    }

    /** Simulates the acquisition of any volume (its support is the object: projected as is). */
    public static SimulatedAcquisition simulate(Volume groundTruth, AcquisitionSpec spec, Progress progress) {
        return simulate(groundTruth, null, spec, progress);
    }

    /**
     * Simulates the acquisition of {@code groundTruth}.
     *
     * @param backgroundLayer density per z section of a laterally infinite layer contained in the volume
     *                        (e.g. {@link Phantom#iceProfile}); null for none
     */
    public static SimulatedAcquisition simulate(Volume groundTruth, double[] backgroundLayer, AcquisitionSpec spec,
                                                Progress progress) {
        return simulate(groundTruth, backgroundLayer, spec, null, progress);
    }

    /** Generates the phantom and simulates its acquisition with the given misalignment (null for none). */
    public static SimulatedAcquisition simulate(PhantomSpec phantom, AcquisitionSpec spec, Misalignment misalignment,
                                                Progress progress) {
        Volume gt = Phantom.generate(phantom, progress);
        return simulate(gt, Phantom.iceProfile(phantom), spec, misalignment, progress);
    }

    /**
     * Simulates the acquisition of {@code groundTruth} with each clean image deformed by
     * {@code misalignment} (stack order; null for none) before the noise is added.
     */
    public static SimulatedAcquisition simulate(Volume groundTruth, double[] backgroundLayer, AcquisitionSpec spec,
                                                Misalignment misalignment, Progress progress) {
        double[] angles = spec.angles();
        int[] order = spec.acquisitionOrder();
        int n = angles.length;
        int width = spec.detectorWidth() > 0 ? spec.detectorWidth() : groundTruth.nx();
        int ny = groundTruth.ny();
        int area = width * ny;
        int frames = spec.framesPerTilt();
        if ((long) area * n * frames > Integer.MAX_VALUE - 16) {
            throw new CryoEtException("The frame stack " + width + "x" + ny + "x" + (n * frames)
                    + " is too large; use fewer frames, tilts or a smaller volume");
        }

        progress.update("Projecting", 0, n);
        Volume clean;
        if (backgroundLayer != null) {
            if (backgroundLayer.length != groundTruth.nz()) {
                throw new IllegalArgumentException("background layer has " + backgroundLayer.length
                        + " sections, volume " + groundTruth.nz());
            }
            Volume objects = groundTruth.copy();
            float[] o = objects.data();
            int slice = groundTruth.nx() * ny;
            double layerIntegral = 0;
            for (int z = 0; z < backgroundLayer.length; z++) {
                float b = (float) backgroundLayer[z];
                layerIntegral += backgroundLayer[z];
                for (int i = z * slice, end = i + slice; i < end; i++) o[i] -= b;
            }
            clean = ForwardProjector.project(objects, angles, width);
            float[] c = clean.data();
            for (int t = 0; t < n; t++) {
                double cos = Math.abs(Math.cos(Math.toRadians(angles[t])));
                if (cos < 1e-6) throw new CryoEtException("A laterally infinite layer cannot be projected at 90 degrees");
                float add = (float) (layerIntegral / cos);
                for (int i = t * area, end = i + area; i < end; i++) c[i] += add;
            }
        } else {
            clean = ForwardProjector.project(groundTruth, angles, width);
        }
        clean.setCalibration(groundTruth.calibration());
        progress.update("Projecting", n, n);
        progress.checkCancelled("Simulation");

        float[] c = clean.data();
        if (spec.doseAttenuation() > 0 && n > 1) {
            for (int k = 0; k < n; k++) {
                float f = (float) Math.pow(1 - spec.doseAttenuation(), k / (double) (n - 1));
                for (int i = order[k] * area, end = i + area; i < end; i++) c[i] *= f;
            }
        }

        // the noise level follows the ideal images: a misaligned series and its aligned twin get the same noise
        double signal = meanImageVariance(clean);
        if (misalignment != null) {
            if (misalignment.size() != n) {
                throw new CryoEtException("The misalignment has " + misalignment.size() + " views, the acquisition "
                        + n + " tilts");
            }
            clean = misalignment.apply(clean);
        }
        float[] recorded = clean.data();
        double sigma = Math.sqrt(signal / Math.pow(10, spec.snrDb() / 10));
        double frameSigma = sigma / Math.sqrt(frames);
        float invF = 1f / frames;

        Volume frameStack = Volume.create(width, ny, n * frames, groundTruth.calibration());
        Volume series = Volume.create(width, ny, n, groundTruth.calibration());
        float[] fs = frameStack.data();
        float[] ts = series.data();
        AtomicInteger done = new AtomicInteger();
        Parallel.forEach(n, t -> {
            progress.checkCancelled("Simulation");
            int src = t * area;
            for (int k = 0; k < frames; k++) {
                int section = t * frames + k;
                SplittableRandom rng = new SplittableRandom(mix(spec.seed(), section));
                int dst = section * area;
                for (int i = 0; i < area; i++) {
                    fs[dst + i] = (float) (recorded[src + i] * invF + frameSigma * rng.nextGaussian());
                }
            }
            // the tilt image is the plain float sum of its frames, in recording order
            for (int i = 0; i < area; i++) {
                float sum = 0;
                for (int k = 0; k < frames; k++) sum += fs[(t * frames + k) * area + i];
                ts[src + i] = sum;
            }
            progress.update("Recording frames", done.incrementAndGet(), n);
        });
        return new SimulatedAcquisition(groundTruth, clean, series, frameStack, angles, order, frames, signal, sigma,
                misalignment != null ? misalignment : Misalignment.none(n));
    }

    /** Mean over sections of the variance of each section around its own mean. */
    public static double meanImageVariance(Volume stack) {
        int area = stack.nx() * stack.ny();
        float[] d = stack.data();
        double total = 0;
        for (int t = 0; t < stack.nz(); t++) {
            double sum = 0;
            for (int i = t * area, end = i + area; i < end; i++) sum += d[i];
            double mean = sum / area;
            double ss = 0;
            for (int i = t * area, end = i + area; i < end; i++) {
                double e = d[i] - mean;
                ss += e * e;
            }
            total += ss / area;
        }
        return total / stack.nz();
    }

    /**
     * SNR (dB) of {@code noisy} against {@code clean}: 10 log10(S / N) with S the mean per-image
     * variance of the clean stack and N the mean square of the difference noisy - clean.
     */
    public static double snrDb(Volume clean, Volume noisy) {
        if (!clean.sameShape(noisy)) throw new IllegalArgumentException("stacks differ in shape");
        float[] a = clean.data(), b = noisy.data();
        double ss = 0;
        for (int i = 0; i < a.length; i++) {
            double e = b[i] - a[i];
            ss += e * e;
        }
        return 10 * Math.log10(meanImageVariance(clean) / (ss / a.length));
    }

    /** Seed of the noise stream of one frame: a strong 64-bit mix, so neighbouring frames are independent. */
    private static long mix(long seed, long index) {
        long z = seed * 0x9E3779B97F4A7C15L + index * 0xD1B54A32D192ED03L + 0x632BE59BD9B4E019L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
