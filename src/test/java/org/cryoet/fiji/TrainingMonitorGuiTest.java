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
    void followsARealTrainingRunOfTheTrainCommand() throws Exception {
        Volume truth = TestVolumes.blobs(32, 32, 24, 5, 2.0);
        Volume even = CompareVolumesCommandTest.noisy(truth, 3, 0.3);
        Volume odd = CompareVolumesCommandTest.noisy(truth, 4, 0.3);
        java.nio.file.Path model = java.nio.file.Files.createTempDirectory("monitor-model");
        try (org.scijava.Context ctx = new org.scijava.Context(org.scijava.command.CommandService.class,
                org.scijava.ui.UIService.class)) {
            Object[] args = TrainApplyCommandTest.tinyTraining(model.resolve("m"), "even", ImageConversion.toImagePlus(even, "even"),
                    "odd", ImageConversion.toImagePlus(odd, "odd"), "show_monitor", true, "iterations", 10L, "progress_every", 5L,
                    "checkpoint_every", 0L);
            org.scijava.command.CommandModule m = ctx.service(org.scijava.command.CommandService.class)
                    .run(TrainIcecreamCommand.class, false, args).get();
            assertFalse(m.isCanceled(), m.getCancelReason());
            TrainingMonitor mon = ((TrainIcecreamCommand) m.getDelegateObject()).monitor();
            assertTrue(mon != null && mon.isShowing());
            try {
                SwingUtilities.invokeAndWait(mon::refresh);
                double[][] c = mon.curves();
                assertEquals(10, c[0].length);
                assertEquals(10.0, c[0][9]);
                for (int i = 0; i < 10; i++) assertEquals(c[2][i] + 2.0 * c[3][i], c[1][i], 1e-4 * Math.abs(c[1][i]), "total = n2n + lambda*equi");
                assertTrue(mon.iterationText().startsWith("finished after 10 iterations"), mon.iterationText());
                for (ImagePanel p : mon.cropPanels()) {
                    assertEquals(16, p.image().getWidth(), p.title());
                    assertTrue(GuiTestSupport.grayStd(p.image()) > 3, p.title());
                }
                BufferedImage plot = Screenshots.paint(mon.plotPanel());
                assertTrue(GuiTestSupport.countColour(plot, Plots.TERM_COLOURS[0], 40) > 50, "Noise2Noise curve");
                GuiTestSupport.save(Screenshots.paint(mon.getContentPane()), "training-monitor-real.png");
            } finally {
                SwingUtilities.invokeAndWait(mon::dispose);
            }
        }
    }

    private static java.util.Map<String, Double> terms(double n2n, double equi) {
        java.util.Map<String, Double> t = new java.util.LinkedHashMap<>();
        t.put("n2n", n2n);
        t.put("equi", equi);
        return t;
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
                m.iteration(new TrainingStatus(i, total, n2n + 2 * equi, terms(n2n, equi), n2n + 2 * equi, i / 5.0, 5.0,
                        (total - i) / 5.0, 900, Double.NaN));
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
            assertTrue(GuiTestSupport.countColour(plot, Plots.TERM_COLOURS[0], 40) > 100, "Noise2Noise curve");
            assertTrue(GuiTestSupport.countColour(plot, Plots.TERM_COLOURS[1], 40) > 100, "equivariance curve");
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
