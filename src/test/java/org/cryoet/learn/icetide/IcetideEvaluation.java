package org.cryoet.learn.icetide;

import java.nio.file.Path;
import java.util.Locale;

import org.cryoet.fourier.Metrics;
import org.cryoet.io.MrcReader;
import org.cryoet.io.TiltAngles;
import org.cryoet.tomo.FbpOptions;
import org.cryoet.tomo.FilteredBackProjection;
import org.cryoet.tomo.Misalignment;
import org.cryoet.tomo.Realignment;
import org.cryoet.util.Progress;
import org.cryoet.volume.Volume;

/**
 * Scores an {@code cryoet icetide} run on a simulation with known misalignment (the figures of
 * doc/icetide.md): {@code IcetideEvaluation SIM_DIR RUN_DIR THICKNESS}, RUN_DIR holding vol.mrc and align.xf.
 */
public final class IcetideEvaluation {
    public static void main(String[] args) {
        Path sim = Path.of(args[0]), run = Path.of(args[1]);
        int thickness = Integer.parseInt(args[2]);
        Volume truth = MrcReader.read(sim.resolve("ground_truth.mrc"));
        Volume misaligned = MrcReader.read(sim.resolve("tilt_series.mrc"));
        Volume aligned = MrcReader.read(sim.resolve("aligned_tilt_series.mrc"));
        double[] angles = TiltAngles.read(sim.resolve("tilts.tlt"));
        Misalignment known = Misalignment.read(sim.resolve("true_alignment.xf"), null);
        Misalignment est = Misalignment.read(run.resolve("align.xf"), null);
        int n = known.size();
        double rot = 0, mr = 0;
        for (int t = 0; t < n; t++) mr += est.view(t).rotationDeg() - known.view(t).rotationDeg();
        mr /= n;
        for (int t = 0; t < n; t++) {
            double d = est.view(t).rotationDeg() - known.view(t).rotationDeg();
            rot += d * d;
        }
        FbpOptions fbp = FbpOptions.builder().thickness(thickness).build();
        double ccMis = cc(FilteredBackProjection.reconstruct(misaligned, angles, fbp, Progress.NONE), truth);
        double ccAl = cc(FilteredBackProjection.reconstruct(aligned, angles, fbp, Progress.NONE), truth);
        double ccRe = cc(FilteredBackProjection.reconstruct(Realignment.undo(misaligned, est), angles, fbp,
                Progress.NONE), truth);
        double ccTide = cc(MrcReader.read(run.resolve("vol.mrc")), truth);
        System.out.printf(Locale.ROOT, "shift RMS before            %.3f px%n",
                ShiftRecoveryTest.shiftRmsAfterCommonOffset(Misalignment.none(n), known));
        System.out.printf(Locale.ROOT, "shift RMS (common offset)   %.3f px%n",
                ShiftRecoveryTest.shiftRmsAfterCommonOffset(est, known));
        System.out.printf(Locale.ROOT, "rotation RMS                %.3f deg (raw %.3f deg)%n",
                Math.sqrt(rot / n - mr * mr), Math.sqrt(rot / n));
        System.out.printf(Locale.ROOT, "CC ICE-TIDE volume          %.4f%n", ccTide);
        System.out.printf(Locale.ROOT, "CC FBP misaligned           %.4f%n", ccMis);
        System.out.printf(Locale.ROOT, "CC FBP aligned (truth)      %.4f%n", ccAl);
        System.out.printf(Locale.ROOT, "CC FBP re-aligned (ICE-TIDE) %.4f%n", ccRe);
    }

    private static double cc(Volume v, Volume truth) {
        return Metrics.pearson(v, truth);
    }
}
