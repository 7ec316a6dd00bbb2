package org.cryoet.cli;

import java.nio.file.Path;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;

import org.cryoet.learn.DeviceSelector;
import org.cryoet.learn.cryolithe.CryolitheConfig;
import org.cryoet.learn.cryolithe.CryolitheModel;
import org.cryoet.learn.cryolithe.CryolitheReconstruction;
import org.cryoet.util.CryoEtException;
import org.cryoet.util.Progress;
import org.cryoet.volume.Calibration;
import org.cryoet.volume.Volume;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code cryoet bench cryolithe}: CryoLithe reconstruction speed and the 928 x 928 x 464 estimate. */
@Command(name = "cryolithe", mixinStandardHelpOptions = true,
        description = "Times CryoLithe reconstruction of random projections (content does not change the time) and "
                + "extrapolates to 928 x 928 x 464 from 41 tilts by voxel count.")
public final class BenchCryolitheCommand implements Callable<Integer> {
    @Option(names = "--size", defaultValue = "96,96,48", description = "Output X,Y,Z. Default: ${DEFAULT-VALUE}.")
    String size;

    @Option(names = "--tilts", defaultValue = "41", description = "Tilts over -60..60. Default: ${DEFAULT-VALUE}.")
    int tilts;

    @Option(names = "--model", description = "Model folder; default: the built-in model.")
    Path model;

    @Option(names = "--pixel", description = "The built-in pixel model.")
    boolean pixel;

    @Option(names = "--network-size", paramLabel = "NAME",
            description = "Time an untrained network of this size (small, cpu, large, paper; wavelet head unless --pixel) "
                    + "instead of a trained model: the time does not depend on the weights.")
    String networkSize;

    @Option(names = "--batch", defaultValue = "2048", description = "Points per network call. Default: ${DEFAULT-VALUE}.")
    int batch;

    @Option(names = "--repeat", defaultValue = "2", description = "Runs (best is reported). Default: ${DEFAULT-VALUE}.")
    int repeat;

    @Mixin
    DeviceOption device;

    @Override
    public Integer call() {
        int[] s = parseSize(size);
        if (tilts < CryolitheReconstruction.MIN_TILTS) throw new CryoEtException("--tilts must be at least 5");
        if (networkSize != null && model != null) throw new CryoEtException("Give --model or --network-size, not both");
        CryolitheModel m = networkSize != null ? CryolitheModel.untrained(CryolitheConfig.sized(networkSize, !pixel), 1)
                : model != null ? CryolitheModel.load(model) : CryolitheModel.builtIn(pixel);
        DeviceSelector.Choice dev = DeviceSelector.select(device.device());
        Volume ts = Volume.create(s[0], s[1], tilts, Calibration.isotropic(10));
        SplittableRandom r = new SplittableRandom(1);
        for (int i = 0; i < ts.data().length; i++) ts.data()[i] = (float) r.nextGaussian();
        double[] angles = new double[tilts];
        for (int t = 0; t < tilts; t++) angles[t] = -60 + 120.0 * t / (tilts - 1);
        double best = Double.POSITIVE_INFINITY;
        double bestCpu = Double.POSITIVE_INFINITY;
        for (int k = 0; k < Math.max(1, repeat); k++) {
            long c0 = processCpuNanos();
            long t0 = System.nanoTime();
            CryolitheReconstruction.reconstruct(ts, angles, s[2], m, dev.device(), batch, Progress.NONE, "(random)",
                    (data, z0, count) -> { });
            best = Math.min(best, (System.nanoTime() - t0) / 1e9);
            bestCpu = Math.min(bestCpu, (processCpuNanos() - c0) / 1e9);
        }
        double voxels = (double) s[0] * s[1] * s[2];
        double rate = voxels / best;
        double big = 928.0 * 928 * 464 * (41.0 / tilts);
        System.out.printf(Locale.ROOT, "model         %s (%s, patch %d, %.2f MFLOP per query point at %d tilts)%n",
                m.source(), m.config().wavelet() ? "wavelet" : "pixel", m.config().patch(),
                2e-6 * m.config().macsPerPoint(tilts), tilts);
        System.out.printf(Locale.ROOT, "device        %s, %d Java threads%n", dev, org.cryoet.util.Parallel.threads());
        System.out.printf(Locale.ROOT, "reconstruct   %d x %d x %d from %d tilts: %.2f s (best of %d), %.3g voxels/s%n",
                s[0], s[1], s[2], tilts, best, Math.max(1, repeat), rate);
        System.out.printf(Locale.ROOT, "cpu time      %.2f s (process, all threads; less sensitive to other load)%n",
                bestCpu);
        System.out.printf(Locale.ROOT, "estimate      928 x 928 x 464 from 41 tilts: %.0f s (%.1f min) wall, %.0f CPU-s%n",
                big / rate, big / rate / 60, bestCpu * big / voxels);
        return 0;
    }

    private static long processCpuNanos() {
        java.lang.management.OperatingSystemMXBean os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean sun) return sun.getProcessCpuTime();
        return 0;
    }

    static int[] parseSize(String text) {
        String[] p = text.split(",");
        try {
            if (p.length != 3) throw new NumberFormatException();
            int[] s = {Integer.parseInt(p[0].trim()), Integer.parseInt(p[1].trim()), Integer.parseInt(p[2].trim())};
            for (int v : s) if (v < 4) throw new NumberFormatException();
            return s;
        } catch (NumberFormatException e) {
            throw new CryoEtException("--size needs X,Y,Z (each at least 4), got '" + text + "'");
        }
    }

}
