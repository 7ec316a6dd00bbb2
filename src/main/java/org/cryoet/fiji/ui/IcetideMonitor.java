package org.cryoet.fiji.ui;

import java.awt.BorderLayout;
import java.awt.Dimension;
import java.awt.FlowLayout;
import java.awt.GridLayout;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Locale;

import javax.swing.JButton;
import javax.swing.JComponent;
import javax.swing.JFrame;
import javax.swing.JLabel;
import javax.swing.JPanel;
import javax.swing.JProgressBar;
import javax.swing.SwingUtilities;
import javax.swing.Timer;
import javax.swing.WindowConstants;

import org.cryoet.fiji.Plots;
import org.cryoet.fiji.Views;
import org.cryoet.render.QuiverPlot;
import org.cryoet.tomo.Misalignment;

/**
 * Live view of an ICE-TIDE reconstruction: the data term per epoch, the central xy section of the
 * current volume and a quiver plot of the current local deformations (or the shifts when the local
 * part is off). The worker thread posts values ({@link #epoch}, {@link #section},
 * {@link #deformations}); a Swing timer redraws. Cancel asks the run to stop; it then writes a
 * checkpoint.
 */
public class IcetideMonitor extends JFrame {
    private final Object lock = new Object();
    private double[] epochs = new double[64];
    private double[] losses = new double[64];
    private int n;
    private int total = 1;
    private boolean dirty;
    private volatile boolean cancelRequested;
    private volatile String endState;
    private volatile BufferedImage sectionImage;
    private volatile BufferedImage quiverImage;
    private volatile int sectionEpoch;

    private final JComponent plotPanel;
    private BufferedImage plotImage;
    private final ImagePanel section = new ImagePanel("central xy section", 260);
    private final ImagePanel quiver = new ImagePanel("local deformations (x" + (int) QuiverPlot.MAGNIFICATION + ")", 260);
    private final JLabel status = new JLabel("waiting for the first epoch...");
    private final JProgressBar bar = new JProgressBar(0, 1000);
    private final JButton cancel = new JButton("Cancel");
    private final Timer timer;

    /** Creates and shows the monitor on the event thread. */
    public static IcetideMonitor open(String title) {
        return Frames.openOnEventThread(() -> new IcetideMonitor(title), "ICE-TIDE monitor");
    }

    IcetideMonitor(String title) {
        super("ICE-TIDE: " + title);
        setDefaultCloseOperation(WindowConstants.DO_NOTHING_ON_CLOSE);
        addWindowListener(new java.awt.event.WindowAdapter() {
            @Override
            public void windowClosing(java.awt.event.WindowEvent e) {
                if (endState != null) dispose();
                else cancelRequested = true;
            }
        });
        plotPanel = new JComponent() {
            @Override
            protected void paintComponent(java.awt.Graphics g) {
                if (plotImage == null || plotImage.getWidth() != getWidth() || plotImage.getHeight() != getHeight()) {
                    plotImage = renderPlot(getWidth(), getHeight());
                }
                g.drawImage(plotImage, 0, 0, null);
            }
        };
        plotPanel.setPreferredSize(new Dimension(540, 260));
        JPanel images = new JPanel(new GridLayout(1, 2, 4, 4));
        images.add(section);
        images.add(quiver);
        JPanel south = new JPanel(new BorderLayout());
        JPanel info = new JPanel(new GridLayout(2, 1));
        info.add(status);
        bar.setStringPainted(true);
        info.add(bar);
        south.add(info, BorderLayout.CENTER);
        JPanel buttons = new JPanel(new FlowLayout(FlowLayout.RIGHT));
        cancel.setToolTipText("Stop now; a checkpoint is written when a checkpoint file is set");
        cancel.addActionListener(e -> {
            if (endState != null) dispose();
            else cancelRequested = true;
        });
        buttons.add(cancel);
        south.add(buttons, BorderLayout.SOUTH);
        JPanel center = new JPanel(new BorderLayout(4, 4));
        center.add(plotPanel, BorderLayout.CENTER);
        center.add(images, BorderLayout.SOUTH);
        getContentPane().add(center, BorderLayout.CENTER);
        getContentPane().add(south, BorderLayout.SOUTH);
        pack();
        timer = new Timer(250, e -> refresh());
        timer.start();
    }

    /** Records the data term of an epoch (worker thread). */
    public void epoch(int epoch, int totalEpochs, double loss) {
        synchronized (lock) {
            if (n == epochs.length) {
                epochs = java.util.Arrays.copyOf(epochs, 2 * n);
                losses = java.util.Arrays.copyOf(losses, 2 * n);
            }
            epochs[n] = epoch;
            losses[n] = loss;
            n++;
            total = Math.max(1, totalEpochs);
            dirty = true;
        }
    }

    /** The current central section (worker thread). */
    public void section(int epoch, float[] data, int width, int height) {
        sectionImage = GrayImages.toGray(new Views.Image(data, width, height));
        sectionEpoch = epoch;
    }

    /** The current deformations (worker thread). */
    public void deformations(Misalignment m, int width, int height) {
        quiverImage = QuiverPlot.image(m, width, height);
    }

    /** The run ended: the message stays, Cancel becomes Close. */
    public void finished(String message) {
        endState = message;
        SwingUtilities.invokeLater(() -> cancel.setText("Close"));
    }

    public boolean isCancelRequested() {
        return cancelRequested;
    }

    /** Epochs and data terms recorded so far. */
    public double[][] curve() {
        synchronized (lock) {
            return new double[][] {java.util.Arrays.copyOf(epochs, n), java.util.Arrays.copyOf(losses, n)};
        }
    }

    public ImagePanel sectionPanel() {
        return section;
    }

    public ImagePanel quiverPanel() {
        return quiver;
    }

    public JComponent plotPanel() {
        return plotPanel;
    }

    public String statusText() {
        return status.getText();
    }

    private BufferedImage renderPlot(int w, int h) {
        double[][] c = curve();
        ij.gui.Plot p = Plots.lossPlot("data term (mean |residual| / sd)", c[0], c[1], List.of(), List.of(),
                Math.max(200, w - 70), Math.max(120, h - 50));
        return Frames.plotImage(p, w, h);
    }

    /** Redraws from the posted values (event thread). Public so tests can force it. */
    public void refresh() {
        boolean replot;
        int done, of;
        double last;
        synchronized (lock) {
            replot = dirty;
            dirty = false;
            done = n == 0 ? 0 : (int) epochs[n - 1];
            last = n == 0 ? Double.NaN : losses[n - 1];
            of = total;
        }
        if (replot) {
            plotImage = null;
            plotPanel.repaint();
        }
        BufferedImage s = sectionImage;
        if (s != null) {
            section.setImage(s);
            section.setToolTipText("epoch " + sectionEpoch);
        }
        BufferedImage q = quiverImage;
        if (q != null) quiver.setImage(q);
        bar.setValue((int) Math.round(1000.0 * done / of));
        bar.setString(done + " / " + of);
        if (endState != null) {
            status.setText(endState);
            timer.stop();
        } else if (done > 0) {
            status.setText(String.format(Locale.ROOT, "epoch %d / %d   data term %.5f%s", done, of, last,
                    cancelRequested ? "   (cancelling...)" : ""));
        }
    }

    @Override
    public void dispose() {
        timer.stop();
        super.dispose();
    }
}
