package org.cryoet.cli;

import java.io.PrintWriter;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

import org.cryoet.io.MappedMrc;
import org.cryoet.io.MrcHeader;
import org.cryoet.io.MrcReader;
import org.cryoet.util.Progress;
import org.cryoet.volume.Calibration;
import org.cryoet.volume.Statistics;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code cryoet info FILE...}: header summary and statistics computed from the data. */
@Command(name = "info", mixinStandardHelpOptions = true,
        description = {"Prints an MRC file's header summary (dimensions, mode, byte order, voxel size, origin, "
                + "stack or volume, extended header) and min/max/mean/std computed from the data "
                + "(streamed through a memory mapping, so large tomograms are fine)."})
public final class InfoCommand implements Callable<Integer> {
    @Parameters(paramLabel = "FILE", arity = "1..*", description = "MRC file(s) (.mrc, .rec, .st, .ali, .mrcs).")
    Path[] files;

    @Option(names = "--header-only", description = "Skip the statistics computed from the data.")
    boolean headerOnly;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        boolean first = true;
        for (Path f : files) {
            if (!first) out.println();
            first = false;
            MrcHeader h = MrcReader.readHeader(f);
            Statistics data = null;
            if (!headerOnly) {
                Progress progress = h.voxelCount() > (64L << 20) ? ConsoleProgress.stderr() : Progress.NONE;
                try (MappedMrc m = MrcReader.open(f)) {
                    data = m.statistics(progress);
                }
            }
            print(out, f, h, data);
            out.flush();
        }
        return 0;
    }

    static void print(PrintWriter out, Path f, MrcHeader h, Statistics data) {
        Calibration c = h.calibration();
        row(out, "File", f.toString());
        row(out, "Dimensions", h.nx() + " x " + h.ny() + " x " + h.nz() + " (x, y, z)");
        row(out, "Mode", h.mode().describe() + (h.unsignedBytes() ? ", unsigned (IMOD flag)" : ""));
        row(out, "Byte order", (h.byteOrder() == ByteOrder.BIG_ENDIAN ? "big-endian" : "little-endian")
                + String.format(Locale.ROOT, " (stamp 0x%04x)", h.machineStamp()));
        row(out, "Kind", (h.isStack(f) ? "image stack" : "volume") + " (ISPG " + h.ispg() + ", MZ " + h.mz() + ")");
        row(out, "Voxel size", String.format(Locale.ROOT, "%.4f x %.4f x %.4f A", c.voxelX(), c.voxelY(),
                c.voxelZ()));
        row(out, "Origin", String.format(Locale.ROOT, "%.3f, %.3f, %.3f A%s", c.originX(), c.originY(), c.originZ(),
                h.originIsMrc2014() ? "" : " (stored with IMOD's sign, negated)"));
        row(out, "Extended header", h.nsymbt() == 0 ? "none"
                : h.nsymbt() + " bytes, type " + (h.exttyp().isEmpty() ? "(unset)" : h.exttyp()));
        row(out, "Version", "NVERSION " + h.nversion() + (h.imodStamp()
                ? ", IMOD stamp (flags " + h.imodFlags() + ")" : ""));
        row(out, "Header stats", h.statsUndetermined() ? "not determined"
                : String.format(Locale.ROOT, "min %s  max %s  mean %s  rms %s", g(h.dmin()), g(h.dmax()), g(h.dmean()),
                h.rms() < 0 ? "n/a" : g(h.rms())));
        if (data != null) {
            row(out, "Data stats", String.format(Locale.ROOT, "min %s  max %s  mean %s  std %s", g(data.min()),
                    g(data.max()), g(data.mean()), g(data.std()))
                    + (data.nonFinite() > 0 ? "  (" + data.nonFinite() + " NaN/Inf voxels)" : ""));
        }
        for (int i = 0; i < h.labels().size(); i++) {
            row(out, i == 0 ? "Labels" : "", h.labels().get(i).strip());
        }
    }

    private static String g(double v) {
        return String.format(Locale.ROOT, "%.6g", v);
    }

    private static void row(PrintWriter out, String key, String value) {
        out.printf(Locale.ROOT, "%-16s %s%n", key.isEmpty() ? "" : key + ":", value);
    }
}
