package org.cryoet.tomo;

/**
 * The deformation of one recorded projection image, as ICE-TIDE models it (seed paper 003, eq. 2-5):
 * D = Phi(C) R(alpha) S(tau). With u the ideal projection and x centred detector coordinates
 * (x along the detector's tilt-perpendicular axis, y along the tilt axis, origin at the image centre
 * ((W-1)/2, (H-1)/2)), the recorded image is
 * <pre>  y(x) = u(R_alpha (x + phi(x)) - tau),   R_alpha = [[cos a, -sin a], [sin a, cos a]]</pre>
 * where phi is a smooth displacement field interpolated (Catmull-Rom, clamped at the border) from
 * displacements given on a {@code gx x gy} grid of control points that spans the detector from the
 * first to the last pixel centre.
 *
 * <p>The global part maps to one IMOD {@code .xf} row (raw image to aligned image, coordinates
 * relative to the centre): X' = A X + d with A = R_alpha and d = -tau.
 */
public final class ProjectionDeformation {
    private final double shiftX, shiftY, rotationDeg;
    private final int gridX, gridY;
    private final double[] localX, localY;
    private final double cos, sin;

    /**
     * @param shiftX      tau_x in pixels
     * @param shiftY      tau_y in pixels
     * @param rotationDeg alpha in degrees
     * @param gridX       control points along x (0 for no local deformation, else at least 2)
     * @param gridY       control points along y (0 for no local deformation, else at least 2)
     * @param localX      x displacement (pixels) at control point (i, j), index j * gridX + i; null if none
     * @param localY      y displacement (pixels) at control point (i, j); null if none
     */
    public ProjectionDeformation(double shiftX, double shiftY, double rotationDeg, int gridX, int gridY,
                                 double[] localX, double[] localY) {
        boolean local = localX != null || localY != null;
        if (local && (gridX < 2 || gridY < 2 || localX == null || localY == null
                || localX.length != gridX * gridY || localY.length != gridX * gridY)) {
            throw new IllegalArgumentException("local deformation needs a grid of at least 2 x 2 control points with "
                    + "one x and one y displacement each");
        }
        this.shiftX = shiftX;
        this.shiftY = shiftY;
        this.rotationDeg = rotationDeg;
        this.gridX = local ? gridX : 0;
        this.gridY = local ? gridY : 0;
        this.localX = local ? localX.clone() : null;
        this.localY = local ? localY.clone() : null;
        double a = Math.toRadians(rotationDeg);
        this.cos = Math.cos(a);
        this.sin = Math.sin(a);
    }

    /** A rigid deformation (shift and in-plane rotation only). */
    public static ProjectionDeformation rigid(double shiftX, double shiftY, double rotationDeg) {
        return new ProjectionDeformation(shiftX, shiftY, rotationDeg, 0, 0, null, null);
    }

    public static ProjectionDeformation identity() {
        return rigid(0, 0, 0);
    }

    public double shiftX() {
        return shiftX;
    }

    public double shiftY() {
        return shiftY;
    }

    public double rotationDeg() {
        return rotationDeg;
    }

    public boolean hasLocal() {
        return localX != null;
    }

    public int gridX() {
        return gridX;
    }

    public int gridY() {
        return gridY;
    }

    /** x displacement at control point (i, j); 0 without local deformation. */
    public double localX(int i, int j) {
        return localX == null ? 0 : localX[j * gridX + i];
    }

    /** y displacement at control point (i, j); 0 without local deformation. */
    public double localY(int i, int j) {
        return localY == null ? 0 : localY[j * gridX + i];
    }

    /** The IMOD {@code .xf} row of the global part: A11 A12 A21 A22 DX DY (raw to aligned). */
    public double[] xfRow() {
        return new double[] {cos, -sin, sin, cos, -shiftX, -shiftY};
    }

    /** The rigid deformation whose {@code .xf} row is {@code row} (the matrix must be a rotation). */
    public static ProjectionDeformation fromXfRow(double[] row) {
        double rotation = Math.toDegrees(Math.atan2(row[2], row[0]));
        return rigid(-row[4], -row[5], rotation);
    }

    /**
     * The local displacement phi at centred detector coordinates (x, y) of a width x height image,
     * written into {@code out} (x, y).
     */
    public void displacement(double x, double y, int width, int height, double[] out) {
        if (localX == null) {
            out[0] = 0;
            out[1] = 0;
            return;
        }
        // control point i sits at centred x = -(W-1)/2 + i (W-1)/(gx-1)
        double gxPos = (x + (width - 1) / 2.0) * (gridX - 1) / Math.max(1, width - 1);
        double gyPos = (y + (height - 1) / 2.0) * (gridY - 1) / Math.max(1, height - 1);
        out[0] = catmullRom(localX, gridX, gridY, gxPos, gyPos);
        out[1] = catmullRom(localY, gridX, gridY, gxPos, gyPos);
    }

    /** Where the recorded pixel at centred (x, y) reads the ideal projection: R (x + phi(x)) - tau. */
    public void source(double x, double y, int width, int height, double[] out) {
        displacement(x, y, width, height, out);
        double px = x + out[0], py = y + out[1];
        out[0] = cos * px - sin * py - shiftX;
        out[1] = sin * px + cos * py - shiftY;
    }

    /**
     * Applies the deformation to one ideal projection image ({@code width x height}, x fastest):
     * each recorded pixel samples the ideal image at {@link #source} with Catmull-Rom interpolation,
     * the ideal image extended by its edge values (a lamella continues beyond the field of view).
     */
    public float[] apply(float[] ideal, int width, int height) {
        if (ideal.length != width * height) throw new IllegalArgumentException("image size does not match");
        float[] out = new float[ideal.length];
        double cx = (width - 1) / 2.0, cy = (height - 1) / 2.0;
        double[] s = new double[2];
        for (int j = 0; j < height; j++) {
            for (int i = 0; i < width; i++) {
                source(i - cx, j - cy, width, height, s);
                out[j * width + i] = (float) catmullRom(ideal, width, height, s[0] + cx, s[1] + cy);
            }
        }
        return out;
    }

    /** Catmull-Rom interpolation of a gx x gy grid at (u, v) in grid units, border values extended. */
    static double catmullRom(float[] g, int gx, int gy, double u, double v) {
        return catmullRom(k -> g[k], gx, gy, u, v);
    }

    private static double catmullRom(double[] g, int gx, int gy, double u, double v) {
        return catmullRom(k -> g[k], gx, gy, u, v);
    }

    private static double catmullRom(java.util.function.IntToDoubleFunction g, int gx, int gy, double u, double v) {
        int i0 = (int) Math.floor(u), j0 = (int) Math.floor(v);
        double[] wu = weights(u - i0), wv = weights(v - j0);
        double sum = 0;
        for (int b = 0; b < 4; b++) {
            int j = clamp(j0 - 1 + b, gy);
            double row = 0;
            for (int a = 0; a < 4; a++) row += wu[a] * g.applyAsDouble(j * gx + clamp(i0 - 1 + a, gx));
            sum += wv[b] * row;
        }
        return sum;
    }

    private static double[] weights(double t) {
        double t2 = t * t, t3 = t2 * t;
        return new double[] {
                -0.5 * t3 + t2 - 0.5 * t,
                1.5 * t3 - 2.5 * t2 + 1,
                -1.5 * t3 + 2 * t2 + 0.5 * t,
                0.5 * t3 - 0.5 * t2};
    }

    private static int clamp(int k, int n) {
        return k < 0 ? 0 : (k >= n ? n - 1 : k);
    }

    /**
     * The linear functionals that give the rigid part of a local field over a {@code width x height}
     * detector: with phi interpolated from control values C_k, the mean of phi over all pixels is
     * {@code sum_k mean[k] C_k} (both components), and the best-fit rotation (radians, about the image
     * centre) is {@code sum_k (momentX[k] Cy_k - momentY[k] Cx_k) / norm}, where momentX[k] =
     * sum_p x_p w_pk, momentY[k] = sum_p y_p w_pk (w_pk the Catmull-Rom weight of control point k at
     * pixel p, centred pixel coordinates) and norm = sum_p |x_p|^2. A field with control values
     * {@code (-omega y_k, omega x_k)} (the control points (x_k, y_k) rotated) has mean 0 and best-fit
     * rotation {@code omega * controlNorm / norm} with controlNorm = sum_k (momentX[k] x_k + momentY[k] y_k)
     * (not exactly omega: the clamped borders bend the interpolated field). Index k = j * gridX + i.
     * Computing them visits every pixel, so callers that treat many views compute them once.
     */
    public record RigidFunctionals(int gridX, int gridY, double[] mean, double[] momentX, double[] momentY,
                                   double[] controlX, double[] controlY, double norm, double controlNorm) {

        /** The rigid part of the field with control values (lx, ly). */
        public RigidPart of(double[] lx, double[] ly) {
            double meanX = 0, meanY = 0, moment = 0;
            for (int k = 0; k < lx.length; k++) {
                meanX += mean[k] * lx[k];
                meanY += mean[k] * ly[k];
                moment += momentX[k] * ly[k] - momentY[k] * lx[k];
            }
            return new RigidPart(meanX, meanY, moment / norm, moment / controlNorm);
        }
    }

    /**
     * The rigid part of a local field: mean displacement (pixels), best-fit rotation (radians) and
     * the rotation of the control points that removes it ({@link RigidFunctionals}).
     */
    public record RigidPart(double meanX, double meanY, double rotation, double controlRotation) {
    }

    /** The functionals of {@link RigidFunctionals} for this detector and control grid. */
    public static RigidFunctionals rigidFunctionals(int width, int height, int gridX, int gridY) {
        int g = gridX * gridY;
        double[] mean = new double[g], mx = new double[g], my = new double[g], px = new double[g], py = new double[g];
        double cx = (width - 1) / 2.0, cy = (height - 1) / 2.0;
        for (int j = 0; j < gridY; j++) {
            for (int i = 0; i < gridX; i++) {
                px[j * gridX + i] = -cx + i * (width - 1) / (double) (gridX - 1);
                py[j * gridX + i] = -cy + j * (height - 1) / (double) (gridY - 1);
            }
        }
        double[] wu = new double[4], wv = new double[4];
        for (int y = 0; y < height; y++) {
            double v = y * (gridY - 1) / (double) Math.max(1, height - 1);
            int j0 = (int) Math.floor(v);
            System.arraycopy(weights(v - j0), 0, wv, 0, 4);
            for (int x = 0; x < width; x++) {
                double u = x * (gridX - 1) / (double) Math.max(1, width - 1);
                int i0 = (int) Math.floor(u);
                System.arraycopy(weights(u - i0), 0, wu, 0, 4);
                for (int b = 0; b < 4; b++) {
                    int j = clamp(j0 - 1 + b, gridY);
                    for (int a = 0; a < 4; a++) {
                        int k = j * gridX + clamp(i0 - 1 + a, gridX);
                        double w = wu[a] * wv[b];
                        mean[k] += w;
                        mx[k] += (x - cx) * w;
                        my[k] += (y - cy) * w;
                    }
                }
            }
        }
        double norm = 0;
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) norm += (x - cx) * (x - cx) + (y - cy) * (y - cy);
        }
        double controlNorm = 0;
        for (int k = 0; k < g; k++) {
            mean[k] /= (double) width * height;
            controlNorm += mx[k] * px[k] + my[k] * py[k];
        }
        return new RigidFunctionals(gridX, gridY, mean, mx, my, px, py, norm, controlNorm);
    }

    /**
     * This deformation with the rigid part of its local field (mean displacement and best-fit
     * rotation over the {@code width x height} detector, {@link #rigidFunctionals}) taken out of phi
     * and left out: the global part is kept as it is. The result's phi has zero mean and zero
     * best-fit rotation over the detector, so global + local is a unique decomposition.
     */
    public ProjectionDeformation withRigidFreeLocal(int width, int height) {
        return localX == null ? this : withRigidFreeLocal(rigidFunctionals(width, height, gridX, gridY));
    }

    /** As {@link #withRigidFreeLocal(int, int)} with functionals computed once for many views. */
    public ProjectionDeformation withRigidFreeLocal(RigidFunctionals f) {
        if (localX == null) return this;
        if (f.gridX() != gridX || f.gridY() != gridY) throw new IllegalArgumentException("functionals of another grid");
        RigidPart r = f.of(localX, localY);
        double[] lx = new double[localX.length], ly = new double[localY.length];
        for (int k = 0; k < lx.length; k++) {
            lx[k] = localX[k] - r.meanX() + r.controlRotation() * f.controlY()[k];
            ly[k] = localY[k] - r.meanY() - r.controlRotation() * f.controlX()[k];
        }
        return new ProjectionDeformation(shiftX, shiftY, rotationDeg, gridX, gridY, lx, ly);
    }

    /** The largest local displacement length at a control point (pixels); 0 without local deformation. */
    public double maxLocalDisplacement() {
        double max = 0;
        if (localX != null) for (int k = 0; k < localX.length; k++) max = Math.max(max, Math.hypot(localX[k], localY[k]));
        return max;
    }

    @Override
    public String toString() {
        return String.format(java.util.Locale.ROOT, "shift (%.3f, %.3f) px, rotation %.4f deg, local %s", shiftX,
                shiftY, rotationDeg, localX == null ? "none" : gridX + "x" + gridY + " grid, up to "
                        + String.format(java.util.Locale.ROOT, "%.3f px", maxLocalDisplacement()));
    }
}
