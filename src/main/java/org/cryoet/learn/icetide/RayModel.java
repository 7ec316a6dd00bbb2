package org.cryoet.learn.icetide;

import org.cryoet.learn.HostArrays;

import java.util.SplittableRandom;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * Line integrals of a {@link DensityField} through a slab, in the project's geometry (tilt axis y,
 * a voxel at centred (x, y, z) projects at tilt theta to x' = x cos(theta) - z sin(theta), y' = y).
 * The ray of detector point u at tilt theta is parameterised by depth z: it passes through
 * (u_x / cos(theta) + z tan(theta), u_y, z), and the path length per unit depth is 1 / cos(theta).
 * Depths are stratified over the slab |z| <= thickness / 2 (one sample per stratum, jittered
 * uniformly inside it when training, at its centre otherwise), so every sample lies in the slab and
 * the sum, times thickness / (samples cos(theta)), estimates the line integral without bias; the
 * integral has the units of {@code tomo.ForwardProjector}'s (a unit-density slab of thickness T
 * projects to T / cos(theta)).
 */
public final class RayModel {
    private final double thickness;
    private final int samples;

    public RayModel(double thickness, int samplesPerRay) {
        if (!(thickness > 0) || samplesPerRay < 1) {
            throw new IllegalArgumentException("thickness and samples per ray must be positive");
        }
        this.thickness = thickness;
        this.samples = samplesPerRay;
    }

    public int samplesPerRay() {
        return samples;
    }

    public double thickness() {
        return thickness;
    }

    /**
     * Predicted pixels {@code [R]} for detector positions {@code u [R, 2]} (centred pixels) at tilt
     * angles {@code thetaDeg} (one per ray). {@code jitter} null: stratum centres.
     */
    public NDArray project(DensityField field, NDArray u, double[] thetaDeg, SplittableRandom jitter, NDManager scope) {
        int r = thetaDeg.length, s = samples;
        float[] invCos = new float[r], tan = new float[r], scale = new float[r], depth = new float[r * s];
        double stratum = thickness / s;
        for (int k = 0; k < r; k++) {
            double th = Math.toRadians(thetaDeg[k]);
            invCos[k] = (float) (1 / Math.cos(th));
            tan[k] = (float) Math.tan(th);
            scale[k] = (float) (stratum / Math.cos(th));
            for (int i = 0; i < s; i++) {
                double offset = jitter == null ? 0.5 : jitter.nextDouble();
                depth[k * s + i] = (float) (-thickness / 2 + (i + offset) * stratum);
            }
        }
        NDArray z = HostArrays.create(scope, depth, new Shape(r, s));
        NDArray ux = u.get(":, 0").expandDims(1);
        NDArray uy = u.get(":, 1").expandDims(1);
        NDArray x = ux.mul(HostArrays.create(scope, invCos, new Shape(r, 1)))
                .add(z.mul(HostArrays.create(scope, tan, new Shape(r, 1))));
        NDArray y = uy.repeat(1, s);
        NDArray points = x.stack(y, 2).concat(z.expandDims(2), 2).reshape(new Shape((long) r * s, 3));
        NDArray density = field.density(points, scope).reshape(new Shape(r, s));
        return density.sum(new int[] {1}).mul(HostArrays.create(scope, scale));
    }
}
