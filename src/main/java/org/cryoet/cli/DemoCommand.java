package org.cryoet.cli;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

import org.cryoet.workflow.Demo;
import org.cryoet.workflow.DemoOptions;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code cryoet demo}: the whole pipeline on the built-in phantom, with a report. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Simulate the built-in phantom, dose-split, reconstruct (FBP), mask, train ICECREAM, "
                + "predict and write a report (report.md) comparing FBP, the best Gaussian-filtered FBP and "
                + "ICECREAM against the ground truth."})
public final class DemoCommand implements Callable<Integer> {
    private static final DemoOptions D = DemoOptions.defaults();

    @Option(names = "--out", description = "Output folder (default: ${DEFAULT-VALUE}).", defaultValue = "demo-output")
    Path out;

    @Mixin
    SimulationOptions simulation = new SimulationOptions();

    @Option(names = "--iterations", description = "Training iterations (default: the demo preset's).")
    long iterations = D.iterations();

    @Option(names = "--init", paramLabel = "DIR",
            description = "Start training from this trained model folder (warm start, e.g. from cryoet train) "
                    + "instead of fresh weights; its network is used.")
    Path init;

    @Option(names = "--overwrite", description = "Replace an existing report.")
    boolean overwrite;

    @Override
    public Integer call() throws Exception {
        SimulationOptions sim = simulation;
        sim.check();
        DemoOptions o = new DemoOptions(sim.nx(), sim.ny(), sim.nz(), sim.tiltMin(), sim.tiltMax(), sim.tiltStep,
                sim.frames, sim.snrDb, sim.seed, iterations, overwrite, init);
        ConsoleProgress progress = ConsoleProgress.stderr();
        Demo.Result r;
        try (InterruptGuard guard = new InterruptGuard(progress, "stopping at the next safe point...")) {
            r = Demo.run(out, o, progress, System.out::println, null);
        }
        System.out.println();
        System.out.printf(Locale.ROOT, "%-22s %8s %10s %10s %14s%n", "method", "CC", "visible", "wedge", "FSC0.143 (A)");
        for (Demo.Score s : r.scores()) {
            System.out.printf(Locale.ROOT, "%-22s %8.4f %10.4f %10.4f %14s%n", s.method(), s.cc(),
                    s.visibleCorrelation(), s.wedgeCorrelation(),
                    org.cryoet.fourier.FscReport.format(s.resolution()));
        }
        System.out.printf(Locale.ROOT, "finished in %.0f s; report: %s%n", r.seconds(), r.report());
        return 0;
    }
}
