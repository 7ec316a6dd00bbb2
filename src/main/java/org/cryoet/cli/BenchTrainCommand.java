package org.cryoet.cli;

import org.cryoet.learn.Trainer;
import org.cryoet.learn.TrainingConfig;
import org.cryoet.learn.TrainingListener;
import org.cryoet.learn.TrainingOptions;
import org.cryoet.learn.TrainingPair;
import org.cryoet.learn.TrainingPresets;
import org.cryoet.learn.TrainingStatus;
import org.cryoet.learn.UNetConfig;
import org.cryoet.util.CryoEtException;
import org.cryoet.util.MemoryTrend;
import org.cryoet.util.Progress;
import org.cryoet.volume.Calibration;
import org.cryoet.volume.Volume;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.stream.Stream;

/** {@code cryoet bench train}: seconds per training iteration of the preset's method. */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Seconds per training iteration of the chosen method (ICECREAM: 4 network passes, n2n: 2; "
                + "+ backward + Adam) on random data, with the options of cryoet train.",
                "--iterations counts the timed iterations after one warm-up iteration (default 3; a few hundred give "
                        + "a meaningful memory growth per iteration)."})
public final class BenchTrainCommand implements java.util.concurrent.Callable<Integer> {

    /** The same training options as {@code cryoet train}; {@code --iterations} counts timed iterations. */
    @Mixin
    TrainingSetupOptions setup = new TrainingSetupOptions();

    @Mixin
    DeviceOption device = new DeviceOption();

    /** Timed iterations when {@code --iterations} is not given. */
    static final long DEFAULT_TIMED_ITERATIONS = 3;

    private static Trainer.Result runTrainer(TrainingConfig cfg, TrainingPair pair, Path tmp, String[] deviceLine,
                                             List<Long> stamps, MemoryTrend memory) {
        return new Trainer(cfg, List.of(pair), tmp).log(s -> {
            if (s.startsWith("device")) deviceLine[0] = s;
        }).addListener(new TrainingListener() {
            @Override
            public void iteration(TrainingStatus s) {
                stamps.add(System.nanoTime());
                memory.add(s.iteration(), s.residentMib());
            }
        }).run(Progress.NONE);
    }

    @Override
    public Integer call() throws IOException {
        long iterations = setup.iterations != null ? setup.iterations : DEFAULT_TIMED_ITERATIONS;
        if (iterations < 1) throw new CryoEtException("--iterations must be at least 1");
        TrainingConfig cfg = setup.config(device.device());
        try {
            cfg = cfg.toBuilder().iterations(iterations + 1L).checkpointEvery(0).checkpointMinutes(0).progressEvery(0)
                    .build();
        } catch (IllegalArgumentException e) {
            throw new CryoEtException(e.getMessage(), e);
        }
        int n = cfg.crop() + cfg.crop() / 2;
        Random r = new Random(1);
        float[] a = new float[n * n * n];
        float[] b = new float[n * n * n];
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) r.nextGaussian();
            b[i] = (float) r.nextGaussian();
        }
        TrainingPair pair = new TrainingPair(Volume.wrap(a, n, n, n, Calibration.UNIT),
                Volume.wrap(b, n, n, n, Calibration.UNIT), -60, 60, null, "random");
        List<Long> stamps = new ArrayList<>();
        MemoryTrend memory = new MemoryTrend();
        Path tmp = Files.createTempDirectory("cryoet-bench-train");
        String[] deviceLine = new String[1];
        try {
            long t0 = System.nanoTime();
            stamps.add(t0);
            try {
                runTrainer(cfg, pair, tmp, deviceLine, stamps, memory);
            } catch (CryoEtException e) {
                // Timing only: on random data the loss can become non-finite; report what was timed.
                System.out.println("note: " + e.getMessage());
            }
            if (stamps.size() < 3) throw new CryoEtException("too few iterations completed to time");
            double[] dt = new double[stamps.size() - 2];
            for (int i = 2; i < stamps.size(); i++) dt[i - 2] = (stamps.get(i) - stamps.get(i - 1)) / 1e9;
            double mean = Arrays.stream(dt).average().orElse(Double.NaN);
            double[] sorted = dt.clone();
            Arrays.sort(sorted);
            double median = sorted.length == 0 ? Double.NaN : sorted[sorted.length / 2];
            System.out.printf(Locale.ROOT, "%-22s %s, %s, loss %s%n", "configuration", setup.preset, cfg.method(), cfg.loss());
            System.out.printf(Locale.ROOT, "%-22s %s%n", "network", cfg.network());
            System.out.printf(Locale.ROOT, "%-22s %d^3 x %d%n", "crop x batch", cfg.crop(), cfg.batch());
            System.out.printf(Locale.ROOT, "%-22s %s%n", "device", deviceLine[0]);
            System.out.printf(Locale.ROOT, "%-22s %d%n", "CPU cores (JVM)", Runtime.getRuntime().availableProcessors());
            System.out.printf(Locale.ROOT, "%-22s %.3f s%n", "warm-up iteration", (stamps.get(1) - t0) / 1e9);
            System.out.printf(Locale.ROOT, "%-22s %.3f s (median %.3f s, n = %d)%n", "s / iteration", mean, median,
                    dt.length);
            System.out.printf(Locale.ROOT, "%-22s %s%n", "resident memory", memory.summary("iteration"));
            System.out.printf(Locale.ROOT, "%-22s %.1f h for %d iterations%n", "extrapolated", mean
                    * TrainingPresets.reference().iterations() / 3600, TrainingPresets.reference().iterations());
        } finally {
            try (Stream<Path> s = Files.walk(tmp)) {
                s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        return 0;
    }
}
