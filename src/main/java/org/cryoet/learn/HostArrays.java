package org.cryoet.learn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Host-to-engine copies that own their memory. DJL's PyTorch engine wraps a Java direct buffer
 * with {@code from_blob} and keeps it alive only through the NDArray object that created it;
 * views and in-place results derived from that tensor share the buffer's memory but not the
 * reference, so a garbage collection can free memory that PyTorch still uses (seen as NaN losses
 * under frequent collections, as in Fiji). Cloning once into PyTorch-allocated storage removes the
 * dependence on the Java buffer's lifetime.
 *
 * <p>The copy from the Java array goes through one direct buffer per thread that is reused. DJL
 * would otherwise allocate a fresh direct buffer for every array, which only a garbage collection
 * frees: with a large heap and little Java garbage, those buffers piled up in native memory (two
 * input batches per training iteration, 24 MB per iteration at the reference crop and batch).
 */
public final class HostArrays {
    private HostArrays() {
    }

    /** Largest copy (bytes) staged through the reused buffer; larger ones (weights at load) are one-offs. */
    static final int STAGING_LIMIT = 64 << 20;

    private static final ThreadLocal<ByteBuffer> STAGING = new ThreadLocal<>();

    /**
     * A tensor of the given shape holding a copy of the first {@code shape.size()} values of
     * {@code data} (a reused buffer may be longer, e.g. the last, partial batch of tiles),
     * allocated by PyTorch.
     */
    public static NDArray create(NDManager manager, float[] data, Shape shape) {
        long n = shape.size();
        if (n > data.length) {
            throw new IllegalArgumentException("shape " + shape + " needs " + n + " values, got " + data.length);
        }
        long bytes = 4L * n;
        if (bytes > STAGING_LIMIT) {
            try (NDArray wrapped = manager.create(java.nio.FloatBuffer.wrap(data, 0, (int) n), shape)) {
                return owned(manager, wrapped);
            }
        }
        ByteBuffer staging = staging((int) bytes);
        staging.asFloatBuffer().put(data, 0, (int) n);
        // from_blob over the staging memory, copied at once into PyTorch's own storage, and the
        // wrapper closed before the buffer is used again
        try (NDArray wrapped = manager.create(staging, shape, DataType.FLOAT32)) {
            return owned(manager, wrapped);
        }
    }

    /** A one-dimensional float tensor holding a copy of {@code data}, allocated by PyTorch. */
    public static NDArray create(NDManager manager, float[] data) {
        return create(manager, data, new Shape(data.length));
    }

    /** A one-dimensional int64 tensor holding a copy of {@code data}, allocated by PyTorch. */
    public static NDArray create(NDManager manager, long[] data) {
        return create(manager, data, new Shape(data.length));
    }

    /** An int64 tensor holding a copy of {@code data} (e.g. gather indices), allocated by PyTorch. */
    public static NDArray create(NDManager manager, long[] data, Shape shape) {
        if (shape.size() != data.length) {
            throw new IllegalArgumentException("shape " + shape + " needs " + shape.size() + " values, got " + data.length);
        }
        ByteBuffer b = ByteBuffer.allocateDirect(8 * data.length).order(ByteOrder.nativeOrder());
        b.asLongBuffer().put(data);
        try (NDArray wrapped = manager.create(b, shape, DataType.INT64)) {
            return owned(manager, wrapped);
        }
    }

    private static NDArray owned(NDManager manager, NDArray wrapped) {
        NDArray owned = wrapped.duplicate();
        owned.attach(manager);
        return owned;
    }

    /** This thread's staging buffer, positioned at 0 with exactly {@code bytes} remaining. */
    private static ByteBuffer staging(int bytes) {
        ByteBuffer b = STAGING.get();
        if (b == null || b.capacity() < bytes) {
            b = ByteBuffer.allocateDirect(Math.max(bytes, 1 << 16)).order(ByteOrder.nativeOrder());
            STAGING.set(b);
        }
        b.clear().limit(bytes);
        return b;
    }

    /**
     * A scalar tensor owning its memory. Use it instead of {@code NDArray.mul(Number)} and friends
     * inside a GradientCollector: DJL implements those with a temporary from_blob scalar that it
     * closes right after the operation, while autograd keeps that scalar for the backward pass; a
     * garbage collection in between frees its memory and the gradients become garbage.
     */
    public static NDArray scalar(NDManager manager, float value) {
        return create(manager, new float[] {value}, new Shape());
    }

    /**
     * The values of {@code a} as a Java array. DJL copies a GPU array to the CPU first and
     * registers that copy with the array's manager; for a long-lived array (weights, optimiser
     * moments, read at every checkpoint) the copy is closed here instead of living for the run.
     */
    public static float[] toHost(NDArray a) {
        if (a.getDevice().equals(ai.djl.Device.cpu())) return a.toFloatArray();
        try (NDArray onCpu = a.toDevice(ai.djl.Device.cpu(), true)) {
            return onCpu.toFloatArray();
        }
    }
}
