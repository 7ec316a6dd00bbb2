package org.cryoet.cli;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

import org.cryoet.workflow.Demo;
import org.cryoet.workflow.DemoOptions;

import picocli.CommandLine.Command;
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

    @Option(names = "--size", split = ",", description = "Phantom size X,Y,Z (default: 96,96,48).")
    int[] size = {D.nx(), D.ny(), D.nz()};

    @Option(names = "--tilt-range", split = ",", description = "Tilt range MIN,MAX in degrees (default: -60,60).")
    double[] tiltRange = {D.tiltMin(), D.tiltMax()};

    @Option(names = "--tilt-step", description = "Tilt step in degrees (default: 3).")
    double tiltStep = D.tiltStep();

    @Option(names = "--frames", description = "Frames per tilt (default: 4).")
    int frames = D.frames();

    @Option(names = "--snr-db", description = "SNR of the summed tilt series in dB (default: -5).")
    double snrDb = D.snrDb();

    @Option(names = "--iterations", description = "Training iterations (default: the demo preset's).")
    long iterations = D.iterations();

    @Option(names = "--seed", description = "Seed of phantom, noise and training (default: 1).")
    long seed = D.seed();

    @Option(names = "--overwrite", description = "Replace an existing report.")
    boolean overwrite;

    @Override
    public Integer call() throws Exception {
        if (size.length != 3) throw new org.cryoet.util.CryoEtException("--size needs X,Y,Z");
        if (tiltRange.length != 2) throw new org.cryoet.util.CryoEtException("--tilt-range needs MIN,MAX");
        DemoOptions o = new DemoOptions(size[0], size[1], size[2], tiltRange[0], tiltRange[1], tiltStep, frames,
                snrDb, seed, iterations, overwrite);
        ConsoleProgress progress = ConsoleProgress.stderr();
        Thread hook = new Thread(progress::cancel);
        Runtime.getRuntime().addShutdownHook(hook);
        Demo.Result r = Demo.run(out, o, progress, System.out::println, null);
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
