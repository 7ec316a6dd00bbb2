package org.cryoet.fiji;

import java.io.File;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import ij.ImagePlus;
import ij.gui.Plot;

import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.widget.FileWidget;

import org.cryoet.fourier.Fsc;
import org.cryoet.fourier.FscCurve;
import org.cryoet.fourier.FscReport;
import org.cryoet.fourier.Metrics;
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
            description = "Curve whose resolutions are reported; a wedge region also computes the curves inside and outside the wedge of the tilt range")
    private String region = ALL;

    @Parameter(label = "Tilt min (deg)", min = "-90", max = "90")
    private double tilt_min = -60;

    @Parameter(label = "Tilt max (deg)", min = "-90", max = "90")
    private double tilt_max = 60;

    @Parameter(label = "CSV file", required = false, style = FileWidget.SAVE_STYLE,
            description = "The curves as CSV, as cryoet fsc --out-csv writes them")
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
    private Map<String, FscCurve> curves;

    @Override
    protected void execute() {
        Volume a = Inputs.volume(volume_a, volume_a_file, "volume_a");
        Volume b = Inputs.volume(volume_b, volume_b_file, "volume_b");
        if (!a.sameShape(b)) throw new CryoEtException("Volumes differ in size: " + a + " and " + b);
        Outputs.checkTarget(csv_file, overwrite);
        String key = switch (region = orDefault(region, ALL)) {
            case ALL -> "all";
            case MEASURED -> "visible";
            case MISSING -> "missing wedge";
            default -> throw new CryoEtException("Unknown region '" + region + "' (all, measured wedge, missing wedge)");
        };
        try (FijiProgress p = progress("FSC")) {
            p.update("FSC", 0, 1);
            // the same curves as `cryoet fsc` (with --tilt-range when a wedge region is asked for)
            if (ALL.equals(region)) {
                curves = new LinkedHashMap<>();
                curves.put("all", Fsc.compute(a, b));
            } else {
                curves = FscReport.curves(Fsc.computeWithWedge(a, b, tilt_min, tilt_max));
            }
            correlation = Metrics.pearson(a, b);
            p.update("FSC", 1, 1);
        }
        curve = curves.get(key);
        resolution_0143 = curve.resolution(FscCurve.GOLD).angstrom();
        resolution_05 = curve.resolution(FscCurve.HALF).angstrom();
        resolution_halfbit = curve.resolutionHalfBit().angstrom();
        String title = "FSC " + titleOf(volume_a, volume_a_file) + " vs " + titleOf(volume_b, volume_b_file);
        Plot plot = Plots.fscPlot(title, curves, new double[] {FscCurve.GOLD, FscCurve.HALF}, "1/\u00c5");
        fsc_plot = plot.getImagePlus();
        fsc_plot.setTitle(title);
        if (csv_file != null && !csv_file.getPath().isEmpty()) FscReport.writeCsv(csv_file.toPath(), curves, overwrite);
        log(title + "\n" + FscReport.table(curves) + String.format(Locale.ROOT, "Pearson correlation %.4f", correlation));
    }

    /** All curves computed (all; or all, visible, missing wedge), in display order. */
    public Map<String, FscCurve> curves() {
        return curves;
    }

    private static String titleOf(ImagePlus imp, File f) {
        return imp != null ? imp.getTitle() : f != null ? f.getName() : "?";
    }

    public FscCurve curve() {
        return curve;
    }
}
