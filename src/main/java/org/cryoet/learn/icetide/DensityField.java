package org.cryoet.learn.icetide;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * A volume that can be evaluated at arbitrary points inside a recorded graph: the implicit network,
 * or (in tests) a fixed voxel grid.
 */
public interface DensityField {
    /**
     * Density at points {@code [N, 3]} given as centred voxel coordinates (x, y, z), 0 at the volume
     * centre; result {@code [N]}. Every result belongs to {@code scope}.
     */
    NDArray density(NDArray points, NDManager scope);
}
