package org.cryoet.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.function.IntToDoubleFunction;

import org.cryoet.volume.Calibration;
import org.cryoet.volume.Volume;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Files written by CCP-EM mrcfile (src/test/resources/mrc-fixtures/make_fixtures.py) read by our
 * reader: exact values, dimensions, voxel size, origin, header fields. Voxel i = x + 5y + 20z.
 */
class MrcFixtureTest {
    static final Path DIR = Path.of("src/test/resources/mrc-fixtures");
    static final int NX = 5, NY = 4, NZ = 3;

    /** The value make_fixtures.py stores for voxel i in each mode (complex: real part). */
    static IntToDoubleFunction expected(int mode) {
        return switch (mode) {
            case 0 -> i -> i - 30;
            case 1 -> i -> 100 * i - 3000;
            case 2 -> i -> (float) ((i - 20) * 0.37);
            case 4 -> i -> (i - 20) * 0.5;
            case 6 -> i -> 1000 * i;
            case 12 -> i -> (i - 20) * 0.125;
            default -> throw new IllegalArgumentException();
        };
    }

    static float[] expectedValues(int mode, int n) {
        float[] e = new float[n];
        IntToDoubleFunction f = expected(mode);
        for (int i = 0; i < n; i++) e[i] = (float) f.applyAsDouble(i);
        return e;
    }

    static void assertStandardCalibration(Calibration c) {
        assertEquals(1.5, c.voxelX(), 1e-6);
        assertEquals(2.5, c.voxelY(), 1e-6);
        assertEquals(3.5, c.voxelZ(), 1e-6);
        assertEquals(10, c.originX(), 0);
        assertEquals(20, c.originY(), 0);
        assertEquals(30, c.originZ(), 0);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "mode0_le.mrc, 0, LE, 0, ''", "mode0_be_handmade.mrc, 0, BE, 0, ''", "mode0_le_ext.mrc, 0, LE, 384, AGAR",
            "mode1_le.mrc, 1, LE, 0, ''", "mode1_be.mrc, 1, BE, 0, ''", "mode1_le_ext.mrc, 1, LE, 384, AGAR",
            "mode2_le.mrc, 2, LE, 0, ''", "mode2_be.mrc, 2, BE, 0, ''", "mode2_le_ext.mrc, 2, LE, 384, AGAR",
            "mode2_be_ext.mrc, 2, BE, 384, AGAR",
            "mode4_le.mrc, 4, LE, 0, ''", "mode4_be.mrc, 4, BE, 0, ''", "mode4_le_ext.mrc, 4, LE, 384, AGAR",
            "mode6_le.mrc, 6, LE, 0, ''", "mode6_be.mrc, 6, BE, 0, ''", "mode6_le_ext.mrc, 6, LE, 384, AGAR",
            "mode12_le.mrc, 12, LE, 0, ''", "mode12_be.mrc, 12, BE, 0, ''", "mode12_le_ext.mrc, 12, LE, 384, AGAR"})
    void modesByteOrdersAndExtendedHeaders(String name, int mode, String order, int nsymbt, String exttyp) {
        Path p = DIR.resolve(name);
        MrcHeader h = MrcReader.readHeader(p);
        assertEquals(mode, h.modeCode());
        assertEquals(order.equals("BE") ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN, h.byteOrder());
        assertEquals(order.equals("BE") ? 0x1111 : 0x4444, h.machineStamp());
        assertEquals(nsymbt, h.nsymbt());
        assertEquals(exttyp, h.exttyp());
        assertEquals(20141, h.nversion());
        assertEquals("MAP", h.mapString().strip());
        assertEquals(1, h.ispg());
        assertEquals(NZ, h.mz());
        assertFalse(h.isStack(p));
        assertFalse(h.unsignedBytes());
        assertTrue(h.labels().get(0).startsWith("Created by mrcfile.py"), h.labels().toString());

        Volume v = MrcReader.read(p);
        assertEquals(NX, v.nx());
        assertEquals(NY, v.ny());
        assertEquals(NZ, v.nz());
        assertStandardCalibration(v.calibration());
        float[] e = expectedValues(mode, NX * NY * NZ);
        assertArrayEquals(e, v.data(), 0f);
        assertEquals(e[7 + 0], v.get(2, 1, 0), 0f);
        if (mode != 4) {
            // mrcfile's update_header_stats: exact min/max of the stored values
            assertEquals(e[0], h.dmin(), 0f);
            assertEquals(e[e.length - 1], h.dmax(), 0f);
        }

        try (MappedMrc m = MrcReader.open(p)) {
            float[] s = new float[NX * NY];
            for (int z = 0; z < NZ; z++) {
                m.readSection(z, s);
                for (int i = 0; i < s.length; i++) assertEquals(e[z * NX * NY + i], s[i], 0f);
            }
            assertEquals(e[3 + 5 * 2 + 20 * 1], m.get(3, 2, 1), 0f);
            assertArrayEquals(e, m.readAll().data(), 0f);
        }
    }

    @Test
    void imageStackIspg0() {
        Path p = DIR.resolve("stack_mode2.mrcs");
        MrcHeader h = MrcReader.readHeader(p);
        assertEquals(0, h.ispg());
        assertEquals(1, h.mz());
        assertTrue(h.isStack(p));
        Volume v = MrcReader.read(p);
        assertStandardCalibration(v.calibration());
        assertArrayEquals(expectedValues(2, NX * NY * NZ), v.data(), 0f);
    }

    @Test
    void fei1ExtendedHeaderBigEndianStack() {
        Path p = DIR.resolve("fei1_mode6_be_stack.mrc");
        MrcHeader h = MrcReader.readHeader(p);
        assertEquals("FEI1", h.exttyp());
        assertEquals(ByteOrder.BIG_ENDIAN, h.byteOrder());
        // three FEI1 metadata blocks of 768 bytes each (mrcfile 1.4.3 dtype)
        assertEquals(3 * 768, h.nsymbt());
        assertEquals(3 * 768, MrcReader.readExtendedHeader(p).length);
        assertTrue(h.isStack(p));
        Volume v = MrcReader.read(p);
        assertStandardCalibration(v.calibration());
        assertArrayEquals(expectedValues(6, NX * NY * NZ), v.data(), 0f);
    }

    @Test
    void volumeStackIsReadAsConsecutiveSections() {
        Path p = DIR.resolve("volstack_ispg401.mrc");
        MrcHeader h = MrcReader.readHeader(p);
        assertEquals(401, h.ispg());
        assertEquals(3, h.mz());
        assertFalse(h.isStack(p));
        Volume v = MrcReader.read(p);
        assertEquals(6, v.nz());
        float[] e = expectedValues(2, 60);
        for (int i = 0; i < 60; i++) {
            assertEquals(e[i], v.data()[i], 0f);
            assertEquals(e[i] + 100f, v.data()[60 + i], 0f);
        }
    }

    @Test
    void imodUnsignedBytesFlag() {
        Path p = DIR.resolve("imod_unsigned_mode0.mrc");
        MrcHeader h = MrcReader.readHeader(p);
        assertTrue(h.imodStamp());
        assertEquals(4, h.imodFlags());
        assertTrue(h.unsignedBytes());
        Volume v = MrcReader.read(p);
        for (int i = 0; i < 60; i++) assertEquals(4 * i, v.data()[i], 0f);
        try (MappedMrc m = MrcReader.open(p)) {
            assertEquals(4 * 59, m.get(4, 3, 2), 0f);
        }
        // the signed (MRC2014) reading of the same bytes would be negative above 127: control
        Volume signed = MrcReader.read(DIR.resolve("mode0_le.mrc"));
        assertEquals(29, signed.get(4, 3, 2), 0f);
    }

    @Test
    void legacyImodHeaderNversion0Ispg0Volume() {
        Path p = DIR.resolve("imod_legacy_nversion0.mrc");
        MrcHeader h = MrcReader.readHeader(p);
        assertEquals(0, h.nversion());
        assertEquals(0, h.ispg());
        assertEquals(NZ, h.mz());
        assertEquals(0x4441, h.machineStamp());
        assertEquals(ByteOrder.LITTLE_ENDIAN, h.byteOrder());
        assertEquals(6, h.nsymbt());
        assertEquals("", h.exttyp());
        assertEquals(2, h.nint());
        assertEquals(1, h.nreal());
        assertTrue(h.imodStamp());
        assertFalse(h.originIsMrc2014());
        // ISPG 0 with MZ = NZ (IMOD's way) is a volume unless the name says stack
        assertFalse(h.isStack(p));
        assertTrue(h.isStack(Path.of("tilts.st")));
        assertEquals(-10f, h.originX(), 0f);
        Volume v = MrcReader.read(p);
        // stored origin has IMOD's sign: the MRC2014 origin is its negative
        assertStandardCalibration(v.calibration());
        assertArrayEquals(expectedValues(1, 60), v.data(), 0f);
    }
}
