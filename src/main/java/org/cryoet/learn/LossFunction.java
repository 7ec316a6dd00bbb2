package org.cryoet.learn;

import ai.djl.ndarray.NDArray;

/**
 * A distance between a network output and its training target, the building block of a training
 * method's loss terms. Implementations are found by name in {@link LossFunctions} (registered as
 * {@link java.util.ServiceLoader} services in {@code META-INF/services/org.cryoet.learn.LossFunction}).
 */
public interface LossFunction {

    /** Registry name, lower case (model.json, {@code --loss}). */
    String name();

    /** Name for people (logs, help). */
    String title();

    /**
     * The loss of a batch: a scalar on the device, recorded for autograd. Every tensor created
     * belongs to {@code prediction}'s manager.
     *
     * @param prediction network outputs (B, 1, n, n, n), cubic
     * @param target     targets of the same shape
     */
    NDArray between(NDArray prediction, NDArray target);

    /** Checks that both tensors are (B, C, n, n, n) batches of the same shape. */
    static void checkShapes(NDArray prediction, NDArray target) {
        if (!prediction.getShape().equals(target.getShape()) || prediction.getShape().dimension() != 5) {
            throw new IllegalArgumentException("loss needs two (B, C, Z, Y, X) tensors of one shape, got "
                    + prediction.getShape() + " and " + target.getShape());
        }
    }
}
