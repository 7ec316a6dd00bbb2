package org.cryoet.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.cryoet.util.CryoEtException;
import org.cryoet.volume.Calibration;
import org.cryoet.volume.Statistics;
import org.cryoet.volume.Volume;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Our writer read back by our reader: exact values per mode, header fields, rounding and clamping. */
class MrcRoundTripTest {
    static final Calibration CAL = new Calibration(1.25, 2.5, 3.75, -12.5, 7.0, 100.25);

    @TempDir
    Path dir;

    /** Values exactly representable in {@code mode} (7 x 6 x 5, with negatives where allowed). */
    static Volume sample(MrcMode mode) {
        Volume v = Volume.create(7, 6, 5, CAL);
        float[] d = v.data();
        for (int i = 0; i < d.length; i++) {
            d[i] = switch (mode) {
                case BYTE -> (i % 256) - 128;
                case SHORT, COMPLEX_SHORT -> i * 151 - 20000;
                case USHORT -> i * 311;
                case HALF -> (i - 100) * 0.0625f;
                case FLOAT, COMPLEX_FLOAT -> (float) Math.sin(i * 0.37) * 1e3f + 1e-5f * i;
            };
        }
        return v;
    }

    @ParameterizedTest
    @EnumSource(value = MrcMode.class, names = {"BYTE", "SHORT", "FLOAT", "COMPLEX_FLOAT", "USHORT", "HALF"})
    void everyWrittenModeReadsBackExactly(MrcMode mode) {
        for (boolean stack : new boolean[] {false, true}) {
            for (ByteOrder order : new ByteOrder[] {ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN}) {
                Volume v = sample(mode);
                Path p = dir.resolve(mode + "_" + stack + "_" + order + ".mrc");
                long clamped = MrcWriter.write(p, v, MrcWriter.Options.of(mode, stack).withByteOrder(order), false);
                assertEquals(0, clamped);
                assertEquals(1024 + v.size() * mode.bytesPerVoxel(), sizeOf(p));

                MrcHeader h = MrcReader.readHeader(p);
                assertEquals(mode, h.mode());
                assertEquals(order, h.byteOrder());
                assertEquals(order == ByteOrder.BIG_ENDIAN ? 0x1111 : 0x4444, h.machineStamp());
                assertEquals("MAP", h.mapString().strip());
                assertEquals(20141, h.nversion());
                assertEquals(stack ? 0 : 1, h.ispg());
                assertEquals(stack ? 1 : 5, h.mz());
                assertEquals(stack, h.isStack(p));
                assertEquals(0, h.nsymbt());
                assertEquals(1, h.labels().size());
                assertTrue(h.labels().get(0).startsWith("Written by " + MrcWriter.SOFTWARE));
                assertTrue(h.originIsMrc2014());

                Volume r = MrcReader.read(p);
                assertArrayEquals(v.data(), r.data(), 0f);
                assertEquals(CAL.voxelX(), r.calibration().voxelX(), 1e-6);
                assertEquals(CAL.voxelY(), r.calibration().voxelY(), 1e-6);
                assertEquals(CAL.voxelZ(), r.calibration().voxelZ(), 1e-6);
                assertEquals(CAL.originX(), r.calibration().originX(), 0);
                assertEquals(CAL.originY(), r.calibration().originY(), 0);
                assertEquals(CAL.originZ(), r.calibration().originZ(), 0);

                Statistics s = Statistics.of(v.data());
                if (mode.isComplex()) {
                    assertTrue(h.statsUndetermined());
                } else {
                    assertEquals((float) s.min(), h.dmin(), 0f);
                    assertEquals((float) s.max(), h.dmax(), 0f);
                    assertEquals(s.mean(), h.dmean(), 1e-5 * (1 + Math.abs(s.mean())));
                }
                if (mode == MrcMode.HALF) {
                    assertEquals(-1f, h.rms(), 0f); // not determined: see MrcStreamWriter.commit
                } else {
                    assertEquals(s.std(), h.rms(), 1e-5 * s.std());
                }
            }
        }
    }

    @Test
    void integerModesRoundAndClampAndCount() {
        Volume v = Volume.wrap(new float[] {2.5f, -2.5f, 2.4f, 300f, -300f, Float.NaN, 127.4f, -128.6f}, 8, 1, 1,
                Calibration.UNIT);
        Path p = dir.resolve("b.mrc");
        long clamped = MrcWriter.write(p, v, MrcMode.BYTE, false, false);
        // 300 -> 127, -300 -> -128, NaN -> 0, -128.6 -> -129 -> -128
        assertEquals(4, clamped);
        assertArrayEquals(new float[] {3, -2, 2, 127, -128, 0, 127, -128}, MrcReader.read(p).data(), 0f);

        Path u = dir.resolve("u.mrc");
        assertEquals(3, MrcWriter.write(u, Volume.wrap(new float[] {-1, 70000, 65535.4f, 0.5f, Float.NaN}, 5, 1, 1,
                Calibration.UNIT), MrcMode.USHORT, false, false));
        assertArrayEquals(new float[] {0, 65535, 65535, 1, 0}, MrcReader.read(u).data(), 0f);
    }

    @Test
    void halfFloatRoundsToNearestEvenAndClamps() {
        float oneUlp = 0x1p-10f;
        float[] in = {1 + oneUlp / 2, 1 + 3 * oneUlp / 2, 70000f, -1e6f, 1e-8f, 0x1p-24f, 0x1.8p-24f, 65504f,
            Float.NaN, Float.POSITIVE_INFINITY};
        Path p = dir.resolve("h.mrc");
        long clamped = MrcWriter.write(p, Volume.wrap(in, in.length, 1, 1, Calibration.UNIT), MrcMode.HALF, false,
                false);
        assertEquals(3, clamped); // 70000, -1e6 and +Inf clamp to +-65504; NaN stays NaN
        float[] r = MrcReader.read(p).data();
        assertEquals(1f, r[0], 0f); // tie -> even
        assertEquals(1 + 2 * oneUlp, r[1], 0f); // tie -> even (up)
        assertEquals(65504f, r[2], 0f);
        assertEquals(-65504f, r[3], 0f);
        assertEquals(0f, r[4], 0f);
        assertEquals(0x1p-24f, r[5], 0f); // smallest subnormal
        assertEquals(0x1p-23f, r[6], 0f); // 1.5 ulp rounds to even (2 ulp)
        assertEquals(65504f, r[7], 0f);
        assertTrue(Float.isNaN(r[8]));
        assertEquals(65504f, r[9], 0f);
    }

    @Test
    void halfFloatConversionMatchesExhaustiveDecode() {
        // every finite half value survives float -> half -> float exactly
        for (int h = 0; h < 65536; h++) {
            float f = HalfFloat.toFloat((short) h);
            if (Float.isNaN(f)) continue;
            assertEquals((short) h == (short) 0x8000 ? (short) 0x8000 : (short) h, HalfFloat.fromFloat(f),
                    "half 0x" + Integer.toHexString(h));
        }
        assertEquals(1.0f, HalfFloat.toFloat((short) 0x3c00), 0f);
        assertEquals(-2.0f, HalfFloat.toFloat((short) 0xc000), 0f);
        assertEquals(65504f, HalfFloat.toFloat((short) 0x7bff), 0f);
    }

    @Test
    void halfFloatFastPathAgreesWithReferenceConversion() {
        java.util.Random r = new java.util.Random(12);
        for (int k = 0; k < 2_000_000; k++) {
            // random bit patterns, half of them concentrated in and around the half range
            int bits = k % 2 == 0 ? r.nextInt() : (r.nextInt() & 0x80000000) | (0x33000000 + r.nextInt(0x15000000));
            assertEquals(HalfFloat.fromFloatSlow(bits), HalfFloat.fromFloat(Float.intBitsToFloat(bits)),
                    "float bits 0x" + Integer.toHexString(bits));
        }
        // and exactly at the boundaries
        for (float f : new float[] {0x1p-14f, Math.nextDown(0x1p-14f), 65504f, 65519.996f, 65520f, 65536f}) {
            int bits = Float.floatToRawIntBits(f);
            assertEquals(HalfFloat.fromFloatSlow(bits), HalfFloat.fromFloat(f), Float.toString(f));
        }
    }

    @Test
    void wrongOrMissingMachineStampsAreDetectedFromTheHeader() throws Exception {
        Volume v = sample(MrcMode.SHORT);
        for (ByteOrder order : new ByteOrder[] {ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN}) {
            Path p = dir.resolve("stamp-" + order + ".mrc");
            MrcWriter.write(p, v, MrcWriter.Options.of(MrcMode.SHORT, false).withByteOrder(order), false);
            byte[] b = Files.readAllBytes(p);
            for (byte[] stamp : new byte[][] {{0, 0}, {0x11, 0x11}, {0x44, 0x44}, {0x20, 0x20}}) {
                b[212] = stamp[0];
                b[213] = stamp[1];
                Files.write(p, b);
                MrcHeader h = MrcReader.readHeader(p);
                assertEquals(order, h.byteOrder(), "stamp " + stamp[0]);
                assertArrayEquals(v.data(), MrcReader.read(p).data(), 0f);
            }
        }
    }

    @Test
    void readReportsProgressAndHonoursCancellation() {
        Volume v = Volume.create(1024, 1024, 6, CAL); // 24 MB float32: three 8 MB pieces
        Path p = dir.resolve("p.mrc");
        MrcWriter.write(p, v, false, false);
        java.util.concurrent.atomic.AtomicLong last = new java.util.concurrent.atomic.AtomicLong();
        MrcReader.read(p, (stage, done, total) -> {
            assertEquals(3, total);
            last.accumulateAndGet(done, Math::max);
        });
        assertEquals(3, last.get());
        org.cryoet.util.Progress cancelled = new org.cryoet.util.Progress() {
            @Override
            public void update(String stage, long done, long total) {
            }

            @Override
            public boolean isCancelled() {
                return true;
            }
        };
        assertThrows(org.cryoet.util.CancelledException.class, () -> MrcReader.read(p, cancelled));
    }

    @Test
    void existingTargetsAndInputsAreRefused() throws Exception {
        Volume v = sample(MrcMode.FLOAT);
        Path p = dir.resolve("v.mrc");
        MrcWriter.write(p, v, false, false);
        CryoEtException e = assertThrows(CryoEtException.class, () -> MrcWriter.write(p, v, false, false));
        assertTrue(e.getMessage().contains("already exists"), e.getMessage());
        MrcWriter.write(p, v, false, true); // overwrite allowed
        e = assertThrows(CryoEtException.class, () -> MrcWriter.write(p, v, false, true, p));
        assertTrue(e.getMessage().contains("input"), e.getMessage());
        // legacy signatures: write() replaces, writeStack() writes ISPG 0
        MrcWriter.writeStack(p, v);
        assertTrue(MrcReader.readHeader(p).isStack(p));
        MrcWriter.write(p, v);
        assertFalse(MrcReader.readHeader(p).isStack(p));
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count(), "no temporary files left behind");
        }
    }

    @Test
    void inputLabelsAreKeptAndOursAppended() {
        Volume v = sample(MrcMode.FLOAT);
        Path p = dir.resolve("l.mrc");
        MrcWriter.write(p, v, MrcWriter.Options.of(MrcMode.FLOAT, false)
                .withLabels(List.of("tilt series from the microscope", "  ", "aligned")), false);
        List<String> l = MrcReader.readHeader(p).labels();
        assertEquals(3, l.size());
        assertEquals("tilt series from the microscope", l.get(0));
        assertEquals("aligned", l.get(1));
        assertTrue(l.get(2).startsWith("Written by"));
        // ten labels in: the first is kept, the oldest after it dropped, ours last
        List<String> ten = new java.util.ArrayList<>();
        for (int i = 0; i < 10; i++) ten.add("label " + i);
        List<String> out = MrcWriter.labelsToWrite(ten);
        assertEquals(10, out.size());
        assertEquals("label 0", out.get(0));
        assertEquals("label 2", out.get(1));
        assertEquals("label 9", out.get(8));
    }

    @Test
    void extendedHeaderIsWrittenAndSkipped() {
        Volume v = sample(MrcMode.SHORT);
        byte[] ext = new byte[200];
        for (int i = 0; i < ext.length; i++) ext[i] = (byte) i;
        Path p = dir.resolve("e.mrc");
        MrcWriter.write(p, v, MrcWriter.Options.of(MrcMode.SHORT, true)
                .withExtendedHeader(new MrcWriter.ExtendedHeader("SERI", ext, 4, 1)), false);
        MrcHeader h = MrcReader.readHeader(p);
        assertEquals(200, h.nsymbt());
        assertEquals("SERI", h.exttyp());
        assertEquals(4, h.nint());
        assertEquals(1, h.nreal());
        assertArrayEquals(ext, MrcReader.readExtendedHeader(p));
        assertArrayEquals(v.data(), MrcReader.read(p).data(), 0f);
        CryoEtException e = assertThrows(CryoEtException.class, () -> MrcWriter.write(dir.resolve("x.mrc"), v,
                MrcWriter.Options.of(MrcMode.SHORT, true).withExtendedHeader(
                        new MrcWriter.ExtendedHeader("ABCD", ext, 0, 0)), false));
        assertTrue(e.getMessage().contains("ABCD"));
    }

    private static long sizeOf(Path p) {
        try {
            return Files.size(p);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }
}
