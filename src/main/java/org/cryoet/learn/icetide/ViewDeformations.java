package org.cryoet.learn.icetide;

import org.cryoet.learn.HostArrays;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.cryoet.tomo.Misalignment;
import org.cryoet.tomo.ProjectionDeformation;

/**
 * The learnable per-view deformations of a tilt series, in ICE-TIDE's model
 * ({@link ProjectionDeformation}): the recorded pixel at centred detector coordinates x reads the
 * ideal projection at u = R_alpha (x + phi(x)) - tau. tau (pixels), alpha (degrees) and the control
 * point displacements of phi (pixels, a {@code gridX x gridY} lattice spanning the detector from the
 * first to the last pixel centre, Catmull-Rom interpolated with clamped borders) are tensors, so u is
 * differentiable in all of them.
 *
 * <p>phi is used without its rigid part ({@link ProjectionDeformation#withRigidFreeLocal}): the
 * mean displacement and best-fit rotation of the interpolated field over the detector are taken out
 * of the control values in the graph, so global (tau, alpha) and local parts are a unique
 * decomposition of the view's deformation, the one the simulator draws.
 */
public final class ViewDeformations {
    private final int views, width, height, gridX, gridY;
    private final NDArray shift;     // [V * 2]: tau_x, tau_y of each view
    private final NDArray rotation;  // [V]: alpha in degrees
    private final NDArray local;     // [V * gridY * gridX * 2]: control point (i, j) of view t at ((t*gy + j)*gx + i)*2
    private final NDArray degToRad;
    private final NDArray rigidMean, rigidMomentX, rigidMomentY, controlX, controlY, controlNorm; // [gx * gy]
    private final ProjectionDeformation.RigidFunctionals rigid;

    public ViewDeformations(int views, int width, int height, int gridX, int gridY, NDManager manager) {
        if (gridX < 2 || gridY < 2) throw new IllegalArgumentException("the control grid needs at least 2 x 2 points");
        this.views = views;
        this.width = width;
        this.height = height;
        this.gridX = gridX;
        this.gridY = gridY;
        shift = manager.zeros(new Shape(views * 2L));
        rotation = manager.zeros(new Shape(views));
        local = manager.zeros(new Shape((long) views * gridX * gridY * 2));
        for (NDArray p : parameters()) p.setRequiresGradient(true);
        degToRad = HostArrays.scalar(manager, (float) (Math.PI / 180));
        rigid = ProjectionDeformation.rigidFunctionals(width, height, gridX, gridY);
        rigidMean = HostArrays.create(manager, toFloats(rigid.mean()));
        rigidMomentX = HostArrays.create(manager, toFloats(rigid.momentX()));
        rigidMomentY = HostArrays.create(manager, toFloats(rigid.momentY()));
        controlX = HostArrays.create(manager, toFloats(rigid.controlX()));
        controlY = HostArrays.create(manager, toFloats(rigid.controlY()));
        controlNorm = HostArrays.scalar(manager, (float) rigid.controlNorm());
    }

    private static float[] toFloats(double[] d) {
        float[] f = new float[d.length];
        for (int i = 0; i < d.length; i++) f[i] = (float) d[i];
        return f;
    }

    /**
     * The control values in use, {@code [V * gy * gx * 2]} like {@link #local()}: the parameters
     * without the rigid part of the field they interpolate (zero mean, zero best-fit rotation).
     */
    NDArray rigidFreeLocal(NDManager scope) {
        long g = (long) gridX * gridY;
        NDArray c = local.reshape(views, g, 2);
        c.attach(scope);
        NDArray cx = c.get(":, :, 0"), cy = c.get(":, :, 1");
        NDArray meanX = cx.mul(rigidMean).sum(new int[] {1}, true);
        NDArray meanY = cy.mul(rigidMean).sum(new int[] {1}, true);
        NDArray omega = cy.mul(rigidMomentX).sub(cx.mul(rigidMomentY)).sum(new int[] {1}, true).div(controlNorm);
        NDArray fx = cx.sub(meanX).add(omega.mul(controlY));
        NDArray fy = cy.sub(meanY).sub(omega.mul(controlX));
        return fx.stack(fy, 2).reshape(views * g * 2);
    }

    public NDArray shift() {
        return shift;
    }

    public NDArray rotation() {
        return rotation;
    }

    public NDArray local() {
        return local;
    }

    public NDArray[] parameters() {
        return new NDArray[] {shift, rotation, local};
    }

    public int views() {
        return views;
    }

    public int gridX() {
        return gridX;
    }

    public int gridY() {
        return gridY;
    }

    /**
     * Detector positions u {@code [R, 2]} (centred pixels) read by recorded pixels ({@code column},
     * {@code row}, 0-based) of the given views. Without {@code withLocal} phi is left out of the graph.
     */
    public NDArray detectorPositions(int[] view, int[] column, int[] row, boolean withLocal, NDManager scope) {
        int r = view.length;
        float[] x = new float[r], y = new float[r];
        long[] shiftIndexX = new long[r], shiftIndexY = new long[r], rotationIndex = new long[r];
        double cx = (width - 1) / 2.0, cy = (height - 1) / 2.0;
        for (int k = 0; k < r; k++) {
            x[k] = (float) (column[k] - cx);
            y[k] = (float) (row[k] - cy);
            shiftIndexX[k] = 2L * view[k];
            shiftIndexY[k] = 2L * view[k] + 1;
            rotationIndex[k] = view[k];
        }
        NDArray px = HostArrays.create(scope, x), py = HostArrays.create(scope, y);
        if (withLocal) {
            NDArray[] phi = displacement(view, column, row, scope);
            px = px.add(phi[0]);
            py = py.add(phi[1]);
        }
        NDArray alpha = rotation.take(scope, HostArrays.create(scope, rotationIndex, new Shape(r))).mul(degToRad);
        NDArray cos = alpha.cos(), sin = alpha.sin();
        NDArray tauX = shift.take(scope, HostArrays.create(scope, shiftIndexX, new Shape(r)));
        NDArray tauY = shift.take(scope, HostArrays.create(scope, shiftIndexY, new Shape(r)));
        NDArray ux = cos.mul(px).sub(sin.mul(py)).sub(tauX);
        NDArray uy = sin.mul(px).add(cos.mul(py)).sub(tauY);
        return ux.stack(uy, 1);
    }

    /** phi at the given pixels: Catmull-Rom taps (16 per pixel) computed here, control values gathered in the graph. */
    private NDArray[] displacement(int[] view, int[] column, int[] row, NDManager scope) {
        int r = view.length;
        long[] index = new long[r * 16];
        float[] weight = new float[r * 16];
        for (int k = 0; k < r; k++) {
            double u = column[k] * (gridX - 1) / (double) Math.max(1, width - 1);
            double v = row[k] * (gridY - 1) / (double) Math.max(1, height - 1);
            int i0 = (int) Math.floor(u), j0 = (int) Math.floor(v);
            double[] wu = catmullRomWeights(u - i0), wv = catmullRomWeights(v - j0);
            for (int b = 0; b < 4; b++) {
                int j = clamp(j0 - 1 + b, gridY);
                for (int a = 0; a < 4; a++) {
                    int i = clamp(i0 - 1 + a, gridX);
                    index[16 * k + 4 * b + a] = (((long) view[k] * gridY + j) * gridX + i) * 2;
                    weight[16 * k + 4 * b + a] = (float) (wu[a] * wv[b]);
                }
            }
        }
        NDArray ix = HostArrays.create(scope, index, new Shape(r, 16));
        NDArray w = HostArrays.create(scope, weight, new Shape(r, 16));
        NDArray c = rigidFreeLocal(scope);
        NDArray phiX = c.take(scope, ix).mul(w).sum(new int[] {1});
        NDArray phiY = c.take(scope, ix.add(1)).mul(w).sum(new int[] {1});
        return new NDArray[] {phiX, phiY};
    }

    static double[] catmullRomWeights(double t) {
        double t2 = t * t, t3 = t2 * t;
        return new double[] {-0.5 * t3 + t2 - 0.5 * t, 1.5 * t3 - 2.5 * t2 + 1, -1.5 * t3 + 2 * t2 + 0.5 * t,
                0.5 * t3 - 0.5 * t2};
    }

    private static int clamp(int k, int n) {
        return k < 0 ? 0 : (k >= n ? n - 1 : k);
    }

    /** Mean |shift component| over all views (pixels). */
    public NDArray shiftPenalty(NDManager scope) {
        return inScope(shift.abs(), scope).mean();
    }

    /** Mean over views of |alpha| (degrees). */
    public NDArray rotationPenalty(NDManager scope) {
        return inScope(rotation.abs(), scope).mean();
    }

    /** Mean |displacement component| over all control points (pixels). */
    public NDArray localPenalty(NDManager scope) {
        return inScope(local.abs(), scope).mean();
    }

    /**
     * Mean over views and components of |mean displacement over the control points|: keeps phi from taking over the
     * shift, which the local field could otherwise mimic.
     */
    public NDArray meanDisplacementPenalty(NDManager scope) {
        NDArray perView = inScope(local.reshape(views, gridX * gridY, 2), scope).mean(new int[] {1});
        return perView.abs().mean();
    }

    private static NDArray inScope(NDArray a, NDManager scope) {
        a.attach(scope);
        return a;
    }

    /**
     * The current values as a {@link Misalignment} (local part left out when {@code withLocal} is
     * false; its control values are the rigid-free ones in use).
     */
    public Misalignment toMisalignment(boolean withLocal) {
        float[] s = HostArrays.toHost(shift), a = HostArrays.toHost(rotation), c = HostArrays.toHost(local);
        ProjectionDeformation[] v = new ProjectionDeformation[views];
        int g = gridX * gridY;
        for (int t = 0; t < views; t++) {
            if (!withLocal) {
                v[t] = ProjectionDeformation.rigid(s[2 * t], s[2 * t + 1], a[t]);
                continue;
            }
            double[] lx = new double[g], ly = new double[g];
            for (int k = 0; k < g; k++) {
                lx[k] = c[2 * (t * g + k)];
                ly[k] = c[2 * (t * g + k) + 1];
            }
            v[t] = new ProjectionDeformation(s[2 * t], s[2 * t + 1], a[t], gridX, gridY, lx, ly).withRigidFreeLocal(rigid);
        }
        return new Misalignment(v);
    }

    /** Sets the values (e.g. to start from a known alignment); the local part only if the grids match. */
    public void set(Misalignment m) {
        float[] s = new float[views * 2], a = new float[views], c = new float[views * gridX * gridY * 2];
        int g = gridX * gridY;
        for (int t = 0; t < views; t++) {
            ProjectionDeformation d = m.view(t);
            s[2 * t] = (float) d.shiftX();
            s[2 * t + 1] = (float) d.shiftY();
            a[t] = (float) d.rotationDeg();
            if (d.hasLocal() && d.gridX() == gridX && d.gridY() == gridY) {
                for (int j = 0; j < gridY; j++) {
                    for (int i = 0; i < gridX; i++) {
                        c[2 * (t * g + j * gridX + i)] = (float) d.localX(i, j);
                        c[2 * (t * g + j * gridX + i) + 1] = (float) d.localY(i, j);
                    }
                }
            }
        }
        shift.set(s);
        rotation.set(a);
        local.set(c);
    }
}
