package org.cryoet.fiji;

import java.io.File;

import ij.ImagePlus;

import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.widget.FileWidget;

import org.cryoet.tomo.FbpOptions;
import org.cryoet.tomo.FilteredBackProjection;
import org.cryoet.volume.Volume;

/**
 * Plugins &gt; Cryo-ET &gt; Reconstruct Tomogram (FBP): weighted back-projection of a tilt series
 * (open image or file; angles from a .tlt file or the slice labels), same call as
 * {@code cryoet reconstruct}.
 */
@Plugin(type = Command.class, headless = true, menuPath = "Plugins>Cryo-ET>Reconstruct Tomogram (FBP)",
        description = "Filtered (weighted) back-projection of a tilt series; tilt axis = Y")
public class ReconstructTomogramCommand extends TiltSeriesCommand {

    @Parameter(label = "Thickness (voxels)", min = "0", description = "Output size along z (beam) after binning; 0 = width")
    private int thickness = 0;

    @Parameter(label = "Binning", min = "1")
    private int binning = 1;

    @Parameter(label = "Width (voxels)", min = "0", description = "Output size along x after binning; 0 = detector width")
    private int width = 0;

    @Parameter(label = "Filter", choices = {"RADIAL", "RAMP", "SIRT_LIKE"})
    private String filter = "RADIAL";

    @Parameter(label = "Radial cutoff", min = "0", description = "RADIAL: end of the ramp, cycles/pixel (0..0.5)")
    private double radial_cutoff = FbpOptions.DEFAULT_RADIAL_CUTOFF;

    @Parameter(label = "Radial fall-off", min = "0", description = "RADIAL: Gaussian sigma beyond the cutoff")
    private double radial_falloff = FbpOptions.DEFAULT_RADIAL_FALLOFF;

    @Parameter(label = "SIRT-like iterations", min = "1")
    private int sirt_iterations = FbpOptions.DEFAULT_SIRT_ITERATIONS;

    @Parameter(label = "Output file", required = false, style = FileWidget.SAVE_STYLE,
            description = "Also write the tomogram here (.mrc, or .tif)")
    private File output_file;

    @Parameter(label = "Overwrite", persist = false)
    private boolean overwrite = false;

    @Parameter(type = ItemIO.OUTPUT)
    private ImagePlus tomogram;

    /** The library options these parameters stand for (shared with the ImageJ 1 path). */
    public FbpOptions options() {
        return FbpOptions.builder().filter(Enums.parse(FbpOptions.FilterType.class, orDefault(filter, "RADIAL"), "filter"))
                .radial(radial_cutoff, radial_falloff).sirtIterations(sirt_iterations)
                .thickness(thickness).binning(binning).width(width).build();
    }

    @Override
    protected void execute() {
        FbpOptions opts = options();
        Volume ts = tiltSeries();
        double[] angles = tiltAngles(ts.nz());
        Outputs.checkTarget(output_file, overwrite);
        Volume rec;
        try (FijiProgress p = progress("Reconstruct tomogram")) {
            rec = FilteredBackProjection.reconstruct(ts, angles, opts, p);
        }
        Inputs.writeIfGiven(output_file, rec, false, overwrite, "tomogram");
        tomogram = ImageConversion.toImagePlus(rec, outputTitle("_rec"));
    }
}
