package org.cryoet.fiji;

import java.io.File;

import ij.ImagePlus;

import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.widget.FileWidget;

/**
 * File &gt; Import &gt; MRC (Cryo-ET): opens an MRC/CCP4 file with the project's reader, voxel size
 * and origin in the calibration; tilt series get their angles (from a .tlt file beside them) as
 * slice labels.
 */
@Plugin(type = Command.class, headless = true, menuPath = "File>Import>MRC (Cryo-ET)...",
        description = "Open an MRC file (tomogram or tilt series) with its voxel size")
public class ImportMrcCommand extends CryoEtCommand {

    @Parameter(label = "MRC file", style = FileWidget.OPEN_STYLE)
    private File file;

    @Parameter(label = "Memory-mapped virtual stack",
            description = "Map the file instead of reading it: opens huge tomograms instantly, read-only")
    private boolean virtual = false;

    @Parameter(type = ItemIO.OUTPUT)
    private ImagePlus image;

    @Override
    protected void execute() {
        image = virtual ? MrcVirtualStacks.open(file.toPath()) : Inputs.openImage(file);
    }

    public ImagePlus image() {
        return image;
    }
}
