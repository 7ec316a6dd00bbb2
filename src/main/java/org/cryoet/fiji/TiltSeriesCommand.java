package org.cryoet.fiji;

import java.io.File;

import ij.ImagePlus;

import org.scijava.plugin.Parameter;
import org.scijava.widget.FileWidget;

import org.cryoet.volume.Volume;

/**
 * Base of the commands that start from a tilt series (FBP, CryoLithe, ICE-TIDE): the open image or
 * a file, and the tilt angles, declared once with the same macro keys ({@code tilt_series},
 * {@code tilt_series_file}, {@code angles_file}).
 */
public abstract class TiltSeriesCommand extends CryoEtCommand {

    @Parameter(label = "Tilt series", required = false, description = "Open tilt series (slices = tilts)")
    private ImagePlus tilt_series;

    @Parameter(label = "Tilt series file", required = false, style = FileWidget.OPEN_STYLE,
            description = "Used when no image is given (MRC, or any format Fiji opens)")
    private File tilt_series_file;

    @Parameter(label = "Tilt angles file (.tlt)", required = false, style = FileWidget.OPEN_STYLE,
            description = "One angle (degrees) per line; empty: slice labels, or name.tlt beside the file")
    private File angles_file;

    /** The tilt series (the image, else the file). */
    protected Volume tiltSeries() {
        return Inputs.volume(tilt_series, tilt_series_file, "tilt_series");
    }

    /** One angle per image of a tilt series of {@code images} images. */
    protected double[] tiltAngles(int images) {
        return Inputs.angles(angles_file, tilt_series, tilt_series_file, images);
    }

    /** The title of an output: the input's name with {@code suffix}. */
    protected String outputTitle(String suffix) {
        return Outputs.title(tilt_series, tilt_series_file, suffix);
    }
}
