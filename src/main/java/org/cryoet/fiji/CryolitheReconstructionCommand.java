package org.cryoet.fiji;

import java.io.File;

import ij.ImagePlus;

import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.widget.FileWidget;

import org.cryoet.learn.DeviceSelector;
import org.cryoet.learn.TrainingOptions;
import org.cryoet.learn.cryolithe.CryolitheModel;
import org.cryoet.learn.cryolithe.CryolitheReconstruction;
import org.cryoet.volume.Volume;

/**
 * Plugins &gt; Cryo-ET &gt; CryoLithe Reconstruction: a restored tomogram straight from the tilt series
 * with the built-in (or a given) CryoLithe model; the same library call as
 * {@code cryoet cryolithe reconstruct}.
 */
@Plugin(type = Command.class, headless = true, menuPath = "Plugins>Cryo-ET>CryoLithe Reconstruction",
        description = "Supervised local reconstruction from the aligned tilt series (tilt axis = Y), no training")
public class CryolitheReconstructionCommand extends TiltSeriesCommand {

    @Parameter(label = "Thickness (voxels)", min = "1", description = "Output size along z (beam)")
    private int thickness = 64;

    @Parameter(label = "Model folder", required = false, style = FileWidget.DIRECTORY_STYLE,
            description = "weights.bin + model.json from cryoet cryolithe train; empty: the built-in model")
    private File model_folder;

    @Parameter(label = "Pixel model", description = "Built-in pixel model (about 6x slower) instead of the wavelet model")
    private boolean pixel = false;

    @Parameter(label = "Batch (points per call)", min = "1")
    private int batch = 2048;

    @Parameter(label = "Device", description = TrainingOptions.DEVICE_HELP)
    private String device = TrainingOptions.DEVICE_DEFAULT;

    @Parameter(label = "Output file", required = false, style = FileWidget.SAVE_STYLE,
            description = "Also write the tomogram here (.mrc, or .tif)")
    private File output_file;

    @Parameter(label = "Overwrite", persist = false)
    private boolean overwrite = false;

    @Parameter(type = ItemIO.OUTPUT)
    private ImagePlus tomogram;

    @Override
    protected void execute() {
        Volume ts = tiltSeries();
        double[] angles = tiltAngles(ts.nz());
        Outputs.checkTarget(output_file, overwrite);
        CryolitheModel model = model_folder != null && !model_folder.getPath().isEmpty()
                ? CryolitheModel.load(model_folder.toPath()) : CryolitheModel.builtIn(pixel);
        DeviceSelector.Choice choice = DeviceSelector.select(orDefault(device, TrainingOptions.DEVICE_DEFAULT));
        Volume rec;
        try (FijiProgress p = progress("CryoLithe reconstruction")) {
            rec = CryolitheReconstruction.reconstruct(ts, angles, thickness, model, choice.device(), batch, p);
        }
        Inputs.writeIfGiven(output_file, rec, false, overwrite, "tomogram");
        tomogram = ImageConversion.toImagePlus(rec, outputTitle("_cryolithe"));
    }
}
