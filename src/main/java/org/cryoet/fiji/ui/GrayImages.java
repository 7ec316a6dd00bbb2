package org.cryoet.fiji.ui;

import java.awt.image.BufferedImage;
import java.util.Arrays;

import org.cryoet.fiji.Views;

/** Float images to 8-bit gray pictures with a robust contrast (0.5 and 99.5 percentiles). */
public final class GrayImages {
    private GrayImages() {
    }

    public static BufferedImage toGray(Views.Image img) {
        float[] d = img.data();
        float[] lohi = percentiles(d, 0.005, 0.995);
        float lo = lohi[0], hi = lohi[1];
        float scale = hi > lo ? 255f / (hi - lo) : 0;
        BufferedImage bi = new BufferedImage(img.width(), img.height(), BufferedImage.TYPE_BYTE_GRAY);
        byte[] px = ((java.awt.image.DataBufferByte) bi.getRaster().getDataBuffer()).getData();
        for (int i = 0; i < d.length; i++) {
            float v = Float.isFinite(d[i]) ? (d[i] - lo) * scale : 0;
            px[i] = (byte) Math.max(0, Math.min(255, Math.round(v)));
        }
        return bi;
    }

    /** Approximate percentiles from a strided sample (at most ~65k values). */
    static float[] percentiles(float[] d, double p0, double p1) {
        int step = Math.max(1, d.length / 65536);
        float[] s = new float[(d.length + step - 1) / step];
        int n = 0;
        for (int i = 0; i < d.length; i += step) if (Float.isFinite(d[i])) s[n++] = d[i];
        if (n == 0) return new float[] {0, 1};
        Arrays.sort(s, 0, n);
        return new float[] {s[(int) Math.floor(p0 * (n - 1))], s[(int) Math.ceil(p1 * (n - 1))]};
    }
}
