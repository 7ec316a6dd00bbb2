package org.cryoet.fiji.ui;

import java.awt.BorderLayout;
import java.awt.GridLayout;

import javax.swing.JFrame;
import javax.swing.JLabel;
import javax.swing.JPanel;
import javax.swing.JSlider;
import javax.swing.SwingUtilities;
import javax.swing.WindowConstants;

import org.cryoet.fiji.Views;
import org.cryoet.volume.Volume;

/**
 * XY, XZ and YZ sections through a movable point (click any section or move the sliders: the three
 * stay synchronised), with the central Fourier slices of the volume below them (kz = 0, ky = 0,
 * kx = 0; log magnitude). The ky = 0 slice shows the missing wedge. Create and use on the event
 * thread; {@link #open} does that.
 */
public class OrthosliceViewer extends JFrame {
    private final Volume volume;
    private final ImagePanel xy;
    private final ImagePanel xz;
    private final ImagePanel yz;
    private final ImagePanel fxy;
    private final ImagePanel fxz;
    private final ImagePanel fyz;
    private final JSlider sx;
    private final JSlider sy;
    private final JSlider sz;
    private final JLabel info = new JLabel(" ");
    private int px;
    private int py;
    private int pz;

    /** Opens a viewer on the event thread and returns it once shown. */
    public static OrthosliceViewer open(Volume v, String title) {
        Views.Image[] fourier = {Views.centralFourierSlice(v, 2), Views.centralFourierSlice(v, 1), Views.centralFourierSlice(v, 0)};
        java.util.concurrent.atomic.AtomicReference<OrthosliceViewer> ref = new java.util.concurrent.atomic.AtomicReference<>();
        Runnable r = () -> {
            OrthosliceViewer w = new OrthosliceViewer(v, title, fourier);
            w.setVisible(true);
            ref.set(w);
        };
        try {
            if (SwingUtilities.isEventDispatchThread()) r.run();
            else SwingUtilities.invokeAndWait(r);
        } catch (Exception e) {
            throw new IllegalStateException("Cannot open the orthoslice viewer", e);
        }
        return ref.get();
    }

    OrthosliceViewer(Volume v, String title, Views.Image[] fourier) {
        super("Orthoslices: " + title);
        this.volume = v;
        setDefaultCloseOperation(WindowConstants.DISPOSE_ON_CLOSE);
        int size = 260;
        xy = new ImagePanel("XY (z section)", size);
        xz = new ImagePanel("XZ (y section)", size);
        yz = new ImagePanel("YZ (x section)", size);
        fxy = new ImagePanel("Fourier kz=0 (kx across)", size);
        fxz = new ImagePanel("Fourier ky=0 (kx across, kz down)", size);
        fyz = new ImagePanel("Fourier kx=0 (kz across)", size);
        fxy.setImage(GrayImages.toGray(fourier[0]));
        fxz.setImage(GrayImages.toGray(fourier[1]));
        fyz.setImage(GrayImages.toGray(fourier[2]));
        JPanel grid = new JPanel(new GridLayout(2, 3, 4, 4));
        grid.add(xy);
        grid.add(xz);
        grid.add(yz);
        grid.add(fxy);
        grid.add(fxz);
        grid.add(fyz);
        px = v.nx() / 2;
        py = v.ny() / 2;
        pz = v.nz() / 2;
        sx = slider(v.nx(), px);
        sy = slider(v.ny(), py);
        sz = slider(v.nz(), pz);
        sx.addChangeListener(e -> moveTo(sx.getValue(), py, pz));
        sy.addChangeListener(e -> moveTo(px, sy.getValue(), pz));
        sz.addChangeListener(e -> moveTo(px, py, sz.getValue()));
        xy.onClick((x, y) -> moveTo(x, y, pz));
        xz.onClick((x, z) -> moveTo(x, py, z));
        yz.onClick((z, y) -> moveTo(px, y, z));
        JPanel sliders = new JPanel(new GridLayout(4, 1, 2, 2));
        sliders.add(row("x", sx));
        sliders.add(row("y", sy));
        sliders.add(row("z", sz));
        sliders.add(row("point", info));
        getContentPane().add(grid, BorderLayout.CENTER);
        getContentPane().add(sliders, BorderLayout.SOUTH);
        refresh();
        pack();
    }

    private static JPanel row(String label, java.awt.Component c) {
        JPanel p = new JPanel(new BorderLayout(6, 0));
        JLabel l = new JLabel(label);
        l.setPreferredSize(new java.awt.Dimension(40, 16));
        p.add(l, BorderLayout.WEST);
        p.add(c, BorderLayout.CENTER);
        return p;
    }

    private static JSlider slider(int n, int value) {
        return new JSlider(0, n - 1, value);
    }

    /** Moves the common point (voxel indices) and redraws the three sections. */
    public void moveTo(int x, int y, int z) {
        int nx = volume.nx(), ny = volume.ny(), nz = volume.nz();
        px = Math.max(0, Math.min(nx - 1, x));
        py = Math.max(0, Math.min(ny - 1, y));
        pz = Math.max(0, Math.min(nz - 1, z));
        if (sx.getValue() != px) sx.setValue(px);
        if (sy.getValue() != py) sy.setValue(py);
        if (sz.getValue() != pz) sz.setValue(pz);
        refresh();
    }

    private void refresh() {
        xy.setImage(GrayImages.toGray(Views.xy(volume, pz)));
        xz.setImage(GrayImages.toGray(Views.xz(volume, py)));
        yz.setImage(GrayImages.toGray(Views.yz(volume, px)));
        xy.setCross(px, py);
        xz.setCross(px, pz);
        yz.setCross(pz, py);
        info.setText("x=" + px + " y=" + py + " z=" + pz + " value=" + volume.get(px, py, pz));
    }

    public int[] point() {
        return new int[] {px, py, pz};
    }

    public ImagePanel[] panels() {
        return new ImagePanel[] {xy, xz, yz, fxy, fxz, fyz};
    }
}
