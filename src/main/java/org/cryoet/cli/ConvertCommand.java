package org.cryoet.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import org.cryoet.io.MappedMrc;
import org.cryoet.io.MrcHeader;
import org.cryoet.io.MrcMode;
import org.cryoet.io.MrcReader;
import org.cryoet.io.MrcStreamWriter;
import org.cryoet.io.MrcWriter;
import org.cryoet.util.AtomicOutput;
import org.cryoet.util.Progress;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code cryoet convert IN OUT [--mode M]}: rewrites an MRC file as strict MRC2014, keeping voxel
 * size, origin, stack/volume, byte order, labels and a known-type extended header. Streams
 * through a memory mapping slab by slab, so files larger than memory convert fine.
 */
@Command(name = "convert", mixinStandardHelpOptions = true,
        description = {"Rewrites an MRC file as strict MRC2014 (what mrcfile-validate accepts), optionally in "
                + "another data mode. Keeps voxel size, origin, image stack vs volume, byte order, labels and "
                + "an extended header of a known type (FEI1/FEI2/SERI/AGAR/...)."})
public final class ConvertCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "IN", description = "Input MRC file.")
    Path input;

    @Parameters(index = "1", paramLabel = "OUT", description = "Output MRC file.")
    Path output;

    @Option(names = "--mode", paramLabel = "0|1|2|4|6|12",
            description = "Output mode: 0 int8, 1 int16, 2 float32, 4 complex float32 (real part), 6 uint16, "
                    + "12 float16. Default: the input's (unsigned bytes become 6; complex modes become 2, real part). "
                    + "Integer modes round and clamp; clamped voxels are reported.")
    String mode;

    @Option(names = "--overwrite", description = "Replace OUT if it exists.")
    boolean overwrite;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Sections converted per slab: bounded memory whatever the file size. */
    private static final long SLAB_BYTES = 64L << 20;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        AtomicOutput.checkTarget(output, overwrite, input);
        MrcHeader h = MrcReader.readHeader(input);
        MrcMode target = mode != null ? MrcMode.parse(mode, output) : defaultMode(h);
        boolean stack = h.isStack(input);
        MrcWriter.Options options = MrcWriter.Options.of(target, stack).withByteOrder(h.byteOrder())
                .withLabels(h.labels());
        if (h.nsymbt() > 0) {
            if (MrcHeader.KNOWN_EXTTYPES.contains(h.exttyp())) {
                options = options.withExtendedHeader(new MrcWriter.ExtendedHeader(h.exttyp(),
                        MrcReader.readExtendedHeader(input), h.nint(), h.nreal()));
            } else {
                err.println("note: the " + h.nsymbt() + "-byte extended header of " + input + " has no known type ('"
                        + h.exttyp() + "') and is not copied");
            }
        }
        Progress progress = h.voxelCount() > (64L << 20) ? ConsoleProgress.stderr() : Progress.NONE;
        long clamped;
        try (MappedMrc in = MrcReader.open(input);
             MrcStreamWriter w = MrcStreamWriter.create(output, h.nx(), h.ny(), h.nz(), options, h.calibration(),
                     overwrite, input)) {
            int perSlab = (int) Math.max(1, Math.min(h.nz(), SLAB_BYTES / (4L * h.nx() * h.ny())));
            for (int z = 0; z < h.nz(); z += perSlab) {
                progress.checkCancelled("Conversion of " + input);
                int n = Math.min(perSlab, h.nz() - z);
                w.writeSlab(in.readSlab(z, n).data(), n);
                progress.update("Converting", z + n, h.nz());
            }
            clamped = w.commit();
        }
        if (clamped > 0) {
            err.println("warning: " + clamped + " voxels were outside the range of mode " + target.describe()
                    + " (or NaN) and were clamped");
        }
        out.println("Wrote " + output + ": " + h.nx() + " x " + h.ny() + " x " + h.nz() + ", mode "
                + target.describe() + ", " + (stack ? "image stack" : "volume"));
        return 0;
    }

    private static MrcMode defaultMode(MrcHeader h) {
        if (h.unsignedBytes()) return MrcMode.USHORT; // signed bytes cannot hold 128..255
        if (h.mode().isComplex()) return MrcMode.FLOAT; // we read the real part only: say so by the mode
        return h.mode();
    }
}
