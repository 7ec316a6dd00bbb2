package org.cryoet.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import net.imglib2.Cursor;
import net.imglib2.RandomAccess;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.real.FloatType;

import org.cryoet.util.CryoEtException;
import org.cryoet.volume.Calibration;
import org.cryoet.volume.Statistics;
import org.cryoet.volume.Volume;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Memory-mapped reading (sections, slabs, boxes, ImgLib2 view, several buffers) and streamed writing. */
class MappedMrcTest {
    static final Calibration CAL = new Calibration(2, 2, 3, 5, 6, 7);

    @TempDir
    Path dir;

    static Volume random(int nx, int ny, int nz, long seed) {
        Random r = new Random(seed);
        Volume v = Volume.create(nx, ny, nz, CAL);
        for (int i = 0; i < v.data().length; i++) v.data()[i] = (float) r.nextGaussian() * 10 + 3;
        return v;
    }

    @Test
    void mappedAccessMatchesInMemoryReadForEveryModeAndBufferSplit() {
        Volume v = random(13, 11, 9, 1);
        for (MrcMode mode : new MrcMode[] {MrcMode.FLOAT, MrcMode.HALF, MrcMode.SHORT, MrcMode.BYTE}) {
            for (ByteOrder order : new ByteOrder[] {ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN}) {
                Path p = dir.resolve(mode + "_" + order + ".mrc");
                MrcWriter.write(p, v, MrcWriter.Options.of(mode, false).withByteOrder(order), true);
                Volume ref = MrcReader.read(p);
                long section = 13L * 11 * mode.bytesPerVoxel();
                // whole file in one buffer, and 2 sections per buffer (5 buffers)
                for (long max : new long[] {Integer.MAX_VALUE, 2 * section + 1}) {
                    try (MappedMrc m = MappedMrc.open(p, max)) {
                        assertEquals(max == Integer.MAX_VALUE ? 1 : 5, m.bufferCount());
                        for (int z = 0; z < 9; z++) {
                            for (int y = 0; y < 11; y++) {
                                for (int x = 0; x < 13; x++) assertEquals(ref.get(x, y, z), m.get(x, y, z), 0f);
                            }
                        }
                        float[] s = new float[13 * 11];
                        m.readSection(8, s);
                        assertArrayEquals(ref.section(8), s, 0f);
                        Volume slab = m.readSlab(3, 4);
                        assertEquals(4, slab.nz());
                        for (int i = 0; i < slab.data().length; i++) {
                            assertEquals(ref.data()[3 * 13 * 11 + i], slab.data()[i], 0f);
                        }
                        // a slab is a sub-volume: origin moves by z0 voxels (MRC2014 ORIGIN semantics)
                        assertEquals(CAL.originZ() + 3 * CAL.voxelZ(), slab.calibration().originZ(), 1e-12);
                        assertEquals(CAL.originX(), slab.calibration().originX(), 0);
                        assertArrayEquals(ref.data(), m.readAll().data(), 0f);
                        assertEquals(CAL, m.readAll().calibration());
                    }
                }
            }
        }
    }

    @Test
    void readBoxFillsOutsideVoxels() {
        Volume v = random(10, 8, 6, 2);
        Path p = dir.resolve("b.mrc");
        MrcWriter.write(p, v, false, true);
        try (MappedMrc m = MrcReader.open(p)) {
            float[] box = new float[4 * 3 * 2];
            m.readBox(2, 3, 1, 4, 3, 2, box);
            for (int k = 0; k < 2; k++) {
                for (int j = 0; j < 3; j++) {
                    for (int i = 0; i < 4; i++) assertEquals(v.get(2 + i, 3 + j, 1 + k), box[i + 4 * (j + 3 * k)], 0f);
                }
            }
            // a box overlapping every face: inside voxels copied, outside ones = fill value
            int sx = 14, sy = 12, sz = 10;
            float[] big = new float[sx * sy * sz];
            m.readBox(-2, -2, -2, sx, sy, sz, big, -99f);
            int outside = 0;
            for (int k = 0; k < sz; k++) {
                for (int j = 0; j < sy; j++) {
                    for (int i = 0; i < sx; i++) {
                        int x = i - 2, y = j - 2, z = k - 2;
                        float got = big[i + sx * (j + sy * k)];
                        if (x >= 0 && x < 10 && y >= 0 && y < 8 && z >= 0 && z < 6) {
                            assertEquals(v.get(x, y, z), got, 0f);
                        } else {
                            assertEquals(-99f, got, 0f);
                            outside++;
                        }
                    }
                }
            }
            assertEquals(sx * sy * sz - 10 * 8 * 6, outside);
            // entirely outside: all zero by default
            float[] away = new float[8];
            java.util.Arrays.fill(away, 5f);
            m.readBox(100, 0, 0, 2, 2, 2, away);
            assertArrayEquals(new float[8], away, 0f);
        }
    }

    @Test
    void imglib2ViewReadsTheMapping() {
        Volume v = random(9, 7, 5, 3);
        Path p = dir.resolve("i.mrc");
        MrcWriter.write(p, v, MrcWriter.Options.of(MrcMode.FLOAT, false).withByteOrder(ByteOrder.BIG_ENDIAN), true);
        try (MappedMrc m = MrcReader.open(p)) {
            RandomAccessibleInterval<FloatType> img = m.img();
            assertEquals(3, img.numDimensions());
            assertEquals(9, img.dimension(0));
            assertEquals(7, img.dimension(1));
            assertEquals(5, img.dimension(2));
            RandomAccess<FloatType> ra = img.randomAccess();
            ra.setPosition(new long[] {4, 5, 3});
            assertEquals(v.get(4, 5, 3), ra.get().get(), 0f);
            ra.fwd(0);
            assertEquals(v.get(5, 5, 3), ra.get().get(), 0f);
            RandomAccess<FloatType> copy = ra.copy();
            ra.bck(2);
            assertEquals(v.get(5, 5, 2), ra.get().get(), 0f);
            assertEquals(v.get(5, 5, 3), copy.get().get(), 0f);
            // the default flat cursor visits every voxel in x-fastest order
            Cursor<FloatType> c = img.cursor();
            int i = 0;
            while (c.hasNext()) {
                assertEquals(v.data()[i++], c.next().get(), 0f);
            }
            assertEquals(v.data().length, i);
            FloatType t = ra.get();
            assertThrows(UnsupportedOperationException.class, () -> t.set(1f));
        }
    }

    @Test
    void closedFileCannotBeUsed() {
        Path p = dir.resolve("c.mrc");
        MrcWriter.write(p, random(3, 3, 3, 4), false, true);
        MappedMrc m = MrcReader.open(p);
        m.close();
        assertThrows(IllegalStateException.class, () -> m.get(0, 0, 0));
    }

    @Test
    void statisticsStreamOverTheMapping() {
        Volume v = random(31, 17, 12, 5);
        Path p = dir.resolve("s.mrc");
        MrcWriter.write(p, v, false, true);
        Statistics ref = Statistics.of(v.data());
        try (MappedMrc m = MrcReader.open(p)) {
            Statistics s = m.statistics(org.cryoet.util.Progress.NONE);
            assertEquals(ref.min(), s.min(), 0);
            assertEquals(ref.max(), s.max(), 0);
            assertEquals(ref.mean(), s.mean(), 1e-9 * Math.abs(ref.mean()) + 1e-12);
            assertEquals(ref.std(), s.std(), 1e-9 * ref.std());
            assertEquals(0, s.nonFinite());
        }
    }

    @Test
    void streamWriterMatchesWholeVolumeWriterAndComputesStatistics() throws Exception {
        Volume v = random(20, 15, 11, 6);
        Path whole = dir.resolve("whole.mrc");
        Path streamed = dir.resolve("streamed.mrc");
        Statistics streamedStats;
        MrcWriter.write(whole, v, MrcMode.HALF, false, false);
        try (MrcStreamWriter w = MrcStreamWriter.create(streamed, 20, 15, 11, MrcMode.HALF, CAL, false, false)) {
            float[] section = new float[20 * 15];
            for (int z = 0; z < 11; z++) {
                System.arraycopy(v.data(), z * section.length, section, 0, section.length);
                if (z < 5) {
                    w.writeSection(section);
                } else if (z == 5) {
                    w.writeSlab(v.data(), 5, 6); // the rest in one slab
                }
            }
            assertEquals(11, w.sectionsWritten());
            assertFalse(Files.exists(streamed), "nothing at the target before commit");
            assertEquals(0, w.commit());
            streamedStats = w.statistics();
        }
        byte[] a = Files.readAllBytes(whole);
        byte[] b = Files.readAllBytes(streamed);
        assertEquals(a.length, b.length);
        // identical bytes apart from the label's time stamp
        assertArrayEquals(java.util.Arrays.copyOfRange(a, 0, 224), java.util.Arrays.copyOfRange(b, 0, 224));
        assertArrayEquals(java.util.Arrays.copyOfRange(a, 1024, a.length), java.util.Arrays.copyOfRange(b, 1024,
                b.length));
        MrcHeader h = MrcReader.readHeader(streamed);
        Statistics s = Statistics.of(MrcReader.read(streamed).data());
        assertEquals((float) s.min(), h.dmin(), 0f);
        assertEquals((float) s.max(), h.dmax(), 0f);
        assertEquals((float) s.mean(), h.dmean(), 1e-6f);
        assertEquals(-1f, h.rms(), 0f); // float16: RMS written as "not determined" (see MrcStreamWriter.commit)
        assertEquals(s.std(), streamedStats.std(), 1e-9 * s.std());
        assertEquals(s.mean(), streamedStats.mean(), 1e-12 + 1e-9 * Math.abs(s.mean()));
    }

    @Test
    void streamWriterWithoutCommitLeavesNothing() throws Exception {
        Path target = dir.resolve("t.mrc");
        Path tmp;
        try (MrcStreamWriter w = MrcStreamWriter.create(target, 4, 4, 3, MrcMode.FLOAT, CAL, false, false)) {
            tmp = w.temporaryFile();
            assertTrue(Files.exists(tmp));
            w.writeSection(new float[16]);
        }
        assertFalse(Files.exists(tmp));
        assertFalse(Files.exists(target));

        // too few sections: commit fails and cleans up
        MrcStreamWriter w = MrcStreamWriter.create(target, 4, 4, 3, MrcMode.FLOAT, CAL, false, false);
        w.writeSection(new float[16]);
        CryoEtException e = assertThrows(CryoEtException.class, w::commit);
        assertTrue(e.getMessage().contains("only 1 of 3"), e.getMessage());
        assertFalse(Files.exists(w.temporaryFile()));
        assertFalse(Files.exists(target));

        // too many sections
        try (MrcStreamWriter w2 = MrcStreamWriter.create(target, 4, 4, 1, MrcMode.FLOAT, CAL, false, false)) {
            assertThrows(CryoEtException.class, () -> w2.writeSlab(new float[32], 2));
        }
        // an existing target is refused at creation unless overwrite
        Files.writeString(target, "x");
        assertThrows(CryoEtException.class, () -> MrcStreamWriter.create(target, 4, 4, 1, MrcMode.FLOAT, CAL,
                false, false));
        try (MrcStreamWriter w3 = MrcStreamWriter.create(target, 4, 4, 1, MrcMode.FLOAT, CAL, false, true)) {
            w3.writeSection(new float[16]);
            w3.commit();
        }
        assertEquals(1024 + 64, Files.size(target));
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count(), "no temporary files left behind");
        }
    }
}
