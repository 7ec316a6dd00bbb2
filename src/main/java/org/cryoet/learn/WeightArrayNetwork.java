package org.cryoet.learn;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;

/**
 * What the networks built from a list of weight arrays share ({@link UNet3d}, {@link MsdNetwork}):
 * the arrays live on the network's own manager, are read back to the host in forward order, and
 * are cast to float16 per pass when half precision is on.
 */
abstract class WeightArrayNetwork implements Network {
    protected final NDManager manager;
    protected final NDArray[] weights;
    protected boolean halfPrecision;

    protected WeightArrayNetwork(NDManager manager, NDArray[] weights) {
        this.manager = manager;
        this.weights = weights;
    }

    @Override
    public Device device() {
        return manager.getDevice();
    }

    /** The weight arrays in forward order (live: the optimiser updates them in place). */
    @Override
    public NDArray[] parameters() {
        return weights;
    }

    /** Copies the weights to the host, forward order. */
    @Override
    public float[][] weightsToHost() {
        float[][] out = new float[weights.length][];
        for (int i = 0; i < weights.length; i++) out[i] = HostArrays.toHost(weights[i]);
        return out;
    }

    /** Marks all weights as trainable (gradients are recorded inside a GradientCollector). */
    @Override
    public void setRequiresGradient(boolean requires) {
        for (NDArray w : weights) w.setRequiresGradient(requires);
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

    @Override
    public void close() {
        manager.close();
    }
}
