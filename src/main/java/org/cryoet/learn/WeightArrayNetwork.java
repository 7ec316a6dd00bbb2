package org.cryoet.learn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * The volume networks built from a list of weight arrays ({@link UNet3d}, {@link MsdNetwork}):
 * {@link WeightArrays} plus float16 casts per pass when half precision is on.
 */
abstract class WeightArrayNetwork extends WeightArrays implements Network {
    protected boolean halfPrecision;

    protected WeightArrayNetwork(float[][] values, Shape[] shapes, NDManager parent) {
        super(values, shapes, parent);
    }

    /**
     * Runs the convolutions in float16 (inputs and weights cast per call, output cast back to
     * float32). Only sensible on a GPU; the trainer keeps the CPU in float32.
     */
    @Override
    public void setHalfPrecision(boolean half) {
        this.halfPrecision = half;
    }

    /** The input as the convolutions take it. */
    protected NDArray toComputeType(NDArray x) {
        return halfPrecision ? x.toType(DataType.FLOAT16, false) : x;
    }

    /** An output back in float32. */
    protected NDArray toFloat32(NDArray out) {
        return halfPrecision ? out.toType(DataType.FLOAT32, false) : out;
    }

    /**
     * Weight i as the convolutions take it. A float16 copy is created per call; it would belong to
     * the weights' manager (a DJL result joins its receiver's manager) and outlive the pass, so
     * it moves to the caller's scope, which frees it with the pass's other tensors.
     */
    protected NDArray weight(int i, NDManager scope) {
        if (!halfPrecision) return weights[i];
        NDArray w = weights[i].toType(DataType.FLOAT16, false);
        w.attach(scope);
        return w;
    }
}
