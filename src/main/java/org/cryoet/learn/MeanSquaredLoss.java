package org.cryoet.learn;

import ai.djl.ndarray.NDArray;

/** {@code l2}: the mean of the squared differences over all voxels of the batch. */
public final class MeanSquaredLoss implements LossFunction {

    public static final String NAME = "l2";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String title() {
        return "mean squared error";
    }

    @Override
    public NDArray between(NDArray prediction, NDArray target) {
        LossFunction.checkShapes(prediction, target);
        return prediction.sub(target).square().mean();
    }
}
