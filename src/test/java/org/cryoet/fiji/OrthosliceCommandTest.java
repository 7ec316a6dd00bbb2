package org.cryoet.fiji;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.awt.image.BufferedImage;
import java.nio.file.Path;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scijava.Context;
import org.scijava.command.CommandModule;
import org.scijava.command.CommandService;

import org.cryoet.fiji.ui.GrayImages;
import org.cryoet.volume.Volume;

/** Headless, the preview command writes the six panels as one PNG. */
class OrthosliceCommandTest {
    @TempDir
    Path dir;

    @Test
    void headlessPreviewWritesSectionsAndFourierSlices() throws Exception {
        Volume v = TestVolumes.blobs(40, 30, 20, 2, 2.0);
        Path png = dir.resolve("preview.png");
        try (Context ctx = new Context(CommandService.class)) {
            CommandModule m = ctx.service(CommandService.class).run(OrthosliceCommand.class, false,
                    "volume", ImageConversion.toImagePlus(v, "v"), "png_file", png.toFile()).get();
            assertFalse(m.isCanceled(), m.getCancelReason());
        }
        BufferedImage img = ImageIO.read(png.toFile());
        assertEquals(40 + 40 + 20 + 8, img.getWidth());
        assertEquals(2 * 30 + 4, img.getHeight());
        // top-left panel is the XY section z=10 as GrayImages draws it
        BufferedImage xy = GrayImages.toGray(Views.xy(v, 10));
        for (int y = 0; y < 30; y += 7) {
            for (int x = 0; x < 40; x += 5) {
                assertEquals(xy.getRaster().getSample(x, y, 0), img.getRaster().getSample(x, y, 0), "pixel " + x + "," + y);
            }
        }
        // bottom-middle panel: ky=0 Fourier slice, zero frequency (brightest) at its centre
        int ox = 40 + 4, oy = 34;
        assertEquals(255, img.getRaster().getSample(ox + 20, oy + 10, 0));
    }
}
