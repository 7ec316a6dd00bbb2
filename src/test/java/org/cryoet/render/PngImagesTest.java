package org.cryoet.render;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import javax.imageio.ImageIO;

import org.cryoet.util.CryoEtException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PngImagesTest {

    @Test
    void writtenPixelsMatchThePercentileStretch(@TempDir Path dir) throws IOException {
        int w = 20, h = 10;
        float[] px = new float[w * h];
        for (int i = 0; i < px.length; i++) px[i] = i; // 0..199
        px[7] = 1e6f; // an outlier clipped by the stretch
        Path f = dir.resolve("img.png");
        PngImages.writeImage(f, px, w, h, false);
        BufferedImage back = ImageIO.read(f.toFile());
        assertEquals(w, back.getWidth());
        assertEquals(h, back.getHeight());
        // numpy.percentile of the values at 0.5 and 99.5 (linear interpolation), computed directly
        float[] sorted = px.clone();
        java.util.Arrays.sort(sorted);
        double lo = sorted[0] + 0.995 * (sorted[1] - sorted[0]);
        double pos = 0.995 * 199;
        int k = (int) pos;
        double hi = sorted[k] + (pos - k) * (sorted[k + 1] - sorted[k]);
        for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) {
            double v = px[x + w * y];
            int expect = (int) Math.max(0, Math.min(255, Math.round(255 * (v - lo) / (hi - lo))));
            assertEquals(expect, back.getRaster().getSample(x, y, 0), "pixel " + x + "," + y);
        }
        assertEquals(255, back.getRaster().getSample(7, 0, 0));
        assertThrows(CryoEtException.class, () -> PngImages.writeImage(f, px, w, h, false));
        PngImages.writeImage(f, px, w, h, true);
    }

    @Test
    void montageHasPanelsLabelsAndOverlay() {
        float[] a = new float[30 * 20];
        float[] b = new float[10 * 40];
        for (int i = 0; i < a.length; i++) a[i] = i % 30;
        float[] mask = new float[a.length];
        mask[0] = 1; // top-left pixel of panel a is tinted
        BufferedImage m = PngImages.montage(List.of(new PngImages.Panel("A", a, 30, 20, mask),
                new PngImages.Panel("B", b, 10, 40)), 2);
        // two columns of widths 30 and 10 with 4-pixel gaps; rows of max(20, 40) + 18 label pixels
        assertEquals(4 + 30 + 4 + 10 + 4, m.getWidth());
        assertEquals(4 + 40 + 18 + 4, m.getHeight());
        Color tinted = new Color(m.getRGB(4, 4 + 18));
        assertTrue(tinted.getRed() > tinted.getBlue() + 40, "overlay tint " + tinted);
        Color right = new Color(m.getRGB(4 + 29, 4 + 18 + 1));
        assertEquals(255, right.getRed());
        assertEquals(right.getRed(), right.getBlue());
        boolean labelPixels = false;
        for (int y = 4; y < 4 + 18; y++) for (int x = 4; x < 34; x++) labelPixels |= (m.getRGB(x, y) & 0xffffff) != 0;
        assertTrue(labelPixels, "label text drawn");
    }

    @Test
    void plotHasTheSizeAndARisingCurveInTheFirstColour(@TempDir Path dir) throws IOException {
        double[] x = new double[50], y = new double[50];
        for (int i = 0; i < 50; i++) {
            x[i] = i / 49.0;
            y[i] = i / 49.0;
        }
        Path f = dir.resolve("plot.png");
        PngImages.writePlot(f, new PngImages.Plot("title", "x", "y", List.of(new PngImages.Series("y = x", x, y),
                new PngImages.Series("0.5", new double[] {0, 1}, new double[] {0.5, 0.5}, true))), 400, 300, false);
        BufferedImage img = ImageIO.read(f.toFile());
        assertEquals(400, img.getWidth());
        assertEquals(300, img.getHeight());
        int target = PngImages.seriesColor(0).getRGB() & 0xffffff;
        List<double[]> pts = new ArrayList<>();
        for (int cx = 0; cx < 400; cx++) {
            double sum = 0;
            int n = 0;
            for (int cy = 0; cy < 300; cy++) {
                if ((img.getRGB(cx, cy) & 0xffffff) == target) {
                    sum += cy;
                    n++;
                }
            }
            if (n > 0) pts.add(new double[] {cx, sum / n});
        }
        assertTrue(pts.size() > 250, "columns with the curve colour: " + pts.size());
        // the curve rises: image row decreases with column (legend sample excluded by the trend)
        double mx = 0, my = 0;
        for (double[] p : pts) {
            mx += p[0];
            my += p[1];
        }
        mx /= pts.size();
        my /= pts.size();
        double sxy = 0, sxx = 0, syy = 0;
        for (double[] p : pts) {
            sxy += (p[0] - mx) * (p[1] - my);
            sxx += (p[0] - mx) * (p[0] - mx);
            syy += (p[1] - my) * (p[1] - my);
        }
        assertTrue(sxy / Math.sqrt(sxx * syy) < -0.95, "correlation " + sxy / Math.sqrt(sxx * syy));
        assertEquals(Color.WHITE.getRGB(), img.getRGB(1, 1));
    }

    @Test
    void ticksAreRound() {
        assertArrayEquals(new double[] {0, 0.2, 0.4, 0.6, 0.8, 1.0}, PngImages.ticks(0, 1), 1e-12);
        assertArrayEquals(new double[] {20, 40, 60, 80}, PngImages.ticks(13, 97), 1e-12);
    }
}
