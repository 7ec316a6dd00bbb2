package org.cryoet.learn.icetide;

import org.cryoet.learn.HostArrays;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.cryoet.volume.Volume;

/**
 * A fixed voxel grid as a {@link DensityField}: trilinear interpolation of the voxels, zero
 * beyond one voxel outside (the volume is padded by a layer of zeros, as the forward projector
 * pads its lines), so its line integrals can be compared with {@code tomo.ForwardProjector}'s.
 */
final class VoxelGridField implements DensityField {
    private final int px, py, pz;
    private final NDArray padded, centre, upper, offsets, strides;

    VoxelGridField(Volume v, NDManager manager) {
        px = v.nx() + 2;
        py = v.ny() + 2;
        pz = v.nz() + 2;
        float[] p = new float[px * py * pz];
        for (int z = 0; z < v.nz(); z++) {
            for (int y = 0; y < v.ny(); y++) {
                for (int x = 0; x < v.nx(); x++) p[((z + 1) * py + y + 1) * px + x + 1] = v.get(x, y, z);
            }
        }
        padded = HostArrays.create(manager, p);
        // padded index of centred coordinate c: c + (n - 1) / 2 + 1
        centre = HostArrays.create(manager, new float[] {(float) ((v.nx() + 1) / 2.0), (float) ((v.ny() + 1) / 2.0),
                (float) ((v.nz() + 1) / 2.0)}, new Shape(1, 3));
        upper = HostArrays.create(manager, new float[] {px - 1, py - 1, pz - 1}, new Shape(1, 3));
        long[] off = new long[24];
        for (int c = 0; c < 8; c++) for (int a = 0; a < 3; a++) off[3 * c + a] = (c >> a) & 1;
        offsets = HostArrays.create(manager, off, new Shape(1, 8, 3));
        strides = HostArrays.create(manager, new long[] {1, px, (long) px * py}, new Shape(1, 1, 3));
    }

    @Override
    public NDArray density(NDArray points, NDManager scope) {
        NDArray g = points.add(centre);
        NDArray inside = g.gte(0f).logicalAnd(g.lte(upper)).toType(DataType.FLOAT32, false).prod(new int[] {1});
        NDArray lower = g.floor().stopGradient();
        NDArray f = g.sub(lower);
        NDArray cell = lower.toType(DataType.INT64, false).maximum(0L)
                .minimum(HostArrays.create(scope, new long[] {px - 2, py - 2, pz - 2}, new Shape(1, 3)));
        NDArray idx = cell.expandDims(1).add(offsets).mul(strides).sum(new int[] {2}); // [N, 8]
        NDArray fe = f.expandDims(1);
        NDArray upperCorner = offsets.toType(DataType.FLOAT32, false);
        // weight f for the upper corner, 1 - f for the lower one, per axis
        NDArray w = fe.mul(upperCorner).add(fe.neg().add(1f).mul(upperCorner.neg().add(1f))).prod(new int[] {2});
        return padded.take(scope, idx).mul(w).sum(new int[] {1}).mul(inside);
    }
}
