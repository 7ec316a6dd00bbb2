package org.cryoet.tomo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import org.cryoet.io.MrcReader;
import org.cryoet.io.MrcWriter;
import org.cryoet.util.CryoEtException;
import org.cryoet.volume.Calibration;
import org.cryoet.volume.Volume;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SampleMaskTest {
    private static final Path VECTORS = Path.of("src/test/resources/icecream-testvectors");

    /** Dark (dense) structured blobs in a slab z in [24, 40), faint noise elsewhere. */
    static Volume slabPhantom(int n, int nz) {
        Volume v = Volume.create(n, n, nz, Calibration.isotropic(10));
        Random r = new Random(11);
        for (int i = 0; i < v.data().length; i++) v.data()[i] = (float) (0.05 * r.nextGaussian());
        for (int b = 0; b < 150; b++) {
            int cx = r.nextInt(n), cy = r.nextInt(n), cz = 26 + r.nextInt(12);
            for (int z = cz - 2; z <= cz + 2; z++) for (int y = cy - 2; y <= cy + 2; y++) for (int x = cx - 2; x <= cx + 2; x++) {
                if (x < 0 || y < 0 || x >= n || y >= n || z < 24 || z >= 40) continue;
                if ((x - cx) * (x - cx) + (y - cy) * (y - cy) + (z - cz) * (z - cz) <= 5) v.set(x, y, z, -1f);
            }
        }
        return v;
    }

    private static double coverage(Volume m, int z0, int z1) {
        long in = 0, n = 0;
        for (int z = z0; z < z1; z++) for (int y = 0; y < m.ny(); y++) for (int x = 0; x < m.nx(); x++) {
            n++;
            if (m.get(x, y, z) > 0.5f) in++;
        }
        return in / (double) n;
    }

    @Test
    void maskCoversTheSlabAndNotTheVacuum() {
        Volume v = slabPhantom(64, 64);
        Volume m = SampleMask.compute(v, SampleMaskOptions.DEFAULTS);
        assertEquals(v.calibration(), m.calibration());
        for (float f : m.data()) assertTrue(f == 0f || f == 1f);
        double slab = coverage(m, 24, 40), far = coverage(m, 0, 12) + coverage(m, 52, 64);
        assertTrue(slab > 0.9, "slab coverage " + slab);
        assertTrue(far < 0.02, "vacuum coverage " + far);
        double total = SampleMask.fraction(m);
        assertTrue(total > 0.25 && total <= 0.5, "total " + total);
    }

    @Test
    void zCropRemovesHalfTheFractionAtEachEnd() {
        Volume v = slabPhantom(32, 64);
        Volume full = SampleMask.compute(v, SampleMaskOptions.DEFAULTS.withStdPercentage(100).withDensityPercentage(100));
        assertEquals(1.0, SampleMask.fraction(full), 0);
        Volume cropped = SampleMask.compute(v, SampleMaskOptions.DEFAULTS.withStdPercentage(100)
                .withDensityPercentage(100).withZCrop(0.5));
        assertEquals(0.0, coverage(cropped, 0, 16), 0);
        assertEquals(1.0, coverage(cropped, 16, 48), 0);
        assertEquals(0.0, coverage(cropped, 48, 64), 0);
    }

    @Test
    void percentagesSetTheKeptFraction() {
        Volume v = slabPhantom(32, 64);
        Volume d30 = SampleMask.compute(v, SampleMaskOptions.DEFAULTS.withStdPercentage(100).withDensityPercentage(30));
        assertEquals(0.30, SampleMask.fraction(d30), 0.03);
        Volume s20 = SampleMask.compute(v, SampleMaskOptions.DEFAULTS.withStdPercentage(20).withDensityPercentage(100));
        assertEquals(0.20, SampleMask.fraction(s20), 0.02);
        // odd sizes: the trailing plane stays 0 (nearest-neighbour upsampling of the binned grid)
        Volume odd = Volume.create(9, 8, 8, Calibration.UNIT);
        odd.data()[5] = 1;
        Volume all = SampleMask.compute(odd, SampleMaskOptions.DEFAULTS.withStdPercentage(100).withDensityPercentage(100));
        assertEquals(8 * 8 * 8 / (double) (9 * 8 * 8), SampleMask.fraction(all), 1e-12);
        assertEquals(0f, all.get(8, 3, 3));
        assertThrows(CryoEtException.class, () -> new SampleMaskOptions(0, 50, 5, 0));
        assertThrows(CryoEtException.class, () -> new SampleMaskOptions(50, 50, 5, 1));
    }

    @Test
    void progressIsReportedAndCancellationHonoured() {
        Volume v = slabPhantom(16, 48);
        java.util.List<Long> done = new java.util.ArrayList<>();
        SampleMask.compute(v, null, SampleMaskOptions.DEFAULTS, (stage, d, total) -> {
            assertEquals(6, total);
            done.add(d);
        });
        assertEquals(java.util.List.of(0L, 1L, 2L, 3L, 4L, 5L, 6L), done);
        org.cryoet.util.Progress cancelled = new org.cryoet.util.Progress() {
            @Override
            public void update(String stage, long d, long total) {
            }

            @Override
            public boolean isCancelled() {
                return true;
            }
        };
        assertThrows(org.cryoet.util.CancelledException.class,
                () -> SampleMask.compute(v, null, SampleMaskOptions.DEFAULTS, cancelled));
    }

    @Test
    void percentileIsNumpyLinear() {
        assertEquals(2.5, org.cryoet.volume.Statistics.percentile(new float[] {4, 1, 3, 2}, 50), 1e-12);
        assertEquals(4, org.cryoet.volume.Statistics.percentile(new float[] {4, 1, 3, 2}, 100), 1e-12);
        assertEquals(1, org.cryoet.volume.Statistics.percentile(new float[] {4, 1, 3, 2}, 0), 1e-12);
        assertEquals(1.3, org.cryoet.volume.Statistics.percentile(new float[] {4, 1, 3, 2}, 10), 1e-6);
    }

    /** The ICECREAM reference's own mask on its synthetic data (icecream-reference §4, §20). */
    @Test
    void matchesTheReferenceMaskOnTheSyntheticHalves() throws IOException {
        Volume h0 = MrcReader.read(VECTORS.resolve("half0.mrc"));
        Volume h1 = MrcReader.read(VECTORS.resolve("half1.mrc"));
        Volume m = SampleMask.compute(h0, h1, SampleMaskOptions.DEFAULTS);
        byte[] ref = readNpyUint8(VECTORS.resolve("synthetic_mask_yxz.npy"), new int[] {h0.ny(), h0.nx(), h0.nz()});
        long agree = 0, refOnes = 0;
        for (int y = 0; y < h0.ny(); y++) for (int x = 0; x < h0.nx(); x++) for (int z = 0; z < h0.nz(); z++) {
            boolean r = ref[(y * h0.nx() + x) * h0.nz() + z] != 0;
            if (r) refOnes++;
            if (r == (m.get(x, y, z) > 0.5f)) agree++;
        }
        assertEquals(0.4143, refOnes / (double) ref.length, 1e-4);
        double agreement = agree / (double) ref.length;
        assertEquals(1.0, agreement, 1e-4, "agreement with the reference mask " + agreement);
        assertEquals(0.4143, SampleMask.fraction(m), 0.005);
    }

    @Test
    void userMaskIsReadAndShapeChecked(@TempDir Path dir) {
        Volume tomo = Volume.create(6, 5, 4, Calibration.isotropic(7));
        Volume mask = tomo.like();
        mask.data()[3] = 255;
        mask.data()[4] = 0.2f;
        Path f = dir.resolve("mask.mrc");
        MrcWriter.write(f, mask);
        Volume read = SampleMask.read(f, tomo);
        assertEquals(1f, read.data()[3]);
        assertEquals(0f, read.data()[4]);
        Volume other = Volume.create(6, 5, 5, Calibration.UNIT);
        CryoEtException e = assertThrows(CryoEtException.class, () -> SampleMask.read(f, other));
        assertTrue(e.getMessage().contains("mask.mrc") && e.getMessage().contains("6x5x4"), e.getMessage());
    }

    /** Minimal reader for a C-ordered uint8 .npy file of known shape. */
    static byte[] readNpyUint8(Path p, int[] shape) throws IOException {
        byte[] all = Files.readAllBytes(p);
        ByteBuffer b = ByteBuffer.wrap(all).order(ByteOrder.LITTLE_ENDIAN);
        int major = all[6];
        int headerLen = major == 1 ? Short.toUnsignedInt(b.getShort(8)) : b.getInt(8);
        int start = (major == 1 ? 10 : 12) + headerLen;
        String header = new String(all, major == 1 ? 10 : 12, headerLen, StandardCharsets.US_ASCII);
        assertTrue(header.contains("'|u1'") && header.contains("False"), header);
        String dims = shape[0] + ", " + shape[1] + ", " + shape[2];
        assertTrue(header.contains(dims), header + " vs " + dims);
        byte[] data = new byte[all.length - start];
        System.arraycopy(all, start, data, 0, data.length);
        assertEquals((long) shape[0] * shape[1] * shape[2], data.length);
        return data;
    }
}
