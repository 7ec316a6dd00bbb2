package org.cryoet.fiji;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.image.BufferedImage;

import javax.swing.SwingUtilities;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import org.cryoet.fiji.ui.MaskPreviewDialog;
import org.cryoet.fiji.ui.Screenshots;
import org.cryoet.tomo.SampleMask;
import org.cryoet.tomo.SampleMaskOptions;
import org.cryoet.volume.Volume;

@Tag("gui")
class MaskPreviewDialogGuiTest {

    @BeforeAll
    static void display() {
        GuiTestSupport.ensureDisplay();
    }

    @Test
    void overlayFollowsTheThresholds() throws Exception {
        Volume t = TestVolumes.blobs(48, 48, 32, 9, 1.5);
        // cryo-ET contrast: dense material is dark
        for (int i = 0; i < t.data().length; i++) t.data()[i] = -t.data()[i];
        MaskPreviewDialog[] d = new MaskPreviewDialog[1];
        SwingUtilities.invokeAndWait(() -> {
            d[0] = new MaskPreviewDialog(null, t, null, new SampleMaskOptions(50, 50, 3, 0));
            d[0].setModal(false);
            d[0].setVisible(true);
        });
        try {
            d[0].awaitPreview();
            Volume m50 = d[0].lastMask();
            assertArrayEquals(SampleMask.compute(t, new SampleMaskOptions(50, 50, 3, 0)).data(), m50.data());
            BufferedImage shot = Screenshots.paint(d[0].getContentPane());
            // the translucent red overlay tints many pixels red
            int reddish = 0;
            for (int y = 0; y < shot.getHeight(); y++) for (int x = 0; x < shot.getWidth(); x++) {
                Color c = new Color(shot.getRGB(x, y));
                if (c.getRed() > c.getGreen() + 40 && c.getRed() > c.getBlue() + 40) reddish++;
            }
            assertTrue(reddish > 1000, "red overlay pixels: " + reddish);
            assertEquals(2, d[0].panels().length);
            GuiTestSupport.save(shot, "mask-preview.png");
            SwingUtilities.invokeAndWait(() -> d[0].setThresholds(90, 90));
            d[0].awaitPreview();
            Volume m90 = d[0].lastMask();
            assertTrue(SampleMask.fraction(m90) > SampleMask.fraction(m50) + 0.1,
                    SampleMask.fraction(m90) + " vs " + SampleMask.fraction(m50));
            assertArrayEquals(SampleMask.compute(t, new SampleMaskOptions(90, 90, 3, 0)).data(), m90.data());
            assertTrue(d[0].statusText().startsWith("mask keeps"), d[0].statusText());
        } finally {
            SwingUtilities.invokeAndWait(d[0]::dispose);
        }
    }
}
