package org.cryoet.tomo;

import org.cryoet.util.Parallel;
import org.cryoet.volume.Volume;

/**
 * Undoes a {@link Misalignment}: from recorded images, the ideal (aligned) projections, so that a
 * refined alignment can be used by any reconstruction (FBP + ICE-TIDE in the paper). The aligned
 * pixel u is the recorded pixel x with R(x + phi(x)) - tau = u, found by the fixed-point iteration
 * x <- R^-1 (u + tau) - phi(x) (phi is small and smooth, so it converges in a few steps); the
 * recorded image is read there with bilinear interpolation, extended by its edge values.
 */
public final class Realignment {
    private static final int ITERATIONS = 4;

    private Realignment() {
    }

    public static Volume undo(Volume recorded, Misalignment m) {
        if (recorded.nz() != m.size()) {
            throw new IllegalArgumentException(recorded.nz() + " images for " + m.size() + " deformations");
        }
        int w = recorded.nx(), h = recorded.ny(), area = w * h;
        Volume out = Volume.create(w, h, recorded.nz(), recorded.calibration());
        float[] src = recorded.data(), dst = out.data();
        double cx = (w - 1) / 2.0, cy = (h - 1) / 2.0;
        Parallel.forEach(m.size(), t -> {
            ProjectionDeformation d = m.view(t);
            double a = Math.toRadians(d.rotationDeg()), c = Math.cos(a), s = Math.sin(a);
            double[] phi = new double[2];
            for (int j = 0; j < h; j++) {
                for (int i = 0; i < w; i++) {
                    double ux = i - cx + d.shiftX(), uy = j - cy + d.shiftY();
                    // R^-1 (u + tau)
                    double bx = c * ux + s * uy, by = -s * ux + c * uy;
                    double x = bx, y = by;
                    if (d.hasLocal()) {
                        for (int k = 0; k < ITERATIONS; k++) {
                            d.displacement(x, y, w, h, phi);
                            x = bx - phi[0];
                            y = by - phi[1];
                        }
                    }
                    dst[t * area + j * w + i] = bilinear(src, t * area, w, h, x + cx, y + cy);
                }
            }
        });
        return out;
    }

    private static float bilinear(float[] a, int base, int w, int h, double x, double y) {
        x = Math.max(0, Math.min(w - 1, x));
        y = Math.max(0, Math.min(h - 1, y));
        int x0 = Math.min((int) x, w - 2 < 0 ? 0 : w - 2), y0 = Math.min((int) y, h - 2 < 0 ? 0 : h - 2);
        int x1 = Math.min(x0 + 1, w - 1), y1 = Math.min(y0 + 1, h - 1);
        double fx = x - x0, fy = y - y0;
        double top = a[base + y0 * w + x0] * (1 - fx) + a[base + y0 * w + x1] * fx;
        double bottom = a[base + y1 * w + x0] * (1 - fx) + a[base + y1 * w + x1] * fx;
        return (float) (top * (1 - fy) + bottom * fy);
    }
}
