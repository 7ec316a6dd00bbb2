package org.cryoet.learn.cryolithe;

/**
 * Where a voxel is seen in every projection, in the project's geometry (tilt axis y): a point at
 * centred coordinates (x, y, z) projects at tilt theta to detector u = x cos(theta) - z sin(theta),
 * v = y, the centre of a size-N axis at (N - 1) / 2. Around that trace point a P x P patch is read
 * with bilinear interpolation, samples {@code patchScale} pixels apart; samples off the detector
 * read zero (the zero padding of the paper, which also makes non-square detectors need no
 * special handling).
 *
 * <p>Patch layout, shared by the host sampler and the index form used in training:
 * [slice s (along y)][point b][tilt t][sample a (along x)], flattened in that order, so the network
 * sees P slices of P x (points x tilts) values. Detector images are [tilt][v][u] (u fastest).
 */
public final class TracePatches {
    private final int width;
    private final int height;
    private final double[] cos;
    private final double[] sin;
    private final int patch;
    private final double scale;

    /**
     * @param width      detector width (pixels along x)
     * @param height     detector height (pixels along y, the tilt axis)
     * @param anglesDeg  tilt angles of the images, degrees
     */
    public TracePatches(int width, int height, double[] anglesDeg, int patch, double patchScale) {
        this.width = width;
        this.height = height;
        this.cos = new double[anglesDeg.length];
        this.sin = new double[anglesDeg.length];
        for (int t = 0; t < anglesDeg.length; t++) {
            double r = Math.toRadians(anglesDeg[t]);
            cos[t] = Math.cos(r);
            sin[t] = Math.sin(r);
        }
        this.patch = patch;
        this.scale = patchScale;
    }

    public int patch() {
        return patch;
    }

    /** Detector u (pixel index, fractional) of centred point (x, z) at tilt t. */
    public double traceU(int tilt, double x, double z) {
        return x * cos[tilt] - z * sin[tilt] + (width - 1) / 2.0;
    }

    /** Detector v (pixel index, fractional) of centred coordinate y. */
    public double traceV(double y) {
        return y + (height - 1) / 2.0;
    }

    /** Number of values for {@code points} points and {@code tilts} tilts. */
    public long size(int points, int tilts) {
        return (long) patch * patch * points * tilts;
    }

    /**
     * Reads the patches of points (px[b], py[b], pz[b]) (centred coordinates) from the detector images
     * {@code images} ([tilt][v][u]) at the listed tilts into {@code out} (layout above).
     */
    public void sample(float[] images, double[] px, double[] py, double[] pz, int[] tilts, float[] out) {
        int points = px.length;
        int nt = tilts.length;
        int half = patch / 2;
        org.cryoet.util.Parallel.forEach(points, b -> {
            for (int ti = 0; ti < nt; ti++) {
                int t = tilts[ti];
                double u0 = traceU(t, px[b], pz[b]);
                double v0 = traceV(py[b]);
                int imageBase = t * width * height;
                for (int s = 0; s < patch; s++) {
                    double v = v0 + (s - half) * scale;
                    int vi = (int) Math.floor(v);
                    double fv = v - vi;
                    int o = ((s * points + b) * nt + ti) * patch;
                    for (int a = 0; a < patch; a++) {
                        double u = u0 + (a - half) * scale;
                        int ui = (int) Math.floor(u);
                        double fu = u - ui;
                        double val = (1 - fv) * ((1 - fu) * pixel(images, imageBase, ui, vi) + fu * pixel(images, imageBase, ui + 1, vi))
                                + fv * ((1 - fu) * pixel(images, imageBase, ui, vi + 1) + fu * pixel(images, imageBase, ui + 1, vi + 1));
                        out[o + a] = (float) val;
                    }
                }
            }
        });
    }

    private float pixel(float[] images, int base, int u, int v) {
        if (u < 0 || v < 0 || u >= width || v >= height) return 0f;
        return images[base + v * width + u];
    }

    /**
     * The same sampling as index lists for a differentiable gather: for corner c (0..3: (u,v),
     * (u+1,v), (u,v+1), (u+1,v+1)) the flat image index and its bilinear weight per value. Samples
     * off the detector point at {@code sentinel} (an index holding zero) with weight 0.
     */
    public void corners(double[] px, double[] py, double[] pz, int[] tilts, long sentinel, long[][] index,
                        float[][] weight) {
        int points = px.length;
        int nt = tilts.length;
        int half = patch / 2;
        for (int b = 0; b < points; b++) {
            for (int ti = 0; ti < nt; ti++) {
                int t = tilts[ti];
                double u0 = traceU(t, px[b], pz[b]);
                double v0 = traceV(py[b]);
                long imageBase = (long) t * width * height;
                for (int s = 0; s < patch; s++) {
                    double v = v0 + (s - half) * scale;
                    int vi = (int) Math.floor(v);
                    double fv = v - vi;
                    int o = ((s * points + b) * nt + ti) * patch;
                    for (int a = 0; a < patch; a++) {
                        double u = u0 + (a - half) * scale;
                        int ui = (int) Math.floor(u);
                        double fu = u - ui;
                        for (int c = 0; c < 4; c++) {
                            int cu = ui + (c & 1);
                            int cv = vi + (c >> 1);
                            double w = ((c & 1) == 0 ? 1 - fu : fu) * ((c >> 1) == 0 ? 1 - fv : fv);
                            boolean inside = cu >= 0 && cv >= 0 && cu < width && cv < height;
                            index[c][o + a] = inside ? imageBase + (long) cv * width + cu : sentinel;
                            weight[c][o + a] = inside ? (float) w : 0f;
                        }
                    }
                }
            }
        }
    }

    /**
     * For unit spacing: the (P+1) x (P+1) integer pixel grid under each patch, whose four shifted
     * P x P windows are the bilinear corners (the interpolation fractions are then the same for the
     * whole patch). Grid layout [row s'][point b][tilt t][column a'], pixels off the detector at
     * {@code sentinel}; fractions per (point, tilt) in {@code fracU}, {@code fracV}.
     */
    public void grid(double[] px, double[] py, double[] pz, int[] tilts, long sentinel, long[] index, float[] fracU,
                     float[] fracV) {
        if (scale != 1.0) throw new IllegalStateException("the grid form needs unit patch spacing");
        int points = px.length;
        int nt = tilts.length;
        int half = patch / 2;
        int g = patch + 1;
        for (int b = 0; b < points; b++) {
            for (int ti = 0; ti < nt; ti++) {
                int t = tilts[ti];
                double u0 = traceU(t, px[b], pz[b]) - half;
                double v0 = traceV(py[b]) - half;
                int ui = (int) Math.floor(u0);
                int vi = (int) Math.floor(v0);
                fracU[b * nt + ti] = (float) (u0 - ui);
                fracV[b * nt + ti] = (float) (v0 - vi);
                long imageBase = (long) t * width * height;
                for (int s = 0; s < g; s++) {
                    int v = vi + s;
                    int o = ((s * points + b) * nt + ti) * g;
                    for (int a = 0; a < g; a++) {
                        int u = ui + a;
                        boolean inside = u >= 0 && v >= 0 && u < width && v < height;
                        index[o + a] = inside ? imageBase + (long) v * width + u : sentinel;
                    }
                }
            }
        }
    }
}
