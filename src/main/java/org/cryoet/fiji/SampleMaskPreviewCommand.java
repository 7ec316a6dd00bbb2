package org.cryoet.fiji;

import java.util.Locale;

import javax.swing.SwingUtilities;

import ij.ImagePlus;
import ij.plugin.frame.Recorder;

import org.scijava.command.Command;
import org.scijava.command.CommandService;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

import org.cryoet.fiji.ui.MaskPreviewDialog;
import org.cryoet.tomo.SampleMaskOptions;
import org.cryoet.volume.Volume;

/**
 * Plugins &gt; Cryo-ET &gt; Make Sample Mask (preview)...: the mask thresholds in a dialog with a live
 * overlay on orthoslices; OK runs "Make Sample Mask" with the chosen values (and records that
 * macro line, so the recorded macro replays without a dialog).
 */
@Plugin(type = Command.class, menuPath = "Plugins>Cryo-ET>Make Sample Mask (preview)...",
        description = "Choose the sample-mask thresholds with a live preview")
public class SampleMaskPreviewCommand extends CryoEtCommand {

    @Parameter(label = "Tomogram")
    private ImagePlus tomogram;

    @Parameter(required = false)
    private CommandService commandService;

    @Override
    protected void execute() {
        require(tomogram, "tomogram");
        Volume t = ImageConversion.toVolume(tomogram);
        SampleMaskOptions[] chosen = new SampleMaskOptions[1];
        try {
            SwingUtilities.invokeAndWait(() -> {
                MaskPreviewDialog d = new MaskPreviewDialog(null, t, null, SampleMaskOptions.DEFAULTS);
                d.setVisible(true); // modal: returns when closed
                chosen[0] = d.result();
            });
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        if (chosen[0] == null) {
            cancel("Cancelled");
            return;
        }
        SampleMaskOptions o = chosen[0];
        String options = String.format(Locale.ROOT, "tomogram=[%s] density_percentage=%s std_percentage=%s side=%d",
                tomogram.getTitle(), num(o.densityPercentage()), num(o.stdPercentage()), o.side());
        if (Recorder.record) Recorder.recordString("run(\"Make Sample Mask\", \"" + options + "\");\n");
        if (commandService != null) {
            try {
                commandService.run(SampleMaskCommand.class, true, "tomogram", tomogram, "density_percentage",
                        o.densityPercentage(), "std_percentage", o.stdPercentage(), "side", o.side()).get();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private static String num(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }
}
