package org.cryoet.fiji;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;

import javax.swing.SwingUtilities;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import org.cryoet.fiji.ui.ImagePanel;
import org.cryoet.fiji.ui.Screenshots;
import org.cryoet.fiji.ui.TrainingMonitor;
import org.cryoet.learn.TrainingStatus;
import org.cryoet.volume.Volume;

@Tag("gui")
class TrainingMonitorGuiTest {

    @BeforeAll
    static void display() {
        GuiTestSupport.ensureDisplay();
    }

    @Test
    void drawsLossCurvesProgressCropAndStopsOnFinishNow() throws Exception {
        TrainingMonitor m = TrainingMonitor.open("synthetic events");
        try {
            int total = 300;
            Volume crop = TestVolumes.blobs(32, 32, 32, 7, 2.0);
            for (int i = 1; i <= 200; i++) {
                double n2n = 0.5 * Math.exp(-i / 60.0) + 0.05;
                double equi = 0.2 * Math.exp(-i / 30.0) + 0.01;
                m.iteration(new TrainingStatus(i, total, n2n + 2 * equi, n2n, equi, n2n + 2 * equi, 5.0, (total - i) / 5.0));
                if (i % 50 == 0) m.progressCrop(crop.data(), 32, i);
                if (m.stopRequested()) break;
            }
            SwingUtilities.invokeAndWait(m::refresh);
            double[][] c = m.curves();
            assertEquals(200, c[0].length);
            assertEquals(0.5 * Math.exp(-1 / 60.0) + 0.05, c[2][0], 1e-12);
            assertTrue(m.iterationText().contains("iteration 200 / 300"), m.iterationText());
            assertTrue(m.iterationText().contains("ETA 0:20"), m.iterationText());

            BufferedImage plot = Screenshots.paint(m.plotPanel());
            assertTrue(plot.getWidth() > 300 && plot.getHeight() > 150);
            // each curve leaves many pixels of its colour
            assertTrue(GuiTestSupport.countColour(plot, Plots.N2N, 40) > 100, "Noise2Noise curve");
            assertTrue(GuiTestSupport.countColour(plot, Plots.EQUI, 40) > 100, "equivariance curve");
            for (ImagePanel p : m.cropPanels()) {
                assertEquals(32, p.image().getWidth(), p.title());
                assertTrue(GuiTestSupport.grayStd(p.image()) > 5, p.title());
            }
            BufferedImage shot = Screenshots.paint(m.getContentPane());
            GuiTestSupport.save(shot, "training-monitor.png");

            SwingUtilities.invokeAndWait(m::requestFinish);
            assertTrue(m.stopRequested());
            assertFalse(m.isCancelRequested());
            m.finished(200, false);
            SwingUtilities.invokeAndWait(() -> { });
            SwingUtilities.invokeAndWait(m::refresh);
            assertTrue(m.iterationText().contains("stopped at iteration 200"), m.iterationText());
        } finally {
            SwingUtilities.invokeAndWait(m::dispose);
        }
    }
}
