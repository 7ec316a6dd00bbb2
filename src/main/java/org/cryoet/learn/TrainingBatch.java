package org.cryoet.learn;

import ai.djl.ndarray.NDArray;

/**
 * One training batch: crops at the same positions in both halves of one pair, (B, 1, c, c, c),
 * normalised like the halves. The tensors belong to the iteration's scope.
 *
 * @param iteration 1-based iteration this batch is for
 * @param pair      index of the training pair in {@link TrainingSetup#pairs()}
 * @param halfA     crops from half A
 * @param halfB     the same positions in half B
 */
public record TrainingBatch(long iteration, int pair, NDArray halfA, NDArray halfB) {
}
