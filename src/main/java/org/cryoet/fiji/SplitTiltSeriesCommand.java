package org.cryoet.fiji;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import ij.ImagePlus;

import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.widget.FileWidget;

import org.cryoet.io.MrcWriter;
import org.cryoet.io.TiltAngles;
import org.cryoet.tomo.HalfSplitter;
import org.cryoet.tomo.HalfSplitter.Halves;
import org.cryoet.util.CryoEtException;
import org.cryoet.volume.Volume;

/**
 * Plugins &gt; Cryo-ET &gt; Split Tilt Series: two independent half tilt series for Noise2Noise
 * training, by dose (even/odd frames of every tilt) or by angle (even/odd tilts in acquisition
 * order). Same call and files (even.mrc, odd.mrc, even.tlt, odd.tlt) as {@code cryoet split}.
 * "Split Tilt Series (dialog)..." shows the resulting angle lists before splitting.
 */
@Plugin(type = Command.class, headless = true, menuPath = "Plugins>Cryo-ET>Split Tilt Series",
        description = "Dose or angle split of a tilt series into two halves")
public class SplitTiltSeriesCommand extends CryoEtCommand {
    public static final String DOSE = "dose";
    public static final String ANGLE = "angle";

    @Parameter(label = "Split by", choices = {DOSE, ANGLE})
    String mode = DOSE;

    @Parameter(label = "Frames (dose split)", required = false, description = "Frame stack: tilts in stack order, frames_per_tilt consecutive frames each")
    ImagePlus frames;

    @Parameter(label = "Frames file", required = false, style = FileWidget.OPEN_STYLE)
    File frames_file;

    @Parameter(label = "Frames per tilt", min = "2")
    int frames_per_tilt = 4;

    @Parameter(label = "Tilt series (angle split)", required = false)
    ImagePlus tilt_series;

    @Parameter(label = "Tilt series file", required = false, style = FileWidget.OPEN_STYLE)
    File tilt_series_file;

    @Parameter(label = "Tilt angles file (.tlt)", required = false, style = FileWidget.OPEN_STYLE,
            description = "One angle per tilt in stack order; empty: from the slice labels")
    File angles_file;

    @Parameter(label = "Acquisition order file", required = false, style = FileWidget.OPEN_STYLE,
            description = "Angle split: the angles in the order they were recorded; empty: stack order")
    File order_file;

    @Parameter(label = "Output folder", required = false, style = FileWidget.DIRECTORY_STYLE,
            description = "Write even.mrc, odd.mrc, even.tlt and odd.tlt here")
    File output_directory;

    @Parameter(label = "Overwrite", persist = false)
    boolean overwrite = false;

    @Parameter(type = ItemIO.OUTPUT)
    ImagePlus even;

    @Parameter(type = ItemIO.OUTPUT)
    ImagePlus odd;

    private Halves halves;
    private String warning;

    @Override
    protected void execute() {
        String m = mode == null ? "" : mode.trim().toLowerCase(Locale.ROOT);
        Path dir = output_directory != null && !output_directory.getPath().isEmpty() ? output_directory.toPath() : null;
        if (dir != null) {
            for (String n : new String[] {"even.mrc", "odd.mrc", "even.tlt", "odd.tlt"}) {
                Outputs.checkTarget(dir.resolve(n).toFile(), overwrite);
            }
        }
        double[] angles;
        String title;
        try (FijiProgress p = progress("Split tilt series")) {
            p.update("Split " + m, 0, 1);
            if (m.equals(DOSE)) {
                Volume f = Inputs.volume(frames, frames_file, "frames");
                angles = doseAngles(f.nz());
                halves = HalfSplitter.doseSplit(f, frames_per_tilt, angles, name(frames, frames_file));
                title = Outputs.title(frames, frames_file, "");
            } else if (m.equals(ANGLE)) {
                Volume ts = Inputs.volume(tilt_series, tilt_series_file, "tilt_series");
                angles = Inputs.angles(angles_file, tilt_series, tilt_series_file, ts.nz());
                int[] order = null;
                if (order_file != null && !order_file.getPath().isEmpty()) {
                    order = HalfSplitter.orderFromAngles(angles, TiltAngles.read(order_file.toPath()), order_file.toString());
                }
                halves = HalfSplitter.angleSplit(ts, angles, order, name(tilt_series, tilt_series_file));
                title = Outputs.title(tilt_series, tilt_series_file, "");
            } else {
                throw new CryoEtException("Unknown split mode '" + mode + "' (dose or angle)");
            }
            p.update("Split " + m, 1, 1);
        }
        if (dir != null) {
            try {
                Files.createDirectories(dir);
            } catch (java.io.IOException e) {
                throw new CryoEtException("Cannot create output folder " + dir + ": " + e.getMessage(), e);
            }
            MrcWriter.write(dir.resolve("even.mrc"), halves.even(), true, overwrite);
            MrcWriter.write(dir.resolve("odd.mrc"), halves.odd(), true, overwrite);
            TiltAngles.write(dir.resolve("even.tlt"), halves.evenAngles(), overwrite);
            TiltAngles.write(dir.resolve("odd.tlt"), halves.oddAngles(), overwrite);
        }
        even = ImageConversion.toImagePlus(halves.even(), title + "_even", halves.evenAngles());
        odd = ImageConversion.toImagePlus(halves.odd(), title + "_odd", halves.oddAngles());
        warning = HalfSplitter.rangeWarning(halves, angles);
        if (warning != null) log("Warning: " + warning);
    }

    /** Angles per tilt for a dose split: the angle file, else every frames_per_tilt-th frame label. */
    private double[] doseAngles(int frameCount) {
        if (frames_per_tilt < 2 || frameCount % frames_per_tilt != 0) {
            throw new CryoEtException(name(frames, frames_file) + " has " + frameCount + " frames, not a multiple of "
                    + frames_per_tilt + " frames per tilt (at least 2)");
        }
        int tilts = frameCount / frames_per_tilt;
        if (angles_file != null && !angles_file.getPath().isEmpty()) {
            return TiltAngles.read(angles_file.toPath(), tilts, Path.of(name(frames, frames_file)));
        }
        if (frames != null) {
            double[] perFrame = ImageConversion.anglesFromLabels(frames);
            double[] a = new double[tilts];
            for (int t = 0; t < tilts; t++) a[t] = perFrame[t * frames_per_tilt];
            return a;
        }
        throw new CryoEtException("No tilt angles for " + frames_file + ": give angles_file");
    }

    private static String name(ImagePlus imp, File f) {
        return imp != null ? imp.getTitle() : f != null ? f.toString() : "input";
    }

    public Halves halves() {
        return halves;
    }

    /** The range warning of the split (halves covering different angle ranges), or null. */
    public String warning() {
        return warning;
    }

    /**
     * The angle lists a split gives, without the images (for the dialog): the split runs on a
     * 1x1 placeholder stack, so the assignment is exactly the library's.
     */
    public static Halves preview(String mode, double[] angles, int framesPerTilt, double[] acquisitionAngles) {
        int n = angles.length;
        if (DOSE.equals(mode)) {
            Volume f = Volume.create(1, 1, n * framesPerTilt, org.cryoet.volume.Calibration.UNIT);
            return HalfSplitter.doseSplit(f, framesPerTilt, angles);
        }
        int[] order = acquisitionAngles == null ? null : HalfSplitter.orderFromAngles(angles, acquisitionAngles, "order file");
        return HalfSplitter.angleSplit(Volume.create(1, 1, n, org.cryoet.volume.Calibration.UNIT), angles, order, "tilt series");
    }
}
