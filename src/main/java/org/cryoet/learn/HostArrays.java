package org.cryoet.learn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * Host-to-engine copies that own their memory. DJL's PyTorch engine wraps a Java direct buffer
 * with {@code from_blob} and keeps it alive only through the NDArray object that created it;
 * views and in-place results derived from that tensor share the buffer's memory but not the
 * reference, so a garbage collection can free memory that PyTorch still uses (seen as NaN losses
 * under frequent collections, as in Fiji). Cloning once into PyTorch-allocated storage removes the
 * dependence on the Java buffer's lifetime.
 */
final class HostArrays {
    private HostArrays() {
    }

    /** A tensor of the given shape holding a copy of {@code data}, allocated by PyTorch. */
    static NDArray create(NDManager manager, float[] data, Shape shape) {
        try (NDArray wrapped = manager.create(data, shape)) {
            NDArray owned = wrapped.duplicate();
            owned.attach(manager);
            return owned;
        }
    }

    /**
     * A scalar tensor owning its memory. Use it instead of {@code NDArray.mul(Number)} and friends
     * inside a GradientCollector: DJL implements those with a temporary from_blob scalar that it
     * closes right after the operation, while autograd keeps that scalar for the backward pass; a
     * garbage collection in between frees its memory and the gradients become garbage.
     */
    static NDArray scalar(NDManager manager, float value) {
        return create(manager, new float[] {value}, new Shape());
    }
}
