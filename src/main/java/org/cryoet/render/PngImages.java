package org.cryoet.render;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Stroke;
import java.awt.image.BufferedImage;
import java.awt.image.WritableRaster;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import javax.imageio.ImageIO;

import org.cryoet.volume.Statistics;
import org.cryoet.util.AtomicOutput;

/**
 * PNG previews (headless Java2D + ImageIO): float images with a percentile contrast stretch,
 * labelled montages with optional mask overlays, and simple line plots (FSC curves, losses).
 * Image row 0 is drawn at the top, as in ImageJ.
 */
public final class PngImages {
    /** Default contrast stretch: the 0.5th to 99.5th percentile maps to black..white. */
    public static final double LOW_PERCENTILE = 0.5;
    public static final double HIGH_PERCENTILE = 99.5;

    private static final Color[] PALETTE = {new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c),
            new Color(0xff7f0e), new Color(0x9467bd), new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f)};
    private static final Color OVERLAY = new Color(255, 80, 0);
    private static final double OVERLAY_ALPHA = 0.35;
    private static final int LABEL_HEIGHT = 18;
    private static final int GAP = 4;

    private PngImages() {
    }

    /**
     * A float image (width·height, x fastest) with a label and an optional overlay mask of the same
     * size (values &gt; 0.5 are tinted), or null.
     */
    public record Panel(String label, float[] pixels, int width, int height, float[] overlay) {
        public Panel {
            if (pixels.length != width * height) throw new IllegalArgumentException("pixels != width*height");
            if (overlay != null && overlay.length != pixels.length) throw new IllegalArgumentException("overlay size");
        }

        public Panel(String label, float[] pixels, int width, int height) {
            this(label, pixels, width, height, null);
        }

        public Panel withOverlay(float[] mask) {
            return new Panel(label, pixels, width, height, mask);
        }
    }

    /** One curve of a plot; dashed curves suit thresholds. */
    public record Series(String label, double[] x, double[] y, boolean dashed) {
        public Series {
            if (x.length != y.length) throw new IllegalArgumentException("x and y differ in length");
        }

        public Series(String label, double[] x, double[] y) {
            this(label, x, y, false);
        }
    }

    /** A line plot: title, axis labels and curves; y range fixed when yMin &lt; yMax, else automatic. */
    public record Plot(String title, String xLabel, String yLabel, List<Series> series, double yMin, double yMax) {
        public Plot(String title, String xLabel, String yLabel, List<Series> series) {
            this(title, xLabel, yLabel, series, 0, 0);
        }
    }

    /** Percentile range [lo, hi] of the finite pixels used for the contrast stretch. */
    public static double[] stretchRange(float[] pixels, double lowPct, double highPct) {
        int n = 0;
        float[] finite = new float[pixels.length];
        for (float v : pixels) if (Float.isFinite(v)) finite[n++] = v;
        if (n == 0) return new double[] {0, 1};
        float[] f = java.util.Arrays.copyOf(finite, n);
        return new double[] {Statistics.percentile(f, lowPct), Statistics.percentile(f, highPct)};
    }

    /** Grey level 0..255 of value v under the stretch [lo, hi] (non-finite values are black). */
    public static int grey(double v, double lo, double hi) {
        if (!Double.isFinite(v)) return 0;
        if (!(hi > lo)) return v > lo ? 255 : v < lo ? 0 : 128;
        long g = Math.round(255 * (v - lo) / (hi - lo));
        return (int) Math.max(0, Math.min(255, g));
    }

    /** An 8-bit grey image with the given stretch. */
    public static BufferedImage grey(float[] pixels, int width, int height, double lo, double hi) {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        WritableRaster r = img.getRaster();
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) r.setSample(x, y, 0, grey(pixels[x + width * y], lo, hi));
        }
        return img;
    }

    /** A panel as an RGB image (default stretch, overlay tinted), without its label. */
    public static BufferedImage render(Panel p) {
        double[] range = stretchRange(p.pixels(), LOW_PERCENTILE, HIGH_PERCENTILE);
        BufferedImage img = new BufferedImage(p.width(), p.height(), BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < p.height(); y++) {
            for (int x = 0; x < p.width(); x++) {
                int i = x + p.width() * y;
                int g = grey(p.pixels()[i], range[0], range[1]);
                int r = g, gr = g, b = g;
                if (p.overlay() != null && p.overlay()[i] > 0.5f) {
                    r = blend(g, OVERLAY.getRed());
                    gr = blend(g, OVERLAY.getGreen());
                    b = blend(g, OVERLAY.getBlue());
                }
                img.setRGB(x, y, (r << 16) | (gr << 8) | b);
            }
        }
        return img;
    }

    private static int blend(int g, int c) {
        return (int) Math.round((1 - OVERLAY_ALPHA) * g + OVERLAY_ALPHA * c);
    }

    /**
     * Panels in a grid of {@code columns} columns, each with its label in a strip above it; every
     * panel keeps its own contrast stretch. Black background.
     */
    public static BufferedImage montage(List<Panel> panels, int columns) {
        if (panels.isEmpty()) throw new IllegalArgumentException("no panels");
        int cols = Math.max(1, Math.min(columns, panels.size()));
        int rows = (panels.size() + cols - 1) / cols;
        int[] colW = new int[cols];
        int[] rowH = new int[rows];
        for (int i = 0; i < panels.size(); i++) {
            Panel p = panels.get(i);
            colW[i % cols] = Math.max(colW[i % cols], p.width());
            rowH[i / cols] = Math.max(rowH[i / cols], p.height() + LABEL_HEIGHT);
        }
        int w = GAP, h = GAP;
        for (int c : colW) w += c + GAP;
        for (int r : rowH) h += r + GAP;
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.BLACK);
            g.fillRect(0, 0, w, h);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
            int y = GAP;
            for (int r = 0; r < rows; r++) {
                int x = GAP;
                for (int c = 0; c < cols; c++) {
                    int i = r * cols + c;
                    if (i >= panels.size()) break;
                    Panel p = panels.get(i);
                    g.setColor(Color.WHITE);
                    if (p.label() != null) g.drawString(p.label(), x + 2, y + LABEL_HEIGHT - 5);
                    g.drawImage(render(p), x, y + LABEL_HEIGHT, null);
                    x += colW[c] + GAP;
                }
                y += rowH[r] + GAP;
            }
        } finally {
            g.dispose();
        }
        return out;
    }

    /** Draws a line plot: white background, axes with ticks, legend, palette colours in series order. */
    public static BufferedImage plot(Plot plot, int width, int height) {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, width, height);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
            FontMetrics fm = g.getFontMetrics();
            double xMin = Double.POSITIVE_INFINITY, xMax = Double.NEGATIVE_INFINITY;
            double yMin = Double.POSITIVE_INFINITY, yMax = Double.NEGATIVE_INFINITY;
            for (Series s : plot.series()) {
                for (int i = 0; i < s.x().length; i++) {
                    if (!Double.isFinite(s.x()[i]) || !Double.isFinite(s.y()[i])) continue;
                    xMin = Math.min(xMin, s.x()[i]);
                    xMax = Math.max(xMax, s.x()[i]);
                    yMin = Math.min(yMin, s.y()[i]);
                    yMax = Math.max(yMax, s.y()[i]);
                }
            }
            if (plot.yMin() < plot.yMax()) {
                yMin = plot.yMin();
                yMax = plot.yMax();
            }
            if (!(xMax > xMin)) {
                xMin = Double.isFinite(xMin) ? xMin - 1 : 0;
                xMax = xMin + 2;
            }
            if (!(yMax > yMin)) {
                yMin = Double.isFinite(yMin) ? yMin - 1 : 0;
                yMax = yMin + 2;
            }
            int left = 60, right = 20, top = 30, bottom = 45;
            int pw = width - left - right, ph = height - top - bottom;
            if (pw < 10 || ph < 10) throw new IllegalArgumentException("plot too small: " + width + "x" + height);
            double fxMin = xMin, fxMax = xMax, fyMin = yMin, fyMax = yMax;
            java.util.function.DoubleUnaryOperator px = v -> left + (v - fxMin) / (fxMax - fxMin) * pw;
            java.util.function.DoubleUnaryOperator py = v -> top + ph - (v - fyMin) / (fyMax - fyMin) * ph;
            // ticks and grid
            g.setColor(Color.BLACK);
            for (double t : ticks(xMin, xMax)) {
                int x = (int) Math.round(px.applyAsDouble(t));
                g.setColor(new Color(230, 230, 230));
                g.drawLine(x, top, x, top + ph);
                g.setColor(Color.BLACK);
                g.drawLine(x, top + ph, x, top + ph + 4);
                String s = format(t);
                g.drawString(s, x - fm.stringWidth(s) / 2, top + ph + 6 + fm.getAscent());
            }
            for (double t : ticks(yMin, yMax)) {
                int y = (int) Math.round(py.applyAsDouble(t));
                g.setColor(new Color(230, 230, 230));
                g.drawLine(left, y, left + pw, y);
                g.setColor(Color.BLACK);
                g.drawLine(left - 4, y, left, y);
                String s = format(t);
                g.drawString(s, left - 6 - fm.stringWidth(s), y + fm.getAscent() / 2 - 1);
            }
            g.drawRect(left, top, pw, ph);
            if (plot.title() != null) {
                g.drawString(plot.title(), left + (pw - fm.stringWidth(plot.title())) / 2, top - 10);
            }
            if (plot.xLabel() != null) {
                g.drawString(plot.xLabel(), left + (pw - fm.stringWidth(plot.xLabel())) / 2, height - 6);
            }
            if (plot.yLabel() != null) {
                Graphics2D r = (Graphics2D) g.create();
                r.rotate(-Math.PI / 2);
                r.drawString(plot.yLabel(), -(top + (ph + fm.stringWidth(plot.yLabel())) / 2), 14);
                r.dispose();
            }
            // curves, clipped to the plot area
            Graphics2D c = (Graphics2D) g.create();
            c.clipRect(left, top, pw + 1, ph + 1);
            Stroke solid = new BasicStroke(2f);
            Stroke dashed = new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f);
            for (int k = 0; k < plot.series().size(); k++) {
                Series s = plot.series().get(k);
                c.setColor(PALETTE[k % PALETTE.length]);
                c.setStroke(s.dashed() ? dashed : solid);
                java.awt.geom.Path2D.Double path = new java.awt.geom.Path2D.Double();
                boolean pen = false;
                for (int i = 0; i < s.x().length; i++) {
                    if (!Double.isFinite(s.x()[i]) || !Double.isFinite(s.y()[i])) {
                        pen = false;
                        continue;
                    }
                    double X = px.applyAsDouble(s.x()[i]), Y = py.applyAsDouble(s.y()[i]);
                    if (pen) path.lineTo(X, Y);
                    else path.moveTo(X, Y);
                    pen = true;
                }
                c.draw(path);
            }
            c.dispose();
            // legend (top right, inside the plot area)
            int ly = top + 8;
            for (int k = 0; k < plot.series().size(); k++) {
                Series s = plot.series().get(k);
                if (s.label() == null || s.label().isEmpty()) continue;
                int lw = fm.stringWidth(s.label());
                int lx = left + pw - lw - 36;
                g.setColor(new Color(255, 255, 255, 220));
                g.fillRect(lx - 4, ly - 2, lw + 38, fm.getHeight() + 2);
                g.setColor(PALETTE[k % PALETTE.length]);
                g.setStroke(s.dashed() ? dashed : solid);
                g.drawLine(lx, ly + fm.getHeight() / 2, lx + 24, ly + fm.getHeight() / 2);
                g.setColor(Color.BLACK);
                g.drawString(s.label(), lx + 30, ly + fm.getAscent());
                ly += fm.getHeight() + 2;
            }
        } finally {
            g.dispose();
        }
        return img;
    }

    /** The colour of series number k in {@link #plot}. */
    public static Color seriesColor(int k) {
        return PALETTE[k % PALETTE.length];
    }

    /** Round tick positions covering [lo, hi], about 5 of them. */
    static double[] ticks(double lo, double hi) {
        double raw = (hi - lo) / 5;
        double mag = Math.pow(10, Math.floor(Math.log10(raw)));
        double f = raw / mag;
        double step = (f < 1.5 ? 1 : f < 3 ? 2 : f < 7 ? 5 : 10) * mag;
        double first = Math.ceil(lo / step - 1e-9) * step;
        int n = (int) Math.floor((hi - first) / step + 1e-9) + 1;
        double[] t = new double[Math.max(0, n)];
        for (int i = 0; i < t.length; i++) t[i] = first + i * step;
        return t;
    }

    private static String format(double v) {
        if (Math.abs(v) < 1e-12) return "0";
        double a = Math.abs(v);
        if (a >= 1e4 || a < 1e-3) return String.format(java.util.Locale.ROOT, "%.1e", v);
        String s = String.format(java.util.Locale.ROOT, "%.4f", v);
        s = s.replaceAll("0+$", "");
        return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
    }

    /** Writes an image as PNG through {@link AtomicOutput}. */
    public static void write(Path file, BufferedImage img, boolean overwrite) {
        AtomicOutput.write(file, overwrite, tmp -> {
            if (!ImageIO.write(img, "png", tmp.toFile())) throw new IOException("no PNG writer available");
        });
    }

    /** Writes a float image with the default percentile stretch as an 8-bit grey PNG. */
    public static void writeImage(Path file, float[] pixels, int width, int height, boolean overwrite) {
        double[] r = stretchRange(pixels, LOW_PERCENTILE, HIGH_PERCENTILE);
        write(file, grey(pixels, width, height, r[0], r[1]), overwrite);
    }

    /** Writes a labelled montage of panels. */
    public static void writeMontage(Path file, List<Panel> panels, int columns, boolean overwrite) {
        write(file, montage(panels, columns), overwrite);
    }

    /** Writes a line plot. */
    public static void writePlot(Path file, Plot plot, int width, int height, boolean overwrite) {
        write(file, plot(plot, width, height), overwrite);
    }
}
