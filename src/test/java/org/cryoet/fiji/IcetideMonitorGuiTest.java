package org.cryoet.fiji;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;

import javax.swing.SwingUtilities;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import org.cryoet.fiji.ui.IcetideMonitor;
import org.cryoet.fiji.ui.Screenshots;
import org.cryoet.tomo.Misalignment;

/** The ICE-TIDE live view shows what the run posts: data-term curve, central section, deformations. */
@Tag("gui")
class IcetideMonitorGuiTest {

    @BeforeAll
    static void display() {
        GuiTestSupport.ensureDisplay();
    }

    @Test
    void showsTheCurveTheSectionAndTheDeformations() throws Exception {
        IcetideMonitor mon = IcetideMonitor.open("test");
        try {
            int w = 40, h = 30;
            float[] section = new float[w * h];
            for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) section[y * w + x] = (float) Math.sin(x / 3.0) * y;
            for (int e = 1; e <= 20; e++) mon.epoch(e, 40, 1.0 / e);
            mon.section(20, section, w, h);
            mon.deformations(Misalignment.random(7, new Misalignment.Spec(2, 0.5, 1.5, 4, 3), w, h), w, h);
            SwingUtilities.invokeAndWait(mon::refresh);
            double[][] c = mon.curve();
            assertEquals(20, c[0].length);
            assertEquals(0.05, c[1][19], 1e-12);
            assertTrue(mon.statusText().startsWith("epoch 20 / 40"), mon.statusText());
            assertEquals(w, mon.sectionPanel().image().getWidth());
            assertTrue(GuiTestSupport.grayStd(mon.sectionPanel().image()) > 20, "section contrast");
            BufferedImage quiver = mon.quiverPanel().image();
            assertTrue(GuiTestSupport.countColour(quiver, new java.awt.Color(200, 30, 30), 40) > 20, "arrows drawn");
            BufferedImage plot = Screenshots.paint(mon.plotPanel());
            assertTrue(GuiTestSupport.countColour(plot, Plots.TOTAL, 40) > 50, "data-term curve drawn");
            mon.finished("finished: 40 epochs");
            SwingUtilities.invokeAndWait(mon::refresh);
            assertEquals("finished: 40 epochs", mon.statusText());
        } finally {
            SwingUtilities.invokeAndWait(mon::dispose);
        }
    }
}
