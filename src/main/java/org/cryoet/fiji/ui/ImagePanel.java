package org.cryoet.fiji.ui;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Dimension;
import java.awt.Graphics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.function.BiConsumer;

import javax.swing.BorderFactory;
import javax.swing.JComponent;

/**
 * Shows one picture scaled to fit (aspect kept), with a title, an optional crosshair and an
 * optional overlay picture (e.g. a mask, drawn translucent). Clicks report picture coordinates.
 */
public class ImagePanel extends JComponent {
    private final String title;
    private BufferedImage image;
    private BufferedImage overlay;
    private int crossX = -1;
    private int crossY = -1;
    private BiConsumer<Integer, Integer> clickListener;

    public ImagePanel(String title, int preferredSize) {
        this.title = title;
        setPreferredSize(new Dimension(preferredSize, preferredSize));
        setBorder(BorderFactory.createLineBorder(Color.DARK_GRAY));
        setToolTipText(title);
        java.awt.event.MouseAdapter m = new java.awt.event.MouseAdapter() {
            @Override
            public void mousePressed(java.awt.event.MouseEvent e) {
                report(e);
            }

            @Override
            public void mouseDragged(java.awt.event.MouseEvent e) {
                report(e);
            }
        };
        addMouseListener(m);
        addMouseMotionListener(m);
    }

    public String title() {
        return title;
    }

    public BufferedImage image() {
        return image;
    }

    public void setImage(BufferedImage image) {
        this.image = image;
        repaint();
    }

    public void setOverlay(BufferedImage overlay) {
        this.overlay = overlay;
        repaint();
    }

    /** Crosshair at picture coordinates; negative hides it. */
    public void setCross(int x, int y) {
        crossX = x;
        crossY = y;
        repaint();
    }

    public void onClick(BiConsumer<Integer, Integer> listener) {
        clickListener = listener;
    }

    private double[] fit() {
        int w = getWidth(), h = getHeight() - 16;
        if (image == null || w <= 0 || h <= 0) return null;
        double s = Math.min((double) w / image.getWidth(), (double) h / image.getHeight());
        double ox = (w - s * image.getWidth()) / 2;
        double oy = 16 + (h - s * image.getHeight()) / 2;
        return new double[] {s, ox, oy};
    }

    private void report(java.awt.event.MouseEvent e) {
        double[] f = fit();
        if (f == null || clickListener == null) return;
        int x = (int) Math.floor((e.getX() - f[1]) / f[0]);
        int y = (int) Math.floor((e.getY() - f[2]) / f[0]);
        if (x >= 0 && y >= 0 && x < image.getWidth() && y < image.getHeight()) clickListener.accept(x, y);
    }

    @Override
    protected void paintComponent(Graphics g0) {
        Graphics2D g = (Graphics2D) g0.create();
        g.setColor(Color.BLACK);
        g.fillRect(0, 0, getWidth(), getHeight());
        g.setColor(Color.WHITE);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.drawString(title, 4, 12);
        double[] f = fit();
        if (f != null) {
            int dw = (int) Math.round(f[0] * image.getWidth()), dh = (int) Math.round(f[0] * image.getHeight());
            int ox = (int) Math.round(f[1]), oy = (int) Math.round(f[2]);
            g.drawImage(image, ox, oy, dw, dh, null);
            if (overlay != null) g.drawImage(overlay, ox, oy, dw, dh, null);
            if (crossX >= 0 && crossY >= 0) {
                g.setColor(new Color(255, 220, 0, 170));
                g.setStroke(new BasicStroke(1f));
                int cx = (int) Math.round(f[1] + (crossX + 0.5) * f[0]);
                int cy = (int) Math.round(f[2] + (crossY + 0.5) * f[0]);
                g.drawLine(ox, cy, ox + dw, cy);
                g.drawLine(cx, oy, cx, oy + dh);
            }
        }
        g.dispose();
    }
}
