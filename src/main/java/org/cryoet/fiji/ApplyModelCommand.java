package org.cryoet.fiji;

import java.io.File;

import ij.ImagePlus;

import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.widget.FileWidget;

import org.cryoet.learn.DeviceSelector;
import org.cryoet.learn.IcecreamModel;
import org.cryoet.learn.TileFunction;
import org.cryoet.learn.TiledPredictor;
import org.cryoet.learn.TrainingOptions;
import org.cryoet.volume.VolumeSource;
import org.cryoet.util.CryoEtException;
import org.cryoet.volume.Volume;

/**
 * Plugins &gt; Cryo-ET &gt; Apply ICECREAM Model: predicts each half tomogram tile by tile with a
 * trained model and averages the two predictions (same call as {@code cryoet predict}).
 */
@Plugin(type = Command.class, headless = true, menuPath = "Plugins>Cryo-ET>Apply ICECREAM Model",
        description = "Apply a trained ICECREAM model to half tomograms")
public class ApplyModelCommand extends CryoEtCommand {

    @Parameter(label = "Even half tomogram", required = false)
    private ImagePlus even;

    @Parameter(label = "Even half file", required = false, style = FileWidget.OPEN_STYLE)
    private File even_file;

    @Parameter(label = "Odd half tomogram", required = false, description = "Optional: without it only the even half is predicted")
    private ImagePlus odd;

    @Parameter(label = "Odd half file", required = false, style = FileWidget.OPEN_STYLE)
    private File odd_file;

    @Parameter(label = "Sample mask", required = false, description = TrainingOptions.PREDICT_MASK_HELP)
    private ImagePlus mask;

    @Parameter(label = "Sample mask file", required = false, style = FileWidget.OPEN_STYLE)
    private File mask_file;

    @Parameter(label = "Model folder", style = FileWidget.DIRECTORY_STYLE)
    private File model_directory;

    @Parameter(label = "Tiles per network call", min = "1", description = TrainingOptions.PREDICT_BATCH_HELP)
    private int batch = TrainingOptions.PREDICT_BATCH;

    @Parameter(label = "Tile overlap (fraction)", min = "0", max = "0.9", description = TrainingOptions.PREDICT_OVERLAP_HELP)
    private double overlap = TrainingOptions.PREDICT_OVERLAP;

    @Parameter(label = "Device", description = TrainingOptions.DEVICE_HELP)
    private String device = TrainingOptions.DEVICE_DEFAULT;

    @Parameter(label = "Output file", required = false, style = FileWidget.SAVE_STYLE)
    private File output_file;

    @Parameter(label = "Overwrite", persist = false)
    private boolean overwrite = false;

    @Parameter(type = ItemIO.OUTPUT)
    private ImagePlus result;

    @Override
    protected void execute() {
        if (model_directory == null) throw new CryoEtException("No model folder given");
        new TiledPredictor(8).overlap(overlap).batch(batch); // checks the options before loading anything
        Outputs.checkTarget(output_file, overwrite);
        Volume e = Inputs.volume(even, even_file, "even");
        boolean hasOdd = odd != null || (odd_file != null && !odd_file.getPath().isEmpty());
        Volume o = hasOdd ? Inputs.volume(odd, odd_file, "odd") : null;
        boolean hasMask = mask != null || (mask_file != null && !mask_file.getPath().isEmpty());
        Volume m = hasMask ? Inputs.volume(mask, mask_file, "mask") : null;
        Volume out;
        org.cryoet.learn.GradMode.offOnThisThread();
        DeviceSelector.Choice choice = DeviceSelector.select(orDefault(device, TrainingOptions.DEVICE_DEFAULT));
        log("Apply ICECREAM model on " + choice);
        try (IcecreamModel model = IcecreamModel.load(model_directory.toPath(), choice.device());
             TileFunction f = model.inferenceFunction();
             FijiProgress p = progress("Apply ICECREAM model")) {
            TiledPredictor predictor = new TiledPredictor(model.info().crop()).overlap(overlap).batch(batch)
                    .onlyInside(m == null ? null : VolumeSource.of(m, "mask"));
            out = predictor.predictPair(VolumeSource.of(e), o == null ? null : VolumeSource.of(o), f, p);
        }
        Inputs.writeIfGiven(output_file, out, false, overwrite, "icecream");
        result = ImageConversion.toImagePlus(out, Outputs.title(even, even_file, "_icecream"));
    }
}
