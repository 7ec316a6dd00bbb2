package org.cryoet.fiji;

import java.io.File;
import java.nio.file.Path;

import ij.ImagePlus;

import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.widget.FileWidget;

import org.cryoet.io.MrcWriter;
import org.cryoet.io.TiltAngles;
import org.cryoet.util.CryoEtException;
import org.cryoet.volume.Volume;

/**
 * File &gt; Save As &gt; MRC (Cryo-ET): writes the image as float32 MRC with its voxel size and origin;
 * a tilt series (slices labelled with angles) is written as an image stack plus a .tlt file.
 */
@Plugin(type = Command.class, headless = true, menuPath = "File>Save As>Save MRC (Cryo-ET)...",
        description = "Save an image as MRC (float32) with its voxel size and origin")
public class ExportMrcCommand extends CryoEtCommand {

    public static final String AUTO = "auto";
    public static final String VOLUME = "volume";
    public static final String STACK = "image stack";

    @Parameter(label = "Image")
    private ImagePlus image;

    @Parameter(label = "MRC file", style = FileWidget.SAVE_STYLE)
    private File file;

    @Parameter(label = "Kind", choices = {AUTO, VOLUME, STACK},
            description = "auto: an image stack (tilt series) when every slice label holds an angle, else a volume")
    private String kind = AUTO;

    @Parameter(label = "Write angles (.tlt)", description = "For tilt series, also write name.tlt with the slice-label angles")
    private boolean write_angles = true;

    @Parameter(label = "Overwrite", persist = false)
    private boolean overwrite = true;

    @Override
    protected void execute() {
        require(image, "image");
        double[] angles = null;
        try {
            angles = ImageConversion.anglesFromLabels(image);
        } catch (CryoEtException e) {
            if (STACK.equals(kind) && write_angles) log(e.getMessage());
        }
        boolean stack = STACK.equals(kind) || (AUTO.equals(kind) && angles != null);
        Volume v = ImageConversion.toVolume(image);
        Path p = file.toPath();
        MrcWriter.write(p, v, stack, overwrite);
        if (stack && write_angles && angles != null) {
            String n = p.getFileName().toString();
            int dot = n.lastIndexOf('.');
            TiltAngles.write(p.resolveSibling((dot > 0 ? n.substring(0, dot) : n) + ".tlt"), angles, overwrite);
        }
    }
}
