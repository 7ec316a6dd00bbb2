package org.cryoet.learn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

import java.util.function.BiFunction;

/**
 * Maps a batch of cubic tiles to a batch of output tiles of the same size: the unit of work of
 * tiled prediction. Implementations: a trained model's per-tile prediction (given by its
 * {@link TrainingMethod}), or analytic functions in tests.
 */
public interface TileFunction extends AutoCloseable {

    /**
     * @param tiles     {@code batch} tiles of {@code crop}^3 voxels each, concatenated, x fastest
     * @param batch     number of tiles (may be smaller than the preferred batch at the end)
     * @param crop      edge length of each tile
     * @return          outputs in the same layout (a new array)
     */
    float[] apply(float[] tiles, int batch, int crop);

    @Override
    default void close() {
    }

    /**
     * A tile function computing {@code map(x, crop)} on the network's device: the tiles enter as
     * one (B, 1, c, c, c) tensor in a sub-scope of {@code manager} that is closed after the call,
     * so only what {@code map} caches on {@code manager} itself outlives it.
     */
    static TileFunction onDevice(Network network, NDManager manager, BiFunction<NDArray, Integer, NDArray> map) {
        return (tiles, batch, crop) -> {
            network.spec().checkCrop(crop);
            try (NDManager scope = manager.newSubManager()) {
                NDArray x = HostArrays.create(scope, tiles, new Shape(batch, 1, crop, crop, crop));
                return map.apply(x, crop).toFloatArray();
            }
        };
    }
}
