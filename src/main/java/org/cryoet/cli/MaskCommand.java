package org.cryoet.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import org.cryoet.io.MrcReader;
import org.cryoet.io.MrcWriter;
import org.cryoet.tomo.SampleMask;
import org.cryoet.tomo.SampleMaskOptions;
import org.cryoet.util.AtomicOutput;
import org.cryoet.util.CryoEtException;
import org.cryoet.volume.Volume;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code cryoet mask}: the automatic (IsoNet-style) sample mask used to choose training crops. */
@Command(name = "mask", mixinStandardHelpOptions = true,
        description = {"Compute the automatic sample mask (IsoNet-style, as ICECREAM) from one tomogram or the two "
                + "half tomograms, as a 0/1 float MRC of the same size.",
                "Keeps voxels whose neighbourhood is both dense (dark) and structured (high local std)."})
public final class MaskCommand implements Callable<Integer> {

    @Option(names = "--tomogram", required = true, paramLabel = "T.mrc",
            description = "Tomogram; give it twice for the two half tomograms (they are z-scored and averaged).")
    List<Path> tomograms;

    @Option(names = "--out", required = true, paramLabel = "MASK.mrc", description = "Output mask (MRC, float 0/1).")
    Path out;

    @Option(names = "--density-percentile", paramLabel = "P", defaultValue = "50",
            description = "Percentage of voxels kept by the local density criterion; >99.8 disables it (default: ${DEFAULT-VALUE}).")
    double densityPercentage;

    @Option(names = "--std-percentile", paramLabel = "P", defaultValue = "50",
            description = "Percentage of voxels kept by the local standard deviation criterion; >99.8 disables it (default: ${DEFAULT-VALUE}).")
    double stdPercentage;

    @Option(names = "--side", paramLabel = "N", defaultValue = "5",
            description = "Smoothing sigma N/2 and neighbourhood 2N+1, in 2x-binned voxels (default: ${DEFAULT-VALUE}).")
    int side;

    @Option(names = "--z-crop", paramLabel = "F", defaultValue = "0",
            description = "Fraction of the thickness (z) to exclude, half at the top and half at the bottom (default: ${DEFAULT-VALUE}).")
    double zCrop;

    @Option(names = "--overwrite", description = "Replace an existing output file.")
    boolean overwrite;

    @Override
    public Integer call() {
        if (tomograms.size() > 2) throw new CryoEtException("Give one or two --tomogram files, not " + tomograms.size());
        SampleMaskOptions options = new SampleMaskOptions(densityPercentage, stdPercentage, side, zCrop);
        Path[] inputs = tomograms.toArray(new Path[0]);
        AtomicOutput.checkTarget(out, overwrite, inputs);
        Volume a = MrcReader.read(tomograms.get(0));
        Volume b = null;
        if (tomograms.size() == 2) {
            b = MrcReader.read(tomograms.get(1));
            if (!a.sameShape(b)) {
                throw new CryoEtException(tomograms.get(1) + " is " + b + " but " + tomograms.get(0) + " is " + a);
            }
        }
        long t0 = System.nanoTime();
        Volume mask = SampleMask.compute(a, b, options, ConsoleProgress.stderr());
        double seconds = (System.nanoTime() - t0) / 1e9;
        MrcWriter.write(out, mask, false, overwrite, inputs);
        System.out.printf(Locale.ROOT, "mask       %s (%s)%n", out, mask);
        System.out.printf(Locale.ROOT, "covered    %.1f %% of the voxels%n", 100 * SampleMask.fraction(mask));
        System.out.printf(Locale.ROOT, "time       %.1f s%n", seconds);
        return 0;
    }
}
