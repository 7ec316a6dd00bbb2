package org.cryoet.fiji.ui;

import java.awt.BorderLayout;
import java.awt.Dimension;
import java.awt.FlowLayout;
import java.awt.GridLayout;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
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
import org.cryoet.learn.LossTerm;
import org.cryoet.learn.TrainingListener;
import org.cryoet.learn.TrainingStart;
import org.cryoet.learn.TrainingStatus;
import org.cryoet.volume.Calibration;
import org.cryoet.volume.Volume;

/**
 * Live view of a training: loss curves (total and each of the method's named loss terms), the fixed
 * progress crop as the model predicts it now (XY/XZ/YZ through its centre) with its log-magnitude
 * XZ Fourier slice (the missing wedge filling in), iteration / speed / ETA, and the buttons
 * Cancel (stop; the last checkpoint stays) and Finish now (stop early and keep the model).
 *
 * <p>Events arrive on the training thread; they are stored and drawn by a Swing timer, so the
 * trainer never waits for painting.
 */
public class TrainingMonitor extends JFrame implements TrainingListener {
    private final Object lock = new Object();
    private double[] its = new double[64];
    private double[] total = new double[64];
    /** Per loss term (in the method's order), its values; created at the first iteration. */
    private double[][] terms;
    private volatile List<String> termLabels;
    private volatile String plotTitle = "training loss";
    private int n;
    private volatile TrainingStatus last;
    private volatile BufferedImage[] cropImages;
    private volatile long cropIteration = -1;
    private volatile boolean cancelRequested;
    private volatile boolean finishRequested;
    private volatile String endState;
    private boolean dirty;

    private final JComponent plotPanel;
    private BufferedImage plotImage;
    private final ImagePanel cropXy = new ImagePanel("crop XY", 170);
    private final ImagePanel cropXz = new ImagePanel("crop XZ", 170);
    private final ImagePanel cropYz = new ImagePanel("crop YZ", 170);
    private final ImagePanel cropFourier = new ImagePanel("crop |F| ky=0", 170);
    private final JLabel iterationLabel = new JLabel("waiting for the first iteration...");
    private final JLabel lossLabel = new JLabel(" ");
    private final JProgressBar bar = new JProgressBar(0, 1000);
    private final JButton cancel = new JButton("Cancel");
    private final JButton finish = new JButton("Finish now");
    private final Timer timer;

    /** Creates and shows the monitor on the event thread. */
    public static TrainingMonitor open(String title) {
        return Frames.openOnEventThread(() -> new TrainingMonitor(title), "training monitor");
    }

    TrainingMonitor(String title) {
        super("Training: " + title);
        this.dataTitle = title;
        setDefaultCloseOperation(WindowConstants.DO_NOTHING_ON_CLOSE);
        addWindowListener(new java.awt.event.WindowAdapter() {
            @Override
            public void windowClosing(java.awt.event.WindowEvent e) {
                if (endState != null) dispose();
                else requestCancel();
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
        plotPanel.setPreferredSize(new Dimension(700, 320));
        JPanel crops = new JPanel(new GridLayout(1, 4, 4, 4));
        crops.add(cropXy);
        crops.add(cropXz);
        crops.add(cropYz);
        crops.add(cropFourier);
        JPanel status = new JPanel(new GridLayout(3, 1));
        status.add(iterationLabel);
        status.add(lossLabel);
        bar.setStringPainted(true);
        status.add(bar);
        JPanel buttons = new JPanel(new FlowLayout(FlowLayout.RIGHT));
        finish.setToolTipText("Stop now and keep the model as trained so far");
        cancel.setToolTipText("Stop now; the last checkpoint is kept");
        finish.addActionListener(e -> {
            if (endState != null) dispose();
            else requestFinish();
        });
        cancel.addActionListener(e -> requestCancel());
        buttons.add(finish);
        buttons.add(cancel);
        JPanel south = new JPanel(new BorderLayout());
        south.add(status, BorderLayout.CENTER);
        south.add(buttons, BorderLayout.SOUTH);
        JPanel center = new JPanel(new BorderLayout(4, 4));
        center.add(plotPanel, BorderLayout.CENTER);
        center.add(crops, BorderLayout.SOUTH);
        getContentPane().add(center, BorderLayout.CENTER);
        getContentPane().add(south, BorderLayout.SOUTH);
        pack();
        timer = new Timer(250, e -> refresh());
        timer.start();
    }

    /** Cancel: training stops (CancelledException); the last checkpoint stays on disk. */
    public void requestCancel() {
        cancelRequested = true;
        cancel.setEnabled(false);
        iterationLabel.setText("cancelling...");
    }

    /** Finish now: training stops at the next iteration and the model is saved. */
    public void requestFinish() {
        finishRequested = true;
        finish.setEnabled(false);
        iterationLabel.setText("finishing: saving the model...");
    }

    public boolean isCancelRequested() {
        return cancelRequested;
    }

    @Override
    public boolean stopRequested() {
        return finishRequested;
    }

    /** Name of the data trained on (window title). */
    private final String dataTitle;

    @Override
    public void started(TrainingStart start) {
        termLabels = start.lossTerms().stream().map(LossTerm::label).toList();
        plotTitle = start.method() + " training loss";
        SwingUtilities.invokeLater(() -> setTitle(start.method() + " training: " + dataTitle));
    }

    @Override
    public void iteration(TrainingStatus s) {
        synchronized (lock) {
            if (terms == null) terms = new double[s.terms().size()][its.length];
            if (n == its.length) {
                its = java.util.Arrays.copyOf(its, 2 * n);
                total = java.util.Arrays.copyOf(total, 2 * n);
                for (int t = 0; t < terms.length; t++) terms[t] = java.util.Arrays.copyOf(terms[t], 2 * n);
            }
            its[n] = s.iteration();
            total[n] = s.loss();
            int t = 0;
            for (double v : s.terms().values()) terms[t++][n] = v;
            n++;
            dirty = true;
        }
        last = s;
    }

    @Override
    public void progressCrop(float[] crop, int size, long iteration) {
        // Rendering the small crop costs far less than an iteration; done here so the EDT only blits.
        Volume v = Volume.wrap(crop.clone(), size, size, size, Calibration.UNIT);
        int c = size / 2;
        cropImages = new BufferedImage[] {
                GrayImages.toGray(Views.xy(v, c)), GrayImages.toGray(Views.xz(v, c)),
                GrayImages.toGray(Views.yz(v, c)), GrayImages.toGray(Views.centralFourierSlice(v, 1))};
        cropIteration = iteration;
    }

    @Override
    public void checkpoint(Path directory, long iteration) {
        // shown with the next refresh through the iteration label
    }

    @Override
    public void finished(long iteration, boolean completed) {
        endState = completed ? "finished after " + iteration + " iterations"
                : (cancelRequested ? "cancelled at iteration " + iteration + " (last checkpoint kept)"
                        : "stopped at iteration " + iteration + " (model saved)");
        SwingUtilities.invokeLater(() -> {
            refresh();
            cancel.setEnabled(false);
            finish.setText("Close");
            finish.setEnabled(true);
        });
    }

    /** The loss curves as drawn now (copies). Index 0: iterations, 1: total, 2...: the loss terms in order. */
    public double[][] curves() {
        synchronized (lock) {
            int k = terms == null ? 0 : terms.length;
            double[][] c = new double[2 + k][];
            c[0] = java.util.Arrays.copyOf(its, n);
            c[1] = java.util.Arrays.copyOf(total, n);
            for (int t = 0; t < k; t++) c[2 + t] = java.util.Arrays.copyOf(terms[t], n);
            return c;
        }
    }

    /** Labels of the loss terms: the method's, or the status's term names before training announced them. */
    private List<String> labels() {
        List<String> labels = termLabels;
        if (labels != null) return labels;
        TrainingStatus s = last;
        return s == null ? List.of() : List.copyOf(s.terms().keySet());
    }

    public ImagePanel[] cropPanels() {
        return new ImagePanel[] {cropXy, cropXz, cropYz, cropFourier};
    }

    public JComponent plotPanel() {
        return plotPanel;
    }

    public String iterationText() {
        return iterationLabel.getText();
    }

    private BufferedImage renderPlot(int w, int h) {
        double[][] c = curves();
        List<double[]> termCurves = java.util.Arrays.asList(c).subList(2, c.length);
        List<String> labels = labels();
        if (labels.size() != termCurves.size()) labels = java.util.Collections.nCopies(termCurves.size(), "");
        ij.gui.Plot p = Plots.lossPlot(plotTitle, c[0], c[1], labels, termCurves, Math.max(200, w - 70),
                Math.max(120, h - 50));
        return Frames.plotImage(p, w, h);
    }

    /** Redraws from the stored events (event thread). Public so tests can force it. */
    public void refresh() {
        boolean replot;
        synchronized (lock) {
            replot = dirty;
            dirty = false;
        }
        if (replot) {
            plotImage = null;
            plotPanel.repaint();
        }
        BufferedImage[] ci = cropImages;
        if (ci != null) {
            cropXy.setImage(ci[0]);
            cropXz.setImage(ci[1]);
            cropYz.setImage(ci[2]);
            cropFourier.setImage(ci[3]);
            cropFourier.setToolTipText("progress crop at iteration " + cropIteration);
        }
        TrainingStatus s = last;
        if (s != null) {
            bar.setValue((int) Math.round(1000.0 * s.iteration() / Math.max(1, s.total())));
            bar.setString(s.iteration() + " / " + s.total());
            if (endState == null && !cancelRequested && !finishRequested) {
                iterationLabel.setText(String.format(Locale.ROOT, "iteration %d / %d   %.2f it/s   ETA %s%s",
                        s.iteration(), s.total(), s.itPerSecond(), formatSeconds(s.etaSeconds()), s.memoryText()));
            }
            StringBuilder text = new StringBuilder(String.format(Locale.ROOT, "loss %.5g (smoothed %.5g)", s.loss(),
                    s.smoothedLoss()));
            List<String> labels = labels();
            int t = 0;
            for (double v : s.terms().values()) {
                String label = t < labels.size() ? labels.get(t) : "";
                text.append(String.format(Locale.ROOT, "   %s %.5g", label, v));
                t++;
            }
            lossLabel.setText(text.toString());
        }
        if (endState != null) {
            iterationLabel.setText(endState);
            timer.stop();
        }
    }

    static String formatSeconds(double sec) {
        if (!Double.isFinite(sec) || sec < 0) return "--";
        long s = Math.round(sec);
        return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }

    @Override
    public void dispose() {
        timer.stop();
        super.dispose();
    }
}
