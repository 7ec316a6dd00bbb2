package org.cryoet.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;

import org.cryoet.tomo.FbpOptions;
import org.cryoet.tomo.FilteredBackProjection;
import org.cryoet.util.CryoEtException;
import org.cryoet.util.Parallel;
import org.cryoet.util.Progress;
import org.cryoet.volume.Calibration;
import org.cryoet.volume.Volume;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code cryoet bench fbp}: times filtering and back-projection of a synthetic tilt series
 * (random data; the timing does not depend on the content) and prints voxel updates per second.
 */
@Command(name = "fbp", mixinStandardHelpOptions = true,
        description = "Benchmark weighted back-projection (default 928x928x464 from 41 tilts -60..60).")
public final class BenchFbpCommand implements Callable<Integer> {

    @Option(names = "--size", split = ",", defaultValue = "928,928,464",
            description = "Output NX,NY,NZ (detector NX x NY). Default: ${DEFAULT-VALUE}.")
    int[] size;

    @Option(names = "--tilts", defaultValue = "41", description = "Number of tilts, evenly -60..+60. Default: ${DEFAULT-VALUE}.")
    int tilts;

    @Option(names = "--repeat", defaultValue = "3", description = "Runs; the best is reported. Default: ${DEFAULT-VALUE}.")
    int repeat;

    @Option(names = "--filter", defaultValue = "radial", description = "ramp, radial or sirt. Default: ${DEFAULT-VALUE}.")
    String filter;

    @Override
    public Integer call() {
        if (size.length != 3 || size[0] < 1 || size[1] < 1 || size[2] < 1) {
            throw new CryoEtException("--size needs three positive numbers NX,NY,NZ");
        }
        if (tilts < 1 || repeat < 1) throw new CryoEtException("--tilts and --repeat must be positive");
        int nx = size[0], ny = size[1], nz = size[2];
        double[] angles = new double[tilts];
        for (int i = 0; i < tilts; i++) angles[i] = tilts == 1 ? 0 : -60 + 120.0 * i / (tilts - 1);
        FbpOptions opts = FbpOptions.builder().filter(ReconstructCommand.filterType(filter)).thickness(nz).build();

        Volume ts = Volume.create(nx, ny, tilts, Calibration.UNIT);
        float[] d = ts.data();
        Parallel.forEach(tilts, t -> {
            SplittableRandom r = new SplittableRandom(t);
            for (int i = t * nx * ny; i < (t + 1) * nx * ny; i++) d[i] = (float) r.nextDouble();
        });
        Volume out = Volume.create(nx, ny, nz, Calibration.UNIT);

        System.out.printf(Locale.ROOT, "FBP benchmark%n");
        System.out.printf(Locale.ROOT, "  output           %d x %d x %d (%.2f GB)%n", nx, ny, nz, 4.0 * nx * ny * nz / 1e9);
        System.out.printf(Locale.ROOT, "  tilts            %d (%.1f .. %.1f)%n", tilts, angles[0], angles[tilts - 1]);
        System.out.printf(Locale.ROOT, "  filter           %s%n", opts.filter());
        System.out.printf(Locale.ROOT, "  threads          %d (cores: %d)%n", Parallel.threads(),
                Runtime.getRuntime().availableProcessors());
        System.out.printf(Locale.ROOT, "  load average     %s%n", loadAverage());
        System.out.printf(Locale.ROOT, "  java             %s%n", System.getProperty("java.vm.version"));

        double bestF = Double.MAX_VALUE, bestB = Double.MAX_VALUE, bestT = Double.MAX_VALUE;
        double bestCpuB = Double.MAX_VALUE, bestCpuT = Double.MAX_VALUE;
        for (int r = 0; r < repeat; r++) {
            java.util.Arrays.fill(out.data(), 0f);
            long c0 = cpuNanos();
            long t0 = System.nanoTime();
            Volume filtered = FilteredBackProjection.filter(ts, angles, opts, nz, Progress.NONE);
            long t1 = System.nanoTime();
            long c1 = cpuNanos();
            FilteredBackProjection.backProject(filtered, angles, out, Progress.NONE);
            long t2 = System.nanoTime();
            long c2 = cpuNanos();
            double f = (t1 - t0) / 1e9, b = (t2 - t1) / 1e9, t = (t2 - t0) / 1e9;
            double cf = (c1 - c0) / 1e9, cb = (c2 - c1) / 1e9;
            System.out.printf(Locale.ROOT, "  run %d            filter %.3f s, back-projection %.3f s, total %.3f s"
                    + " (CPU: filter %.2f s, back-projection %.2f s)%n", r + 1, f, b, t, cf, cb);
            bestF = Math.min(bestF, f);
            bestB = Math.min(bestB, b);
            bestT = Math.min(bestT, t);
            bestCpuB = Math.min(bestCpuB, cb);
            bestCpuT = Math.min(bestCpuT, cf + cb);
        }
        double updates = (double) nx * ny * nz * tilts;
        System.out.printf(Locale.ROOT, "best of %d%n", repeat);
        System.out.printf(Locale.ROOT, "  filtering        %8.3f s%n", bestF);
        System.out.printf(Locale.ROOT, "  back-projection  %8.3f s  (%.2f G voxel-updates/s)%n", bestB, updates / bestB / 1e9);
        System.out.printf(Locale.ROOT, "  total            %8.3f s  (%.2f G voxel-updates/s)%n", bestT, updates / bestT / 1e9);
        if (bestCpuT > 0) {
            // on a shared machine wall time depends on the other processes; CPU time much less so
            System.out.printf(Locale.ROOT, "  CPU time         %8.3f s total, %.3f s back-projection (%.2f G updates per CPU-second)%n",
                    bestCpuT, bestCpuB, updates / bestCpuB / 1e9);
            System.out.printf(Locale.ROOT, "  idle-machine estimate: total CPU / threads = %.3f s%n", bestCpuT / Parallel.threads());
        }
        System.out.printf(Locale.ROOT, "  load average     %s%n", loadAverage());
        return 0;
    }

    /** CPU time of this process (all threads), or -1 if the JVM cannot tell. */
    private static long cpuNanos() {
        java.lang.management.OperatingSystemMXBean os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean sun) return sun.getProcessCpuTime();
        return -1;
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (Exception e) {
            return "n/a";
        }
    }
}
