package org.cryoet.learn.icetide;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * Host-to-engine copies for the ICE-TIDE engine. DJL's PyTorch engine wraps Java buffers with
 * {@code from_blob}; a tensor that autograd keeps for the backward pass must not depend on a Java
 * buffer's lifetime (a garbage collection could free it), so every copy is cloned once into
 * PyTorch-owned storage. For the same reason scalars inside a recorded graph are such owned tensors,
 * never {@code NDArray.mul(Number)}, whose temporary scalar DJL closes right after the operation.
 */
final class Tensors {
    private Tensors() {
    }

    static NDArray floats(NDManager manager, float[] data, Shape shape) {
        ByteBuffer b = ByteBuffer.allocateDirect(4 * data.length).order(ByteOrder.nativeOrder());
        b.asFloatBuffer().put(data);
        try (NDArray wrapped = manager.create(b, shape, DataType.FLOAT32)) {
            return owned(manager, wrapped);
        }
    }

    static NDArray floats(NDManager manager, float[] data) {
        return floats(manager, data, new Shape(data.length));
    }

    static NDArray longs(NDManager manager, long[] data, Shape shape) {
        ByteBuffer b = ByteBuffer.allocateDirect(8 * data.length).order(ByteOrder.nativeOrder());
        b.asLongBuffer().put(data);
        try (NDArray wrapped = manager.create(b, shape, DataType.INT64)) {
            return owned(manager, wrapped);
        }
    }

    static NDArray scalar(NDManager manager, float value) {
        return floats(manager, new float[] {value}, new Shape());
    }

    private static NDArray owned(NDManager manager, NDArray wrapped) {
        NDArray owned = wrapped.duplicate();
        owned.attach(manager);
        return owned;
    }

    /** The values of {@code a} on the host; a temporary CPU copy of a GPU array is closed at once. */
    static float[] toHost(NDArray a) {
        if (a.getDevice().equals(Device.cpu())) return a.toFloatArray();
        try (NDArray onCpu = a.toDevice(Device.cpu(), true)) {
            return onCpu.toFloatArray();
        }
    }
}
