package org.cryoet.learn;

import ai.djl.ndarray.NDArray;

/**
 * One training batch: crops at the same positions in both halves of one pair, (B, 1, s, s, s)
 * with s the method's {@link TrainingMethod#sampleCrop sample crop} (by default the network
 * crop), normalised like the halves. The tensors belong to the iteration's scope.
 *
 * @param iteration 1-based iteration this batch is for
 * @param pair      index of the training pair in {@link TrainingSetup#pairs()}
 * @param halfA     crops from half A
 * @param halfB     the same positions in half B
 * @param positions per crop its lowest corner {x0, y0, z0} in the pair's volumes (so a method can
 *                  read the same region from data it keeps itself); null when the crop sampler
 *                  does not report positions
 */
public record TrainingBatch(long iteration, int pair, NDArray halfA, NDArray halfB, int[][] positions) {

    /** A batch without crop positions. */
    public TrainingBatch(long iteration, int pair, NDArray halfA, NDArray halfB) {
        this(iteration, pair, halfA, halfB, null);
    }
}
