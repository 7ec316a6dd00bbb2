package org.cryoet.fiji;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;

import javax.swing.SwingUtilities;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import org.cryoet.fiji.ui.Screenshots;
import org.cryoet.fiji.ui.SplitDialog;
import org.cryoet.io.TiltAngles;

@Tag("gui")
class SplitDialogGuiTest {
    @BeforeAll
    static void display() {
        GuiTestSupport.ensureDisplay();
    }

    @Test
    void showsTheHalvesAnglesForEachSetting() throws Exception {
        double[] angles = new double[21];
        for (int i = 0; i < 21; i++) angles[i] = -60 + 6 * i;
        // dose-symmetric order, group size 2: 0, +6, +12, -6, -12, +18, +24, ...
        double[] recorded = new double[21];
        recorded[0] = 0;
        int k = 1;
        for (int g = 0; k < 21; g++) {
            for (int s = 0; s < 2 && k < 21; s++) recorded[k++] = 6 * (2 * g + s + 1);
            for (int s = 0; s < 2 && k < 21; s++) recorded[k++] = -6 * (2 * g + s + 1);
        }
        // a fixed relative path, so the screenshot for the guide does not change from run to run
        Path order = Path.of("target", "order.txt");
        Files.createDirectories(order.getParent());
        TiltAngles.write(order, recorded, true);
        SplitDialog[] d = new SplitDialog[1];
        SwingUtilities.invokeAndWait(() -> {
            d[0] = new SplitDialog(null, angles, 4, true);
            d[0].setModal(false);
            d[0].setVisible(true);
        });
        try {
            String doseText = d[0].listsText();
            assertTrue(doseText.startsWith("even half (21 tilts): -60.0 -54.0"), doseText);
            assertTrue(doseText.contains("odd half (21 tilts)"), doseText);
            SwingUtilities.invokeAndWait(() -> d[0].set("angle", 4, order.toFile()));
            String angleText = d[0].listsText();
            // recorded positions 0, 2, 4, ... go to the even half: 0, +12, -12, +24, ...
            assertTrue(angleText.contains("even half (11 tilts): -60.0 -48.0 -36.0 -24.0 -12.0 0.0 12.0"), angleText);
            assertTrue(angleText.contains("odd half (10 tilts): -54.0 -42.0"), angleText);
            assertEquals("angle", d[0].mode());
            BufferedImage shot = Screenshots.paint(d[0].getContentPane());
            assertTrue(GuiTestSupport.grayStd(shot) > 5);
            GuiTestSupport.save(shot, "split-dialog.png");
            assertTrue(Files.size(Path.of("doc/images/split-dialog.png")) > 1000);
        } finally {
            SwingUtilities.invokeAndWait(d[0]::dispose);
        }
    }
}
