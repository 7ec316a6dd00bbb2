package org.cryoet.fiji;

import java.io.File;

import ij.ImagePlus;

import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.widget.FileWidget;

import org.cryoet.tomo.SampleMask;
import org.cryoet.tomo.SampleMaskOptions;
import org.cryoet.volume.Volume;

/**
 * Plugins &gt; Cryo-ET &gt; Make Sample Mask: the automatic mask of dense, structured regions
 * (IsoNet-style) that keeps training crops out of empty ice; from one tomogram or two halves.
 * "Make Sample Mask (preview)..." opens the same settings in a dialog with a live overlay.
 */
@Plugin(type = Command.class, headless = true, menuPath = "Plugins>Cryo-ET>Make Sample Mask",
        description = "Mask of dense, structured regions for training-crop sampling")
public class SampleMaskCommand extends CryoEtCommand {

    @Parameter(label = "Tomogram", required = false)
    ImagePlus tomogram;

    @Parameter(label = "Tomogram file", required = false, style = FileWidget.OPEN_STYLE)
    File tomogram_file;

    @Parameter(label = "Second half tomogram", required = false,
            description = "Optional: the mask is computed from the average of both normalised halves")
    ImagePlus tomogram_b;

    @Parameter(label = "Second half file", required = false, style = FileWidget.OPEN_STYLE)
    File tomogram_b_file;

    @Parameter(label = "Density percentage", min = "1", max = "100",
            description = "Percentage of voxels kept by the local-density criterion (100 = off)")
    double density_percentage = SampleMaskOptions.DEFAULTS.densityPercentage();

    @Parameter(label = "Std percentage", min = "1", max = "100",
            description = "Percentage kept by the local standard-deviation criterion (100 = off)")
    double std_percentage = SampleMaskOptions.DEFAULTS.stdPercentage();

    @Parameter(label = "Side (binned voxels)", min = "1", description = "Smoothing sigma side/2 and neighbourhood 2*side+1")
    int side = SampleMaskOptions.DEFAULTS.side();

    @Parameter(label = "z crop fraction", min = "0", max = "0.99", description = "Fraction of z removed, half at each end")
    double z_crop = SampleMaskOptions.DEFAULTS.zCrop();

    @Parameter(label = "Output file", required = false, style = FileWidget.SAVE_STYLE)
    File output_file;

    @Parameter(label = "Overwrite", persist = false)
    boolean overwrite = false;

    @Parameter(type = ItemIO.OUTPUT)
    ImagePlus mask;

    public SampleMaskOptions options() {
        return new SampleMaskOptions(density_percentage, std_percentage, side, z_crop);
    }

    @Override
    protected void execute() {
        SampleMaskOptions o = options();
        Volume t = Inputs.volume(tomogram, tomogram_file, "tomogram");
        Volume t2 = tomogram_b != null || tomogram_b_file != null ? Inputs.volume(tomogram_b, tomogram_b_file, "tomogram_b") : null;
        Outputs.checkTarget(output_file, overwrite);
        Volume m;
        try (FijiProgress p = progress("Sample mask")) {
            p.update("Sample mask", 0, 1);
            m = SampleMask.compute(t, t2, o);
            p.update("Sample mask", 1, 1);
        }
        Inputs.writeIfGiven(output_file, m, false, overwrite, "mask");
        mask = ImageConversion.toImagePlus(m, Outputs.title(tomogram, tomogram_file, "_mask"));
        log(String.format(java.util.Locale.ROOT, "Sample mask keeps %.1f%% of the volume", 100 * SampleMask.fraction(m)));
    }
}
