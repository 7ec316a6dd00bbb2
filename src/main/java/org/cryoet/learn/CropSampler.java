package org.cryoet.learn;

/**
 * Source of training batches (implemented by {@link SubtomogramSampler}): paired crops at identical positions in the two normalised halves
 * of one tomogram pair. Its random state can be saved and restored so that a resumed training
 * draws exactly the crops an uninterrupted one would have drawn.
 */
public interface CropSampler {

    int pairCount();

    /**
     * Fills {@code a} and {@code b} with {@code batch} crops of {@code crop}^3 voxels (x fastest,
     * crop after crop) from halves A and B of pair {@code pair}.
     */
    void sample(int pair, int batch, int crop, float[] a, float[] b);

    /**
     * As {@link #sample}, returning the lowest corner {x0, y0, z0} of each crop, or null if this
     * sampler does not know them (the default). Draws exactly what {@link #sample} would draw.
     */
    default int[][] sampleWithPositions(int pair, int batch, int crop, float[] a, float[] b) {
        sample(pair, batch, crop, a, b);
        return null;
    }

    /** Fills {@code a} with the crop of half A of pair {@code pair} starting at (x0, y0, z0). */
    void crop(int pair, int x0, int y0, int z0, int crop, float[] a, boolean halfB);

    /** Size of pair {@code pair}: {nx, ny, nz}. */
    int[] size(int pair);

    /** How the halves are normalised before cropping, as recorded in model.json ({@link ModelInfo#normalization()}). */
    String normalization();

    /** The random generator state. */
    long[] state();

    void restore(long[] state);
}
