package org.cryoet.fiji;

import java.util.Locale;

import javax.swing.SwingUtilities;

import ij.ImagePlus;
import ij.plugin.frame.Recorder;

import org.scijava.command.Command;
import org.scijava.command.CommandService;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

import org.cryoet.fiji.ui.SplitDialog;

/**
 * Plugins &gt; Cryo-ET &gt; Split Tilt Series (dialog)...: the split settings with the resulting angle
 * lists shown before splitting; OK runs "Split Tilt Series" on the image (and records that macro
 * line). A stack whose slice labels repeat each angle (frames) offers the dose split.
 */
@Plugin(type = Command.class, menuPath = "Plugins>Cryo-ET>Split Tilt Series (dialog)...",
        description = "Split a tilt series or frame stack, showing the halves' angles first")
public class SplitTiltSeriesDialogCommand extends CryoEtCommand {

    @Parameter(label = "Tilt series or frames")
    private ImagePlus image;

    @Parameter(required = false)
    private CommandService commandService;

    @Override
    protected void execute() {
        require(image, "image");
        double[] labels = ImageConversion.anglesFromLabels(image);
        int perTilt = 1;
        while (perTilt < labels.length && labels[perTilt] == labels[0]) perTilt++;
        boolean isFrames = perTilt > 1 && labels.length % perTilt == 0;
        double[] angles = new double[labels.length / perTilt];
        for (int t = 0; t < angles.length; t++) angles[t] = labels[t * perTilt];
        int fpt = perTilt;
        SplitDialog[] d = new SplitDialog[1];
        try {
            SwingUtilities.invokeAndWait(() -> {
                d[0] = new SplitDialog(null, angles, Math.max(2, fpt), isFrames);
                d[0].setVisible(true);
            });
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        if (!d[0].wasOk()) {
            cancel("Cancelled");
            return;
        }
        String mode = d[0].mode();
        String input = SplitTiltSeriesCommand.DOSE.equals(mode) ? "frames" : "tilt_series";
        StringBuilder options = new StringBuilder(String.format(Locale.ROOT, "mode=%s %s=[%s]", mode, input, image.getTitle()));
        if (SplitTiltSeriesCommand.DOSE.equals(mode)) options.append(" frames_per_tilt=").append(d[0].framesPerTilt());
        if (d[0].orderFile() != null && SplitTiltSeriesCommand.ANGLE.equals(mode)) {
            options.append(" order_file=[").append(d[0].orderFile().getPath()).append(']');
        }
        if (Recorder.record) Recorder.recordString("run(\"Split Tilt Series\", \"" + options + "\");\n");
        if (commandService != null) {
            try {
                commandService.run(SplitTiltSeriesCommand.class, true, "mode", mode, input, image, "frames_per_tilt",
                        d[0].framesPerTilt(), "order_file", d[0].orderFile()).get();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
