package org.cryoet.fiji.ui;

import java.awt.BorderLayout;
import java.awt.Color;
import java.awt.FlowLayout;
import java.awt.GridLayout;
import java.awt.image.BufferedImage;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import javax.swing.JButton;
import javax.swing.JDialog;
import javax.swing.JLabel;
import javax.swing.JPanel;
import javax.swing.JSlider;
import javax.swing.SwingUtilities;
import javax.swing.WindowConstants;

import org.cryoet.fiji.Views;
import org.cryoet.tomo.SampleMask;
import org.cryoet.tomo.SampleMaskOptions;
import org.cryoet.volume.Volume;

/**
 * Mask settings with a live preview: XY and XZ sections of the tomogram with the mask drawn over
 * them in translucent red, recomputed on a worker thread whenever a threshold changes (a newer
 * change supersedes a running computation). OK returns the options; the caller runs the command.
 */
public class MaskPreviewDialog extends JDialog {
    private final Volume tomogram;
    private final Volume tomogramB;
    private final ImagePanel xy = new ImagePanel("XY (middle section) + mask", 300);
    private final ImagePanel xz = new ImagePanel("XZ (middle section) + mask", 300);
    private final JSlider density = new JSlider(1, 100, 50);
    private final JSlider std = new JSlider(1, 100, 50);
    private final JSlider side = new JSlider(1, 15, 5);
    private final JLabel status = new JLabel(" ");
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "Cryo-ET mask preview");
        t.setDaemon(true);
        return t;
    });
    private final AtomicInteger generation = new AtomicInteger();
    private volatile Future<?> running;
    private volatile Volume lastMask;
    private SampleMaskOptions result;

    public MaskPreviewDialog(java.awt.Frame owner, Volume tomogram, Volume tomogramB, SampleMaskOptions initial) {
        super(owner, "Make Sample Mask", true);
        this.tomogram = tomogram;
        this.tomogramB = tomogramB;
        setDefaultCloseOperation(WindowConstants.DISPOSE_ON_CLOSE);
        density.setValue((int) Math.round(initial.densityPercentage()));
        std.setValue((int) Math.round(initial.stdPercentage()));
        side.setValue(initial.side());
        xy.setImage(GrayImages.toGray(Views.xy(tomogram, tomogram.nz() / 2)));
        xz.setImage(GrayImages.toGray(Views.xz(tomogram, tomogram.ny() / 2)));
        JPanel images = new JPanel(new GridLayout(1, 2, 4, 4));
        images.add(xy);
        images.add(xz);
        JPanel controls = new JPanel(new GridLayout(4, 1));
        controls.add(row("density %", density));
        controls.add(row("std %", std));
        controls.add(row("side", side));
        controls.add(status);
        for (JSlider s : new JSlider[] {density, std, side}) {
            s.setPaintLabels(false);
            s.addChangeListener(e -> {
                if (!s.getValueIsAdjusting()) schedule();
            });
        }
        JButton ok = new JButton("OK");
        JButton cancel = new JButton("Cancel");
        ok.addActionListener(e -> {
            result = options();
            dispose();
        });
        cancel.addActionListener(e -> dispose());
        JPanel buttons = new JPanel(new FlowLayout(FlowLayout.RIGHT));
        buttons.add(ok);
        buttons.add(cancel);
        JPanel south = new JPanel(new BorderLayout());
        south.add(controls, BorderLayout.CENTER);
        south.add(buttons, BorderLayout.SOUTH);
        getContentPane().add(images, BorderLayout.CENTER);
        getContentPane().add(south, BorderLayout.SOUTH);
        pack();
        schedule();
    }

    private static JPanel row(String label, java.awt.Component c) {
        JPanel p = new JPanel(new BorderLayout(6, 0));
        JLabel l = new JLabel(label);
        l.setPreferredSize(new java.awt.Dimension(80, 16));
        p.add(l, BorderLayout.WEST);
        p.add(c, BorderLayout.CENTER);
        return p;
    }

    /** The options the sliders show now. */
    public SampleMaskOptions options() {
        return new SampleMaskOptions(density.getValue(), std.getValue(), side.getValue(), 0);
    }

    /** Options chosen with OK, or null when cancelled or closed. */
    public SampleMaskOptions result() {
        return result;
    }

    /** Sets the thresholds (event thread), as moving the sliders does. */
    public void setThresholds(int densityPercent, int stdPercent) {
        density.setValue(densityPercent);
        std.setValue(stdPercent);
        schedule();
    }

    /** The last mask drawn (for tests), or null while the first is computed. */
    public Volume lastMask() {
        return lastMask;
    }

    /** Waits until the preview for the current settings is drawn (not on the event thread). */
    public void awaitPreview() throws Exception {
        Future<?> f;
        do {
            f = running;
            if (f != null) f.get();
            SwingUtilities.invokeAndWait(() -> { });
        } while (f != running);
    }

    public ImagePanel[] panels() {
        return new ImagePanel[] {xy, xz};
    }

    public String statusText() {
        return status.getText();
    }

    private void schedule() {
        SampleMaskOptions o = options();
        int gen = generation.incrementAndGet();
        status.setText("computing mask...");
        Future<?> previous = running;
        if (previous != null) previous.cancel(false);
        running = worker.submit(() -> {
            if (gen != generation.get()) return;
            Volume m = SampleMask.compute(tomogram, tomogramB, o);
            if (gen != generation.get()) return;
            BufferedImage oxy = overlay(Views.xy(m, m.nz() / 2));
            BufferedImage oxz = overlay(Views.xz(m, m.ny() / 2));
            double f = SampleMask.fraction(m);
            SwingUtilities.invokeLater(() -> {
                if (gen != generation.get()) return;
                lastMask = m;
                xy.setOverlay(oxy);
                xz.setOverlay(oxz);
                status.setText(String.format(Locale.ROOT, "mask keeps %.1f%% of the volume", 100 * f));
            });
        });
    }

    /** Mask voxels as translucent red, the rest transparent. */
    static BufferedImage overlay(Views.Image m) {
        BufferedImage bi = new BufferedImage(m.width(), m.height(), BufferedImage.TYPE_INT_ARGB);
        int red = new Color(255, 40, 40, 110).getRGB();
        float[] d = m.data();
        for (int i = 0; i < d.length; i++) if (d[i] > 0.5f) bi.setRGB(i % m.width(), i / m.width(), red);
        return bi;
    }

    @Override
    public void dispose() {
        worker.shutdownNow();
        super.dispose();
    }

}
