package org.cryoet.learn;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * What every trainable model built from a list of weight arrays shares: the volume networks
 * ({@link UNet3d}, {@link MsdNetwork}, through {@link WeightArrayNetwork}) and the CryoLithe
 * slice-set network. The arrays live on the model's own manager, are created as PyTorch-owned
 * copies of the host values (never over a Java buffer that a garbage collection could free, see
 * {@link HostArrays}), are read back to the host in forward order, and are updated in place by
 * {@link AdamOptimizer}.
 */
public abstract class WeightArrays implements AutoCloseable {
    protected final NDManager manager;
    protected final NDArray[] weights;

    /**
     * Weights holding PyTorch-owned copies of host values, on a new sub-manager of {@code parent},
     * after checking that there is one array per shape and each has the shape's number of values.
     *
     * @throws IllegalArgumentException if the values do not fit the shapes (nothing is allocated)
     */
    protected WeightArrays(float[][] values, Shape[] shapes, NDManager parent) {
        if (values.length != shapes.length) {
            throw new IllegalArgumentException("expected " + shapes.length + " weight arrays, got " + values.length);
        }
        for (int i = 0; i < shapes.length; i++) {
            if (values[i].length != shapes[i].size()) {
                throw new IllegalArgumentException("weight " + i + " has " + values[i].length + " values, expected "
                        + shapes[i].size());
            }
        }
        this.manager = parent.newSubManager();
        this.weights = new NDArray[shapes.length];
        for (int i = 0; i < shapes.length; i++) weights[i] = HostArrays.create(manager, values[i], shapes[i]);
    }

    public Device device() {
        return manager.getDevice();
    }

    /** The weight arrays in forward order (live: the optimiser updates them in place). */
    public NDArray[] parameters() {
        return weights;
    }

    /** Copies the weights to the host, forward order. */
    public float[][] weightsToHost() {
        float[][] out = new float[weights.length][];
        for (int i = 0; i < weights.length; i++) out[i] = HostArrays.toHost(weights[i]);
        return out;
    }

    /** Marks all weights as trainable (gradients are recorded inside a GradientCollector). */
    public void setRequiresGradient(boolean requires) {
        for (NDArray w : weights) w.setRequiresGradient(requires);
    }

    public void close() {
        manager.close();
    }
}
