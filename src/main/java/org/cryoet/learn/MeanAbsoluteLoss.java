package org.cryoet.learn;

import ai.djl.ndarray.NDArray;

/** {@code l1}: the mean of the absolute differences over all voxels of the batch. */
public final class MeanAbsoluteLoss implements LossFunction {

    public static final String NAME = "l1";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String title() {
        return "mean absolute error";
    }

    @Override
    public NDArray between(NDArray prediction, NDArray target) {
        LossFunction.checkShapes(prediction, target);
        return prediction.sub(target).abs().mean();
    }
}
