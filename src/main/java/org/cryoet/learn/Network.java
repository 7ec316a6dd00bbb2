package org.cryoet.learn;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;

/**
 * A trainable network as the training loop and prediction see it: a forward pass on
 * (B, 1, Z, Y, X) tensors and a list of weight arrays. Concrete networks ({@link UNet3d}) are
 * built from a {@link NetworkSpec}.
 */
public interface Network extends AutoCloseable {

    /** The type and parameters this network was built from. */
    NetworkSpec spec();

    Device device();

    /**
     * Forward pass.
     *
     * @param x (B, 1, Z, Y, X) float32, spatial edges multiples of {@link NetworkSpec#sizeDivisor()}
     * @return (B, 1, Z, Y, X) float32, attached to the input's manager
     */
    NDArray forward(NDArray x);

    /** The weight arrays in forward order (live: the optimiser updates them in place). */
    NDArray[] parameters();

    /** Copies the weights to the host, forward order. */
    float[][] weightsToHost();

    /** Marks all weights as trainable (gradients are recorded inside a GradientCollector). */
    void setRequiresGradient(boolean requires);

    /** Runs the network's arithmetic in float16 where the device supports it (inputs and outputs stay float32). */
    void setHalfPrecision(boolean half);

    @Override
    void close();
}
