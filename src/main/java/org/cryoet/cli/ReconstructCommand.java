package org.cryoet.cli;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

import org.cryoet.io.MrcReader;
import org.cryoet.io.MrcWriter;
import org.cryoet.io.TiltAngles;
import org.cryoet.tomo.FbpOptions;
import org.cryoet.tomo.FilteredBackProjection;
import org.cryoet.util.AtomicOutput;
import org.cryoet.util.CryoEtException;
import org.cryoet.volume.Calibration;
import org.cryoet.volume.Statistics;
import org.cryoet.volume.Volume;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code cryoet reconstruct}: weighted back-projection of an aligned tilt series (tilt axis = y). */
@Command(name = "reconstruct", mixinStandardHelpOptions = true,
        description = {"Weighted back-projection of an aligned tilt series (tilt axis along y).",
                "Output: NX x NY x thickness (x, y as the images, z = beam), voxel size from the tilt series "
                        + "times the binning."})
public final class ReconstructCommand implements Callable<Integer> {

    @Mixin
    ReconstructionInputOptions inputs;

    @Option(names = "--filter", defaultValue = "radial",
            description = "ramp, radial (IMOD RADIAL) or sirt (SIRT-like). Default: ${DEFAULT-VALUE}.")
    String filter;

    @Option(names = "--radial", paramLabel = "CUTOFF,FALLOFF",
            description = "Radial filter cutoff and Gaussian fall-off sigma, cycles/pixel (or Fourier pixels if "
                    + ">= 1). Default: 0.35,0.035.")
    String radial;

    @Option(names = "--sirt-iterations", defaultValue = "10",
            description = "Iterations the SIRT-like filter mimics. Default: ${DEFAULT-VALUE}.")
    int sirtIterations;

    @Option(names = "--bin", defaultValue = "1", description = "Average-bin the images by N first. Default: 1.")
    int bin;

    @Option(names = "--width", defaultValue = "0", description = "Output width in voxels (default: image width).")
    int width;

    @Option(names = "--overwrite", description = "Replace an existing output file.")
    boolean overwrite;

    @Override
    public Integer call() {
        Path tiltSeries = inputs.tiltSeries();
        Path tilts = inputs.tilts();
        int thickness = inputs.thickness();
        Path out = inputs.out();
        AtomicOutput.checkTarget(out, overwrite, tiltSeries, tilts);
        FbpOptions.Builder b = FbpOptions.builder().filter(filterType(filter)).sirtIterations(sirtIterations)
                .thickness(thickness).binning(bin).width(width);
        if (radial != null) {
            String[] parts = radial.split(",");
            try {
                if (parts.length != 2) throw new NumberFormatException();
                b.radial(Double.parseDouble(parts[0].trim()), Double.parseDouble(parts[1].trim()));
            } catch (NumberFormatException e) {
                throw new CryoEtException("--radial needs two numbers CUTOFF,FALLOFF, got '" + radial + "'");
            }
        }
        if (thickness < 1) throw new CryoEtException("--thickness must be at least 1, got " + thickness);
        FbpOptions opts = b.build();

        Volume ts = MrcReader.read(tiltSeries);
        double[] angles = TiltAngles.read(tilts, ts.nz(), tiltSeries);
        Statistics st = Statistics.of(ts.data());
        if (st.nonFinite() > 0) {
            throw new CryoEtException("Tilt series " + tiltSeries + " holds " + st.nonFinite()
                    + " non-finite values (NaN or infinity)");
        }
        if (ts.nx() / bin < 1 || ts.ny() / bin < 1) {
            throw new CryoEtException("Tilt series " + tiltSeries + " (" + ts.nx() + "x" + ts.ny()
                    + ") is smaller than the binning " + bin);
        }
        ConsoleProgress progress = ConsoleProgress.stderr();
        long t0 = System.nanoTime();
        Volume rec = FilteredBackProjection.reconstruct(ts, angles, opts, progress);
        double seconds = (System.nanoTime() - t0) / 1e9;
        MrcWriter.write(out, rec, false, overwrite, tiltSeries, tilts);

        Calibration c = rec.calibration();
        Statistics rs = Statistics.of(rec.data());
        System.out.printf(Locale.ROOT, "tilt series   %s (%d x %d, %d images, %.1f .. %.1f deg)%n", tiltSeries, ts.nx(),
                ts.ny(), ts.nz(), min(angles), max(angles));
        System.out.printf(Locale.ROOT, "filter        %s%n", describe(opts));
        System.out.printf(Locale.ROOT, "tomogram      %s (%d x %d x %d, voxel %.3f x %.3f x %.3f A)%n", out, rec.nx(),
                rec.ny(), rec.nz(), c.voxelX(), c.voxelY(), c.voxelZ());
        System.out.printf(Locale.ROOT, "density       mean %.5g, sd %.5g, min %.5g, max %.5g%n", rs.mean(), rs.std(),
                rs.min(), rs.max());
        System.out.printf(Locale.ROOT, "time          %.2f s%n", seconds);
        return 0;
    }

    private static String describe(FbpOptions o) {
        switch (o.filter()) {
            case RADIAL:
                return String.format(Locale.ROOT, "radial, cutoff %s, fall-off %s", o.radialCutoff(), o.radialFalloff());
            case SIRT_LIKE:
                return "SIRT-like, " + o.sirtIterations() + " iterations";
            default:
                return "ramp";
        }
    }

    private static double min(double[] a) {
        double m = Double.POSITIVE_INFINITY;
        for (double v : a) m = Math.min(m, v);
        return m;
    }

    private static double max(double[] a) {
        double m = Double.NEGATIVE_INFINITY;
        for (double v : a) m = Math.max(m, v);
        return m;
    }

    /** Parses a filter name: ramp, radial, sirt (or sirt-like). */
    static FbpOptions.FilterType filterType(String name) {
        switch (name.toLowerCase(Locale.ROOT)) {
            case "ramp":
                return FbpOptions.FilterType.RAMP;
            case "radial":
                return FbpOptions.FilterType.RADIAL;
            case "sirt":
            case "sirt-like":
            case "sirt_like":
                return FbpOptions.FilterType.SIRT_LIKE;
            default:
                throw new CryoEtException("Unknown filter '" + name + "' (use ramp, radial or sirt)");
        }
    }
}
