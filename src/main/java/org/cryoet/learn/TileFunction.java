package org.cryoet.learn;

/**
 * Maps a batch of cubic tiles to a batch of output tiles of the same size: the unit of work of
 * tiled prediction. Implementations: the trained ICECREAM model (two passes with the wedge
 * operator between them), or analytic functions in tests.
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
}
