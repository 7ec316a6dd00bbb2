package org.cryoet.fiji;

import java.io.File;
import java.nio.file.Files;
import java.util.Locale;

import ij.ImagePlus;
import ij.gui.Plot;

import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.widget.FileWidget;

import org.cryoet.fourier.Fsc;
import org.cryoet.fourier.FscCurve;
import org.cryoet.fourier.Metrics;
import org.cryoet.fourier.MissingWedge;
import org.cryoet.util.AtomicOutput;
import org.cryoet.util.CryoEtException;
import org.cryoet.volume.Volume;

/**
 * Plugins &gt; Cryo-ET &gt; Compare Volumes (FSC): Fourier shell correlation of two volumes (two
 * half tomograms, or a result against a reference), over all frequencies, inside the measured
 * wedge or inside the missing wedge only; resolutions at 0.143, 0.5 and half-bit, Pearson
 * correlation, the curve as an ImageJ Plot and optionally as CSV.
 */
@Plugin(type = Command.class, headless = true, menuPath = "Plugins>Cryo-ET>Compare Volumes (FSC)",
        description = "Fourier shell correlation and correlation of two volumes")
public class CompareVolumesCommand extends CryoEtCommand {
    public static final String ALL = "all";
    public static final String MEASURED = "measured wedge";
    public static final String MISSING = "missing wedge";

    @Parameter(label = "Volume A", required = false)
    private ImagePlus volume_a;

    @Parameter(label = "Volume A file", required = false, style = FileWidget.OPEN_STYLE)
    private File volume_a_file;

    @Parameter(label = "Volume B", required = false)
    private ImagePlus volume_b;

    @Parameter(label = "Volume B file", required = false, style = FileWidget.OPEN_STYLE)
    private File volume_b_file;

    @Parameter(label = "Fourier region", choices = {ALL, MEASURED, MISSING},
            description = "Which frequencies enter the shells: all, or the measured / missing wedge of the tilt range")
    private String region = ALL;

    @Parameter(label = "Tilt min (deg)", min = "-90", max = "90")
    private double tilt_min = -60;

    @Parameter(label = "Tilt max (deg)", min = "-90", max = "90")
    private double tilt_max = 60;

    @Parameter(label = "CSV file", required = false, style = FileWidget.SAVE_STYLE,
            description = "Write shell, frequency (1/A), FSC, count and half-bit threshold")
    private File csv_file;

    @Parameter(label = "Overwrite", persist = false)
    private boolean overwrite = false;

    @Parameter(label = "Resolution at 0.143 (A)", type = ItemIO.OUTPUT)
    private double resolution_0143;

    @Parameter(label = "Resolution at 0.5 (A)", type = ItemIO.OUTPUT)
    private double resolution_05;

    @Parameter(label = "Resolution at half-bit (A)", type = ItemIO.OUTPUT)
    private double resolution_halfbit;

    @Parameter(label = "Pearson correlation", type = ItemIO.OUTPUT)
    private double correlation;

    @Parameter(label = "FSC plot", type = ItemIO.OUTPUT)
    private ImagePlus fsc_plot;

    private FscCurve curve;

    @Override
    protected void execute() {
        Volume a = Inputs.volume(volume_a, volume_a_file, "volume_a");
        Volume b = Inputs.volume(volume_b, volume_b_file, "volume_b");
        if (!a.sameShape(b)) throw new CryoEtException("Volumes differ in size: " + a + " and " + b);
        Outputs.checkTarget(csv_file, overwrite);
        boolean[] mask = switch (region) {
            case ALL -> null;
            case MEASURED -> MissingWedge.measuredBits(a.nx(), a.ny(), a.nz(), tilt_min, tilt_max);
            case MISSING -> MissingWedge.missingBits(a.nx(), a.ny(), a.nz(), tilt_min, tilt_max);
            default -> throw new CryoEtException("Unknown region '" + region + "' (all, measured wedge, missing wedge)");
        };
        try (FijiProgress p = progress("FSC")) {
            p.update("FSC", 0, 1);
            curve = Fsc.compute(a, b, mask);
            correlation = Metrics.pearson(a, b);
            p.update("FSC", 1, 1);
        }
        resolution_0143 = curve.resolution(FscCurve.GOLD).angstrom();
        resolution_05 = curve.resolution(FscCurve.HALF).angstrom();
        resolution_halfbit = curve.resolutionHalfBit().angstrom();
        String title = "FSC " + titleOf(volume_a, volume_a_file) + " vs " + titleOf(volume_b, volume_b_file)
                + (mask == null ? "" : " (" + region + ")");
        Plot plot = Plots.fscPlot(title, curve.frequency(), curve.fsc(), new double[] {FscCurve.GOLD, FscCurve.HALF}, "1/\u00c5");
        plot.setColor(java.awt.Color.GRAY);
        plot.addPoints(curve.frequency(), curve.halfBitCurve(), Plot.DOT);
        plot.addLegend(String.format(Locale.ROOT, "FSC\thalf-bit\n0.143: %.1f \u00c5  0.5: %.1f \u00c5", resolution_0143, resolution_05));
        fsc_plot = plot.getImagePlus();
        fsc_plot.setTitle(title);
        if (csv_file != null && !csv_file.getPath().isEmpty()) writeCsv();
        log(String.format(Locale.ROOT, "%s: resolution %.2f A (0.143), %.2f A (0.5), %.2f A (half-bit); correlation %.4f",
                title, resolution_0143, resolution_05, resolution_halfbit, correlation));
    }

    private void writeCsv() {
        AtomicOutput.write(csv_file.toPath(), overwrite, tmp -> {
            StringBuilder sb = new StringBuilder("shell,frequency_per_A,fsc,count,half_bit\n");
            double[] hb = curve.halfBitCurve();
            for (int r = 0; r < curve.shells(); r++) {
                sb.append(String.format(Locale.ROOT, "%d,%.6g,%.6f,%d,%.6f%n", r, curve.frequency()[r], curve.fsc()[r],
                        curve.count()[r], hb[r]));
            }
            Files.writeString(tmp, sb.toString());
        });
    }

    private static String titleOf(ImagePlus imp, File f) {
        return imp != null ? imp.getTitle() : f != null ? f.getName() : "?";
    }

    public FscCurve curve() {
        return curve;
    }
}
