package org.cryoet.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

import org.cryoet.io.MrcWriter;
import org.cryoet.io.TiltAngles;
import org.cryoet.tomo.SimulationFiles;
import org.cryoet.tomo.AcquisitionOrder;
import org.cryoet.tomo.AcquisitionSimulator;
import org.cryoet.tomo.AcquisitionSpec;
import org.cryoet.tomo.Misalignment;
import org.cryoet.tomo.Phantom;
import org.cryoet.tomo.PhantomSpec;
import org.cryoet.tomo.SimulatedAcquisition;
import org.cryoet.util.AtomicOutput;
import org.cryoet.util.CryoEtException;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code cryoet simulate}: a phantom and its simulated dose-fractionated tilt series, written as files. */
@Command(name = "simulate", mixinStandardHelpOptions = true,
        description = {"Simulate a cell-like phantom and a noisy, dose-fractionated tilt series of it.",
                "Writes ground_truth.mrc, tilt_series.mrc, frames.mrc (F frames per tilt, grouped by tilt in "
                        + "stack order), clean_tilt_series.mrc (noise-free), tilts.tlt, order.txt (angles in "
                        + "acquisition order) and simulation.txt into the output folder. With --shift-sd, "
                        + "--rotation-sd or --local-sd the recorded images are misaligned, and true_alignment.xf, "
                        + "true_local_deformation.txt and aligned_tilt_series.mrc (same noise, no misalignment) are "
                        + "written too. See doc/simulation.md."})
public final class SimulateCommand implements Callable<Integer> {

    /** Names of the files written into the output folder. */
    public static final String GROUND_TRUTH = SimulationFiles.GROUND_TRUTH, TILT_SERIES = SimulationFiles.TILT_SERIES,
            FRAMES = SimulationFiles.FRAMES, CLEAN = SimulationFiles.CLEAN, TILTS = SimulationFiles.TILTS,
            ORDER = SimulationFiles.ORDER, SUMMARY = SimulationFiles.SUMMARY;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output folder (created if needed).")
    Path out;

    @Option(names = "--size", split = ",", paramLabel = "X,Y,Z", defaultValue = "128,128,64",
            description = "Phantom size in voxels (default: ${DEFAULT-VALUE}); Y is the tilt axis, Z the beam.")
    int[] size;

    @Option(names = "--voxel-size", paramLabel = "A", defaultValue = "10",
            description = "Voxel size in Angstrom (default: ${DEFAULT-VALUE}); object sizes are physical.")
    double voxelSize;

    @Option(names = "--slab", paramLabel = "T",
            description = "Thickness of the ice layer in voxels (default: 3/4 of Z).")
    Double slab;

    @Option(names = "--tilt-range", split = ",", paramLabel = "MIN,MAX", defaultValue = "-60,60",
            description = "Tilt range in degrees, may be asymmetric (default: ${DEFAULT-VALUE}).")
    double[] tiltRange;

    @Option(names = "--tilt-step", paramLabel = "S", defaultValue = "3",
            description = "Tilt step in degrees (default: ${DEFAULT-VALUE}).")
    double tiltStep;

    @Option(names = "--frames", paramLabel = "F", defaultValue = "4",
            description = "Frames per tilt (default: ${DEFAULT-VALUE}); 2 or more allow a dose split.")
    int frames;

    @Option(names = "--snr-db", paramLabel = "D", defaultValue = "-5",
            description = "SNR of the summed tilt series in dB (default: ${DEFAULT-VALUE}).")
    double snrDb;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "1",
            description = "Random seed of the phantom and the noise (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--order", paramLabel = "ORDER", defaultValue = "dose-symmetric",
            description = "Acquisition order: sequential, dose-symmetric or bidirectional (default: ${DEFAULT-VALUE}).")
    String order;

    @Option(names = "--group-size", paramLabel = "G", defaultValue = "1",
            description = "Tilts per side in the dose-symmetric order (default: ${DEFAULT-VALUE}: 0, +s, -s, +2s, ...).")
    int groupSize;

    @Option(names = "--detector-width", paramLabel = "W", defaultValue = "0",
            description = "Detector width in pixels (default: the phantom width).")
    int detectorWidth;

    @Option(names = "--dose-attenuation", paramLabel = "A", defaultValue = "0",
            description = "Fraction of signal lost by the last recorded tilt (default: ${DEFAULT-VALUE}).")
    double doseAttenuation;

    @Option(names = "--shift-sd", paramLabel = "PX", defaultValue = "0",
            description = "Standard deviation of each per-view shift component in pixels (default: ${DEFAULT-VALUE}); "
                    + "values are truncated at 2.5 standard deviations.")
    double shiftSd;

    @Option(names = "--rotation-sd", paramLabel = "DEG", defaultValue = "0",
            description = "Standard deviation of the per-view in-plane rotation in degrees (default: ${DEFAULT-VALUE}).")
    double rotationSd;

    @Option(names = "--local-sd", paramLabel = "PX", defaultValue = "0",
            description = "Standard deviation of the local deformation at each control point in pixels "
                    + "(default: ${DEFAULT-VALUE}).")
    double localSd;

    @Option(names = "--local-grid", paramLabel = "N", defaultValue = "5",
            description = "Control points per side of the local deformation grid (default: ${DEFAULT-VALUE}).")
    int localGrid;

    @Option(names = "--overwrite", description = "Replace existing output files.")
    boolean overwrite;

    @Override
    public Integer call() {
        if (size.length != 3) throw new CryoEtException("--size needs three numbers X,Y,Z, got " + size.length);
        if (tiltRange.length != 2) throw new CryoEtException("--tilt-range needs two numbers MIN,MAX");
        if (Files.exists(out) && !Files.isDirectory(out)) {
            throw new CryoEtException("Output " + out + " exists and is not a folder");
        }
        PhantomSpec phantom = PhantomSpec.of(size[0], size[1], size[2], seed, voxelSize);
        if (slab != null) phantom = phantom.withSlabThickness(slab);
        AcquisitionSpec acq = new AcquisitionSpec(tiltRange[0], tiltRange[1], tiltStep, AcquisitionOrder.parse(order),
                groupSize, frames, snrDb, seed, detectorWidth, doseAttenuation);
        Misalignment.Spec drift = new Misalignment.Spec(shiftSd, rotationSd, localSd, localGrid, seed);
        java.util.List<String> names = new java.util.ArrayList<>(
                java.util.List.of(GROUND_TRUTH, TILT_SERIES, FRAMES, CLEAN, TILTS, ORDER, SUMMARY));
        if (!drift.isNone()) {
            names.addAll(java.util.List.of(SimulationFiles.MISALIGNMENT_XF, SimulationFiles.ALIGNED_TILT_SERIES));
            if (localSd > 0) names.add(SimulationFiles.LOCAL_DEFORMATION);
        }
        for (String n : names) AtomicOutput.checkTarget(out.resolve(n), overwrite);

        long t0 = System.nanoTime();
        Misalignment misalignment = drift.isNone() ? null : Misalignment.random(acq.angles().length, drift,
                detectorWidth > 0 ? detectorWidth : size[0], size[1]);
        SimulatedAcquisition sim = AcquisitionSimulator.simulate(phantom, acq, misalignment, ConsoleProgress.stderr());
        SimulatedAcquisition aligned = misalignment == null ? null
                : AcquisitionSimulator.simulate(sim.groundTruth(), Phantom.iceProfile(phantom), acq,
                ConsoleProgress.stderr());
        double seconds = (System.nanoTime() - t0) / 1e9;

        MrcWriter.write(out.resolve(GROUND_TRUTH), sim.groundTruth(), false, overwrite);
        MrcWriter.write(out.resolve(TILT_SERIES), sim.tiltSeries(), true, overwrite);
        MrcWriter.write(out.resolve(FRAMES), sim.frames(), true, overwrite);
        MrcWriter.write(out.resolve(CLEAN), sim.clean(), true, overwrite);
        TiltAngles.write(out.resolve(TILTS), sim.anglesDeg(), overwrite);
        TiltAngles.write(out.resolve(ORDER), sim.anglesInAcquisitionOrder(), overwrite);
        if (misalignment != null) {
            MrcWriter.write(out.resolve(SimulationFiles.ALIGNED_TILT_SERIES), aligned.tiltSeries(), true, overwrite);
            misalignment.writeXf(out.resolve(SimulationFiles.MISALIGNMENT_XF), overwrite);
            if (misalignment.hasLocal()) {
                misalignment.writeLocal(out.resolve(SimulationFiles.LOCAL_DEFORMATION), sim.tiltSeries().nx(),
                        sim.tiltSeries().ny(), overwrite);
            }
        }
        String summary = summary(phantom, acq, sim);
        AtomicOutput.write(out.resolve(SUMMARY), overwrite, tmp -> Files.writeString(tmp, summary));

        System.out.print(summary);
        System.out.printf(Locale.ROOT, "%-22s %.1f s%n", "simulation time", seconds);
        System.out.printf("%-22s %s%n", "written to", out.toAbsolutePath().normalize());
        return 0;
    }

    private static String summary(PhantomSpec p, AcquisitionSpec a, SimulatedAcquisition s) {
        StringBuilder sb = new StringBuilder();
        String f = "%-22s %s%n";
        sb.append(String.format(Locale.ROOT, f, "volume", p.nx() + " x " + p.ny() + " x " + p.nz() + " voxels"));
        sb.append(String.format(Locale.ROOT, f, "voxel size", p.voxelSize() + " A"));
        sb.append(String.format(Locale.ROOT, f, "ice layer", p.slabThickness() + " voxels"));
        sb.append(String.format(Locale.ROOT, f, "objects", p.vesicles() + " vesicles, " + p.actinFilaments()
                + " actin, " + p.microtubules() + " microtubules, " + p.ribosomes() + " ribosomes, " + p.proteasomes()
                + " proteasomes, " + p.smallProteins() + " small proteins, " + p.goldBeads() + " gold beads"));
        double[] ang = s.anglesDeg();
        sb.append(String.format(Locale.ROOT, f, "tilts", String.format(Locale.ROOT, "%d (%.2f .. %.2f step %.2f)",
                ang.length, ang[0], ang[ang.length - 1], a.tiltStep())));
        String ord = a.order().label() + (a.order() == AcquisitionOrder.DOSE_SYMMETRIC ? ", group size "
                + a.groupSize() : "");
        sb.append(String.format(Locale.ROOT, f, "acquisition order", ord));
        sb.append(String.format(Locale.ROOT, f, "frames per tilt", a.framesPerTilt()));
        sb.append(String.format(Locale.ROOT, f, "detector", s.tiltSeries().nx() + " x " + s.tiltSeries().ny()));
        sb.append(String.format(Locale.ROOT, f, "dose attenuation", a.doseAttenuation()));
        sb.append(String.format(Locale.ROOT, f, "target SNR", a.snrDb() + " dB"));
        sb.append(String.format(Locale.ROOT, f, "measured SNR", String.format(Locale.ROOT, "%.3f dB", s.measuredSnrDb())));
        sb.append(String.format(Locale.ROOT, f, "signal variance", String.format(Locale.ROOT, "%.4g", s.signalVariance())));
        sb.append(String.format(Locale.ROOT, f, "noise sigma (sum)", String.format(Locale.ROOT, "%.4g", s.noiseSigma())));
        Misalignment m = s.misalignment();
        double maxShift = 0, maxRotation = 0, maxLocal = 0;
        for (int t = 0; t < m.size(); t++) {
            maxShift = Math.max(maxShift, Math.hypot(m.view(t).shiftX(), m.view(t).shiftY()));
            maxRotation = Math.max(maxRotation, Math.abs(m.view(t).rotationDeg()));
            maxLocal = Math.max(maxLocal, m.view(t).maxLocalDisplacement());
        }
        sb.append(String.format(Locale.ROOT, f, "misalignment", String.format(Locale.ROOT,
                "shifts up to %.2f px, rotations up to %.3f deg, local up to %.2f px", maxShift, maxRotation, maxLocal)));
        sb.append(String.format(Locale.ROOT, f, "seed", a.seed()));
        return sb.toString();
    }
}
