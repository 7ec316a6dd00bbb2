package org.cryoet.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Short runs are decoded voxel by voxel, long runs in bulk: both must give the stored values. */
class MrcCodecTest {

    @ParameterizedTest
    @EnumSource(MrcMode.class)
    void shortAndLongRunsDecodeToTheSameValuesInBothByteOrders(MrcMode mode) {
        for (ByteOrder order : new ByteOrder[] {ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN}) {
            int n = 2000;
            Random random = new Random(7);
            float[] values = new float[n];
            for (int i = 0; i < n; i++) values[i] = mode.isInteger() ? random.nextInt(200) - 100 : (float) random.nextGaussian() * 50;
            if (mode == MrcMode.BYTE || mode == MrcMode.USHORT) for (int i = 0; i < n; i++) values[i] = Math.abs(values[i]);
            ByteBuffer buffer = ByteBuffer.allocateDirect(n * mode.bytesPerVoxel() + 16).order(order);
            int start = 8;
            MrcCodec.encode(values, 0, n, mode, buffer, start, new MrcCodec.Stats());

            float[] bulk = new float[n];
            MrcCodec.decode(buffer, start, mode, false, bulk, 0, n);
            float[] rows = new float[n];
            for (int off = 0; off < n; off += 37) {
                MrcCodec.decode(buffer, start + off * mode.bytesPerVoxel(), mode, false, rows, off, Math.min(37, n - off));
            }
            assertArrayEquals(bulk, rows, mode + " " + order);
            // Independent check of the stored value (half floats are rounded when stored).
            float tolerance = mode == MrcMode.HALF ? 0.05f : 0f;
            for (int i = 0; i < n; i += 97) assertEquals(values[i], rows[i], tolerance, mode + " voxel " + i);
        }
    }
}
