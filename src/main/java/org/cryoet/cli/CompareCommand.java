package org.cryoet.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import org.cryoet.evaluate.Comparison;
import org.cryoet.evaluate.ComparisonOptions;
import org.cryoet.fourier.FscCurve;
import org.cryoet.util.CryoEtException;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code cryoet compare}: every training method against the baselines on the built-in phantom. */
@Command(name = "compare", mixinStandardHelpOptions = true,
        description = {"Simulate the built-in phantom once, train every training method with the same budget, "
                + "and score FBP, the oracle Gaussian and each method against the ground truth (CC, FSC, "
                + "missing-wedge correlation, SNR) and on template matching and subtomogram averaging. "
                + "Writes report.md, compare.csv and figures; see doc/compare.md."})
public final class CompareCommand implements Callable<Integer> {
    private static final ComparisonOptions D = ComparisonOptions.defaults();

    @Option(names = "--out", required = true, description = "Output folder.")
    Path out;

    @Mixin
    SimulationOptions simulation = new SimulationOptions();

    @Option(names = "--methods", split = ",", description = "Training methods to compare (default: all registered).")
    List<String> methods = List.of();

    @Option(names = "--preset", description = "Training preset shared by all methods: demo or reference "
            + "(default: ${DEFAULT-VALUE}).", defaultValue = "demo")
    String preset;

    @Option(names = "--iterations", description = "Training iterations of every method (default: the preset's).")
    long iterations = D.iterations();

    @Option(names = "--crop", description = "Training crop and prediction tile edge of every method "
            + "(default: the preset's).")
    int crop = D.crop();

    @Option(names = "--voxel-size", description = "Voxel size in Angstrom (default: 10).")
    double voxelSize = D.voxelSize();

    @Option(names = "--particle", description = "Particle kind for template matching and averaging: ribosome or "
            + "proteasome (default: ribosome).")
    String particle = D.particle();

    @Option(names = "--particles", description = "Number of particles of that kind in the phantom "
            + "(default: the phantom's own count for its size).")
    int particles = D.particles();

    @Option(names = "--overwrite", description = "Replace an existing report.")
    boolean overwrite;

    @Override
    public Integer call() throws Exception {
        SimulationOptions sim = simulation;
        sim.check();
        if (particles < -1) throw new CryoEtException("--particles must not be negative, got " + particles);
        ComparisonOptions o = new ComparisonOptions(sim.nx(), sim.ny(), sim.nz(), voxelSize, sim.tiltMin(),
                sim.tiltMax(), sim.tiltStep, sim.frames, sim.snrDb, sim.seed, methods, preset, iterations, crop, particle, particles, overwrite);
        ConsoleProgress progress = ConsoleProgress.stderr();
        Comparison.Result r;
        try (InterruptGuard guard = new InterruptGuard(progress, "stopping at the next safe point...")) {
            r = Comparison.run(out, o, progress, System.out::println);
        }
        System.out.println();
        System.out.printf(Locale.ROOT, "%-24s %8s %8s %8s %10s %8s %6s %6s %10s %8s%n", "reconstruction", "CC",
                "visible", "wedge", "FSC0.143", "SNR", "TM P", "TM R", "STA0.143", "time");
        for (Comparison.Row row : r.rows()) {
            if (row.error() != null) {
                System.out.printf(Locale.ROOT, "%-24s failed: %s%n", row.name(), row.error());
                continue;
            }
            System.out.printf(Locale.ROOT, "%-24s %8.4f %8.4f %8.4f %10.1f %8.2f %6s %6s %10s %8.1f%n", row.name(),
                    row.cc(), row.visibleCorrelation(), row.wedgeCorrelation(),
                    row.resolution(FscCurve.GOLD).angstrom(), row.snrDb(),
                    row.detection() == null ? "n/a" : String.format(Locale.ROOT, "%.2f", row.detection().precision()),
                    row.detection() == null ? "n/a" : String.format(Locale.ROOT, "%.2f", row.detection().recall()),
                    row.staFsc() == null ? "n/a"
                            : String.format(Locale.ROOT, "%.1f", row.staResolution(FscCurve.GOLD).angstrom()),
                    row.seconds());
        }
        System.out.printf(Locale.ROOT, "finished in %.0f s; report: %s%n", r.seconds(), r.report());
        return 0;
    }
}
