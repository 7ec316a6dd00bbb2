package org.cryoet.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import org.cryoet.fourier.Fsc;
import org.cryoet.fourier.FscCurve;
import org.cryoet.fourier.FscReport;
import org.cryoet.io.MrcReader;
import org.cryoet.render.PngImages;
import org.cryoet.tomo.TiltRange;
import org.cryoet.util.AtomicOutput;
import org.cryoet.util.CryoEtException;
import org.cryoet.volume.Volume;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code cryoet fsc}: Fourier shell correlation between two volumes, optionally split by the missing wedge. */
@Command(name = "fsc", mixinStandardHelpOptions = true,
        description = {"Fourier shell correlation between two volumes of the same size (one-voxel shells, no masking).",
                "Prints the resolution at FSC = 0.143, 0.5 and the half-bit threshold; with --tilt-range also the FSC "
                        + "restricted to the measured region and to the missing wedge."})
public final class FscCommand implements Callable<Integer> {

    @Option(names = "--a", required = true, paramLabel = "A.mrc", description = "First volume.")
    Path a;

    @Option(names = "--b", required = true, paramLabel = "B.mrc", description = "Second volume.")
    Path b;

    @Option(names = "--tilt-range", paramLabel = "MIN,MAX",
            description = "Tilt range in degrees (e.g. -60,60) to split the FSC into visible region and missing wedge.")
    String tiltRange;

    @Option(names = "--out-csv", paramLabel = "F.csv", description = "Write the curves as CSV.")
    Path csv;

    @Option(names = "--out-png", paramLabel = "F.png", description = "Plot the curves as PNG.")
    Path png;

    @Option(names = "--overwrite", description = "Replace existing output files.")
    boolean overwrite;

    @Override
    public Integer call() {
        TiltRange range = tiltRange == null ? null : TiltRange.parse(tiltRange, "--tilt-range");
        if (csv != null) AtomicOutput.checkTarget(csv, overwrite, a, b);
        if (png != null) AtomicOutput.checkTarget(png, overwrite, a, b);
        Volume va = MrcReader.read(a);
        Volume vb = MrcReader.read(b);
        org.cryoet.io.InputChecks.requireFinite(va, a);
        org.cryoet.io.InputChecks.requireFinite(vb, b);
        if (!va.sameShape(vb)) throw new CryoEtException(b + " is " + vb + " but " + a + " is " + va);
        Map<String, FscCurve> curves;
        if (range != null) {
            curves = FscReport.curves(Fsc.computeWithWedge(va, vb, range.min(), range.max()));
        } else {
            curves = new LinkedHashMap<>();
            curves.put("all", Fsc.compute(va, vb));
        }
        FscCurve all = curves.get("all");
        double voxel = all.voxelSize();
        System.out.printf(Locale.ROOT, "FSC %s vs %s: %s, voxel %.3f A%s, %d shells of 1/%d cycles/voxel%n",
                a.getFileName(), b.getFileName(), va, voxel,
                va.calibration().voxelX() > 0 ? "" : " (none in the file: frequencies in 1/voxel)", all.shells(), all.boxSize());
        if (range != null) {
            System.out.printf(Locale.ROOT, "tilt range %.1f..%.1f degrees%n", range.min(), range.max());
        }
        System.out.print(FscReport.table(curves));
        if (csv != null) {
            FscReport.writeCsv(csv, curves, overwrite, a, b);
            System.out.println("csv        " + csv);
        }
        if (png != null) {
            PngImages.writePlot(png, FscReport.plot("FSC " + a.getFileName() + " vs " + b.getFileName(), curves),
                    800, 500, overwrite);
            System.out.println("png        " + png);
        }
        return 0;
    }
}
