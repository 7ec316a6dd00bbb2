package org.cryoet.render;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.Locale;

import javax.imageio.ImageIO;

import org.cryoet.tomo.Misalignment;
import org.cryoet.tomo.ProjectionDeformation;
import org.cryoet.util.AtomicOutput;
import org.cryoet.util.CryoEtException;

/**
 * Quiver plots of the local deformations of a tilt series: one panel per view (up to 24 views,
 * evenly spread over the stack), an arrow per control point showing its displacement phi magnified
 * {@link #MAGNIFICATION} times (as in the ICE-TIDE paper's figures), the detector outline in grey.
 */
public final class QuiverPlot {
    public static final double MAGNIFICATION = 10;
    private static final int PANEL = 180, MAX_PANELS = 24, COLUMNS = 6;

    private QuiverPlot() {
    }

    public static void write(Path path, Misalignment m, int width, int height, boolean overwrite) {
        BufferedImage img = image(m, width, height);
        AtomicOutput.write(path, overwrite, tmp -> {
            if (!ImageIO.write(img, "png", tmp.toFile())) throw new CryoEtException("No PNG writer available");
        });
    }

    /** The plot as an image (for files and live views). */
    public static BufferedImage image(Misalignment m, int width, int height) {
        int panels = Math.min(MAX_PANELS, m.size());
        int cols = Math.min(COLUMNS, panels), rows = (panels + cols - 1) / cols;
        BufferedImage img = new BufferedImage(cols * PANEL, rows * PANEL, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, img.getWidth(), img.getHeight());
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        double scale = (PANEL - 30) / (double) Math.max(width, height);
        for (int p = 0; p < panels; p++) {
            int t = panels == m.size() ? p : (int) Math.round(p * (m.size() - 1) / (double) (panels - 1));
            ProjectionDeformation d = m.view(t);
            int ox = (p % cols) * PANEL + 15, oy = (p / cols) * PANEL + 20;
            g.setColor(Color.LIGHT_GRAY);
            g.drawRect(ox, oy, (int) Math.round((width - 1) * scale), (int) Math.round((height - 1) * scale));
            g.setColor(Color.BLACK);
            g.drawString(String.format(Locale.ROOT, "view %d, max %.2f px", t, d.maxLocalDisplacement()), ox, oy - 5);
            g.setColor(new Color(200, 30, 30));
            g.setStroke(new BasicStroke(1.2f));
            for (int j = 0; j < d.gridY(); j++) {
                for (int i = 0; i < d.gridX(); i++) {
                    double x = i * (width - 1) / (double) (d.gridX() - 1), y = j * (height - 1) / (double) (d.gridY() - 1);
                    double x0 = ox + x * scale, y0 = oy + y * scale;
                    double x1 = x0 + d.localX(i, j) * MAGNIFICATION * scale;
                    double y1 = y0 + d.localY(i, j) * MAGNIFICATION * scale;
                    arrow(g, x0, y0, x1, y1);
                }
            }
        }
        g.dispose();
        return img;
    }

    private static void arrow(Graphics2D g, double x0, double y0, double x1, double y1) {
        g.drawLine((int) Math.round(x0), (int) Math.round(y0), (int) Math.round(x1), (int) Math.round(y1));
        double len = Math.hypot(x1 - x0, y1 - y0);
        if (len < 3) return;
        double ux = (x1 - x0) / len, uy = (y1 - y0) / len, head = Math.min(5, len / 2);
        for (int s = -1; s <= 1; s += 2) {
            double hx = x1 - head * (ux - s * 0.5 * uy), hy = y1 - head * (uy + s * 0.5 * ux);
            g.drawLine((int) Math.round(x1), (int) Math.round(y1), (int) Math.round(hx), (int) Math.round(hy));
        }
    }
}
