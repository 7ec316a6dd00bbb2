package org.cryoet.learn;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;

import static org.junit.jupiter.api.Assertions.*;

class HostArraysTest {

    private static float[] ramp(int n, float offset) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = offset + i;
        return a;
    }

    private static long directBytes() {
        for (BufferPoolMXBean b : ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class)) {
            if (b.getName().equals("direct")) return b.getMemoryUsed();
        }
        throw new AssertionError("no direct buffer pool");
    }

    @Test
    void arraysOwnTheirMemoryAlthoughTheStagingBufferIsReused() {
        try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
            NDArray first = HostArrays.create(m, ramp(1000, 0), new Shape(10, 100));
            NDArray second = HostArrays.create(m, ramp(1000, 5000), new Shape(1000));
            NDArray small = HostArrays.create(m, ramp(7, -3), new Shape(7));
            // later copies went through the same staging memory: the first array must not see them
            assertArrayEquals(ramp(1000, 0), first.toFloatArray());
            assertArrayEquals(ramp(1000, 5000), second.toFloatArray());
            assertArrayEquals(ramp(7, -3), small.toFloatArray());
            assertEquals(new Shape(10, 100), first.getShape());
            assertThrows(IllegalArgumentException.class, () -> HostArrays.create(m, new float[3], new Shape(2, 2)));
            // a longer array (a reused batch buffer): its first values
            assertArrayEquals(ramp(4, 9), HostArrays.create(m, ramp(10, 9), new Shape(2, 2)).toFloatArray());
        }
    }

    @Test
    void repeatedCopiesDoNotAllocateDirectBuffers() {
        float[] batch = ramp(2 * 32 * 32 * 32, 1);
        try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
            HostArrays.create(m, batch, new Shape(2, 1, 32, 32, 32)).close();
            long before = directBytes();
            for (int i = 0; i < 50; i++) {
                try (NDArray a = HostArrays.create(m, batch, new Shape(2, 1, 32, 32, 32))) {
                    assertEquals(batch[batch.length - 1], a.getFloat(1, 0, 31, 31, 31));
                }
            }
            // 50 copies of 256 KiB: a fresh direct buffer each would add 12.5 MiB until a GC
            assertTrue(directBytes() - before < 1 << 20, "direct memory grew by " + (directBytes() - before));
        }
    }
}
