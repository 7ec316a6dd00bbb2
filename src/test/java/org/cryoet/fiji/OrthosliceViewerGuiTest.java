package org.cryoet.fiji;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;

import javax.swing.SwingUtilities;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import org.cryoet.fiji.ui.ImagePanel;
import org.cryoet.fiji.ui.OrthosliceViewer;
import org.cryoet.fiji.ui.Screenshots;
import org.cryoet.volume.Volume;

@Tag("gui")
class OrthosliceViewerGuiTest {

    @BeforeAll
    static void display() {
        GuiTestSupport.ensureDisplay();
    }

    /** FBP of the simulated noise-free tilt series (-60..60 degrees) of the project's phantom. */
    static Volume phantomReconstruction() {
        org.cryoet.tomo.AcquisitionSpec spec = org.cryoet.tomo.AcquisitionSpec.defaults().withRange(-60, 60, 3).withFrames(1);
        org.cryoet.tomo.SimulatedAcquisition sim = org.cryoet.tomo.AcquisitionSimulator.simulate(
                org.cryoet.tomo.PhantomSpec.of(64, 56, 40, 3), spec, org.cryoet.util.Progress.NONE);
        return org.cryoet.tomo.FilteredBackProjection.reconstruct(sim.clean(), sim.anglesDeg(),
                org.cryoet.tomo.FbpOptions.builder().thickness(40).build(), org.cryoet.util.Progress.NONE);
    }

    @Test
    void showsSynchronisedSectionsAndFourierSlices() throws Exception {
        Volume v = phantomReconstruction();
        OrthosliceViewer w = OrthosliceViewer.open(v, "phantom reconstruction");
        try {
            SwingUtilities.invokeAndWait(() -> w.moveTo(20, 30, 18));
            assertArrayEquals(new int[] {20, 30, 18}, w.point());
            ImagePanel[] p = w.panels();
            assertEquals("XY (z section)", p[0].title());
            assertEquals(64, p[0].image().getWidth());
            assertEquals(56, p[0].image().getHeight());
            assertEquals(64, p[1].image().getWidth()); // XZ: x across
            assertEquals(40, p[1].image().getHeight()); // z down
            assertEquals(40, p[2].image().getWidth()); // YZ: z across
            assertEquals(56, p[2].image().getHeight());
            assertEquals(64, p[4].image().getWidth()); // ky=0 slice: kx across, kz down
            assertEquals(40, p[4].image().getHeight());
            // The XY panel draws section z=18 scaled to 8 bit: its brightest pixel is the section's maximum.
            int bx = 0, by = 0;
            float best = -1;
            for (int y = 0; y < 56; y++) for (int x = 0; x < 64; x++) if (v.get(x, y, 18) > best) {
                best = v.get(x, y, 18);
                bx = x;
                by = y;
            }
            assertEquals(255, p[0].image().getRaster().getSample(bx, by, 0));
            // ky=0 Fourier slice: the missing wedge (|kz| > tan 60 |kx|, around the vertical kz axis)
            // is darker than the measured region.
            BufferedImage f = p[4].image();
            double inWedge = 0, measured = 0;
            int nWedge = 0, nMeasured = 0;
            for (int r = 0; r < 40; r++) {
                for (int c = 0; c < 64; c++) {
                    double kx = (c - 32) / 64.0, kz = (r - 20) / 40.0;
                    double k = Math.hypot(kx, kz);
                    if (k < 0.08 || k > 0.45) continue;
                    int g = f.getRaster().getSample(c, r, 0);
                    if (Math.abs(kz) > Math.tan(Math.toRadians(62)) * Math.abs(kx)) {
                        inWedge += g;
                        nWedge++;
                    } else if (Math.abs(kz) < Math.tan(Math.toRadians(58)) * Math.abs(kx)) {
                        measured += g;
                        nMeasured++;
                    }
                }
            }
            assertTrue(inWedge / nWedge < 0.6 * measured / nMeasured, "wedge " + inWedge / nWedge + " measured " + measured / nMeasured);
            for (ImagePanel panel : p) assertTrue(GuiTestSupport.grayStd(panel.image()) > 5, panel.title());

            BufferedImage shot = Screenshots.paint(w.getContentPane());
            assertTrue(shot.getWidth() >= 3 * 200 && shot.getHeight() >= 2 * 200, shot.getWidth() + "x" + shot.getHeight());
            assertTrue(GuiTestSupport.grayStd(shot) > 10);
            GuiTestSupport.save(shot, "orthoslice-viewer.png");
        } finally {
            SwingUtilities.invokeAndWait(w::dispose);
        }
    }
}
