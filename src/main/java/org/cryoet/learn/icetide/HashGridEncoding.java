package org.cryoet.learn.icetide;

import org.cryoet.learn.HostArrays;

import java.util.SplittableRandom;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * Multi-resolution grid encoding written with plain tensor operations, so that autograd reaches both
 * the feature tables and the query positions (the positions depend on the per-view deformation
 * parameters). Per level: the position is scaled to the level's grid, the 8 corners of its cell are
 * indexed (densely when the level's vertices fit the table, otherwise by the spatial hash
 * (ix + iy P1 + iz P2) mod T, which needs only int64 multiply, add and remainder), their features are
 * gathered and blended with trilinear (or smoothstep) weights computed from the fractional position.
 *
 * <p>Positions are in domain units: each axis runs from 0 to its extent, the longest extent being 1.
 */
public final class HashGridEncoding {
    /** Primes of the instant-NGP spatial hash (the first axis has factor 1). */
    private static final long PRIME_Y = 2654435761L;
    private static final long PRIME_Z = 805459861L;

    private final HashGridSpec spec;
    private final double[] extent;
    private final NDArray[] tables;
    private final long[] tableSize;
    private final long[][] maxCorner;
    private final boolean[] dense;
    private final NDArray cornerOffsets, weightSign, weightBase, featureIndex;
    private final NDArray[] strides, resolution;
    private final NDArray three, two;

    /**
     * @param extent the domain's extent along x, y, z in domain units (the longest is 1)
     * @param seed   initialisation seed of the tables (uniform in +-1e-4, as instant-NGP)
     */
    public HashGridEncoding(HashGridSpec spec, double[] extent, long seed, NDManager manager) {
        this.spec = spec;
        this.extent = extent.clone();
        int levels = spec.levels();
        tables = new NDArray[levels];
        tableSize = new long[levels];
        maxCorner = new long[levels][3];
        dense = new boolean[levels];
        strides = new NDArray[levels];
        resolution = new NDArray[levels];
        long maxTable = 1L << spec.log2TableSize();
        SplittableRandom rng = new SplittableRandom(seed);
        for (int l = 0; l < levels; l++) {
            double res = spec.resolution(l);
            long[] vertices = new long[3];
            for (int a = 0; a < 3; a++) {
                // a position at the far edge lies in the last cell: floor(res * extent) + 2 vertices
                vertices[a] = (long) Math.floor(res * extent[a]) + 2;
                maxCorner[l][a] = vertices[a] - 2;
            }
            long count = vertices[0] * vertices[1] * vertices[2];
            dense[l] = count <= maxTable;
            tableSize[l] = dense[l] ? count : maxTable;
            long[] s = dense[l] ? new long[] {1, vertices[0], vertices[0] * vertices[1]}
                    : new long[] {1, PRIME_Y, PRIME_Z};
            strides[l] = HostArrays.create(manager, s, new Shape(1, 1, 3));
            resolution[l] = HostArrays.scalar(manager, (float) res);
            int n = (int) (tableSize[l] * spec.features());
            float[] init = new float[n];
            for (int i = 0; i < n; i++) init[i] = (float) ((rng.nextDouble() * 2 - 1) * 1e-4);
            tables[l] = HostArrays.create(manager, init, new Shape(tableSize[l], spec.features()));
            tables[l].setRequiresGradient(true);
        }
        long[] offsets = new long[24];
        float[] sign = new float[24], base = new float[24];
        for (int c = 0; c < 8; c++) {
            for (int a = 0; a < 3; a++) {
                int bit = (c >> a) & 1;
                offsets[3 * c + a] = bit;
                // weight along an axis: f for the upper corner, 1 - f for the lower one
                sign[3 * c + a] = bit == 1 ? 1f : -1f;
                base[3 * c + a] = bit == 1 ? 0f : 1f;
            }
        }
        cornerOffsets = HostArrays.create(manager, offsets, new Shape(1, 8, 3));
        weightSign = HostArrays.create(manager, sign, new Shape(1, 8, 3));
        weightBase = HostArrays.create(manager, base, new Shape(1, 8, 3));
        long[] fi = new long[spec.features()];
        for (int f = 0; f < fi.length; f++) fi[f] = f;
        featureIndex = HostArrays.create(manager, fi, new Shape(1, 1, fi.length));
        three = HostArrays.scalar(manager, 3f);
        two = HostArrays.scalar(manager, 2f);
    }

    public HashGridSpec spec() {
        return spec;
    }

    public double[] extent() {
        return extent.clone();
    }

    /** The feature table of each level (learnable), {@code [T_l, features]}. */
    public NDArray[] tables() {
        return tables.clone();
    }

    public boolean isDense(int level) {
        return dense[level];
    }

    /**
     * Encodes positions {@code [N, 3]} (domain units) into {@code [N, levels * features]}; every
     * intermediate belongs to {@code scope}.
     */
    public NDArray encode(NDArray positions, NDManager scope) {
        NDList perLevel = new NDList(spec.levels());
        for (int l = 0; l < spec.levels(); l++) perLevel.add(encodeLevel(positions, l, scope));
        return NDArrays.concat(perLevel, 1);
    }

    private NDArray encodeLevel(NDArray positions, int l, NDManager scope) {
        NDArray q = positions.mul(resolution[l]);
        // the cell's lower corner carries no gradient; the fraction f does (d f / d q = 1)
        NDArray lower = q.floor().stopGradient();
        NDArray f = q.sub(lower);
        NDArray cell = lower.toType(DataType.INT64, false);
        cell = clampCorner(cell, l, scope);
        // smoothstep 3f^2 - 2f^3, written with f as the receiver so results stay in the step's scope
        if (spec.smoothstep()) f = f.square().mul(f.mul(two).neg().add(three));
        NDArray corners = cell.expandDims(1).add(cornerOffsets); // [N, 8, 3]
        NDArray index = corners.mul(strides[l]).sum(new int[] {2}, false); // [N, 8]
        if (!dense[l]) index = index.mod(tableSize[l]);
        NDArray flat = index.expandDims(2).mul(spec.features()).add(featureIndex); // [N, 8, F]
        NDArray values = tables[l].take(scope, flat);
        NDArray axisWeights = f.expandDims(1).mul(weightSign).add(weightBase); // [N, 8, 3]
        NDArray weights = axisWeights.prod(new int[] {2}); // [N, 8]
        return values.mul(weights.expandDims(2)).sum(new int[] {1}, false); // [N, F]
    }

    /** Keeps cell indices inside the level's grid (positions slightly outside the domain clamp to its edge cells). */
    private NDArray clampCorner(NDArray cell, int l, NDManager scope) {
        long[] m = maxCorner[l];
        if (m[0] == m[1] && m[1] == m[2]) return cell.clip(0, m[0]);
        NDArray upper = HostArrays.create(scope, m, new Shape(1, 3));
        return cell.maximum(0).minimum(upper);
    }

    /** Number of learnable values in all tables. */
    public long parameterCount() {
        long n = 0;
        for (long t : tableSize) n += t * spec.features();
        return n;
    }
}
