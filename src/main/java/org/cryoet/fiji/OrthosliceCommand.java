package org.cryoet.fiji;

import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;

import javax.imageio.ImageIO;

import ij.ImagePlus;

import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.widget.FileWidget;

import org.cryoet.fiji.ui.GrayImages;
import org.cryoet.fiji.ui.OrthosliceViewer;
import org.cryoet.util.CryoEtException;
import org.cryoet.volume.Volume;

/**
 * Plugins &gt; Cryo-ET &gt; Orthoslice Fourier Preview: opens the orthoslice viewer (XY/XZ/YZ through a
 * movable point, central Fourier slices below) on any open volume. Headless, or with a PNG file
 * given, writes the six panels as one picture instead (for scripts and reports).
 */
@Plugin(type = Command.class, menuPath = "Plugins>Cryo-ET>Orthoslice Fourier Preview",
        description = "Orthogonal sections and central Fourier slices of a volume")
public class OrthosliceCommand extends CryoEtCommand {

    @Parameter(label = "Volume")
    private ImagePlus volume;

    @Parameter(label = "Save panels as PNG", required = false, style = FileWidget.SAVE_STYLE,
            description = "Write XY/XZ/YZ sections (middle) and kz/ky/kx=0 Fourier slices as one PNG")
    private File png_file;

    @Override
    protected void execute() {
        require(volume, "volume");
        Volume v = ImageConversion.toVolume(volume);
        if (png_file != null && !png_file.getPath().isEmpty()) {
            try {
                ImageIO.write(montage(v), "png", png_file);
            } catch (IOException e) {
                throw new CryoEtException("Cannot write " + png_file + ": " + e.getMessage(), e);
            }
        }
        if (hasUi()) OrthosliceViewer.open(v, volume.getTitle());
    }

    /** Top row: XY, XZ, YZ through the centre; bottom row: central Fourier slices kz=0, ky=0, kx=0. */
    public static BufferedImage montage(Volume v) {
        Views.Image[] top = {Views.xy(v, v.nz() / 2), Views.xz(v, v.ny() / 2), Views.yz(v, v.nx() / 2)};
        Views.Image[] bottom = {Views.centralFourierSlice(v, 2), Views.centralFourierSlice(v, 1), Views.centralFourierSlice(v, 0)};
        int w = v.nx() + v.nx() + v.nz() + 8;
        int h = Math.max(v.ny(), v.nz()) * 2 + 4;
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        java.awt.Graphics2D g = out.createGraphics();
        int rowH = Math.max(v.ny(), v.nz()) + 4;
        for (int row = 0; row < 2; row++) {
            int x = 0;
            for (Views.Image img : row == 0 ? top : bottom) {
                g.drawImage(GrayImages.toGray(img), x, row * rowH, null);
                x += img.width() + 4;
            }
        }
        g.dispose();
        return out;
    }
}
