package org.cryoet.learn;

import org.cryoet.volume.VolumeSource;
import org.cryoet.util.CryoEtException;
import org.cryoet.util.Progress;
import org.cryoet.volume.Calibration;
import org.cryoet.volume.Volume;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

class SubtomogramSamplerTest {

    static Volume random(int nx, int ny, int nz, long seed, double offset, double scale) {
        Random r = new Random(seed);
        float[] d = new float[nx * ny * nz];
        for (int i = 0; i < d.length; i++) d[i] = (float) (offset + scale * r.nextGaussian());
        return Volume.wrap(d, nx, ny, nz, Calibration.UNIT);
    }

    private static double[] meanStd(float[] d) {
        double s = 0;
        for (float v : d) s += v;
        double m = s / d.length;
        double q = 0;
        for (float v : d) q += (v - m) * (v - m);
        return new double[]{m, Math.sqrt(q / (d.length - 1))};
    }

    @Test
    void cropsAreTheNormalisedSourceVoxelsAtTheDrawnPositions() {
        Volume a = random(30, 26, 22, 1, 5, 2);
        Volume b = random(30, 26, 22, 2, -3, 0.5);
        int c = 8;
        SubtomogramSampler s = new SubtomogramSampler(
                List.of(new SubtomogramSampler.Pair(VolumeSource.of(a), VolumeSource.of(b))), c, 7, Progress.NONE);
        double[] ma = meanStd(a.data());
        double[] mb = meanStd(b.data());
        assertEquals(ma[0], s.normalizationA(0).mean(), 1e-9);
        assertEquals(ma[1], s.normalizationA(0).std(), 1e-9);
        boolean sawLast = false;
        for (int it = 0; it < 50; it++) {
            SubtomogramSampler.Batch batch = s.next(3);
            assertEquals(3 * c * c * c, batch.a().length);
            for (int k = 0; k < 3; k++) {
                int[] p = batch.positions()[k];
                assertTrue(p[0] >= 0 && p[0] <= 30 - c && p[1] <= 26 - c && p[2] <= 22 - c);
                if (p[2] == 22 - c) sawLast = true;
                for (int z = 0; z < c; z++)
                    for (int y = 0; y < c; y++)
                        for (int x = 0; x < c; x++) {
                            int i = k * c * c * c + x + c * (y + c * z);
                            double ea = (a.get(p[0] + x, p[1] + y, p[2] + z) - ma[0]) / (ma[1] + 1e-8);
                            double eb = (b.get(p[0] + x, p[1] + y, p[2] + z) - mb[0]) / (mb[1] + 1e-8);
                            assertEquals(ea, batch.a()[i], 1e-5);
                            assertEquals(eb, batch.b()[i], 1e-5);
                        }
            }
        }
        assertTrue(sawLast, "the last start n - c is drawn too");
    }

    @Test
    void maskRejectsCropsWithLessThanHalfCoverage() {
        int n = 40;
        int c = 8;
        Volume a = random(n, n, n, 3, 0, 1);
        Volume b = random(n, n, n, 4, 0, 1);
        Volume mask = Volume.create(n, n, n, Calibration.UNIT);
        for (int z = 0; z < n; z++)
            for (int y = 0; y < n; y++)
                for (int x = 0; x < 12; x++) mask.set(x, y, z, 1);
        SubtomogramSampler s = new SubtomogramSampler(List.of(new SubtomogramSampler.Pair(
                VolumeSource.of(a), VolumeSource.of(b), VolumeSource.of(mask))), c, 11, Progress.NONE);
        int[] seen = new int[n];
        for (int it = 0; it < 100; it++) {
            for (int[] p : s.next(4).positions()) {
                // coverage >= 50 % means x0 + 4 <= 12
                assertTrue(p[0] <= 8, "x0 = " + p[0]);
                seen[p[0]]++;
            }
        }
        for (int x = 0; x <= 8; x++) assertTrue(seen[x] > 0, "start " + x + " is reachable");
    }

    @Test
    void fallbackFindsTheOnlyValidPositionAndEmptyMaskIsAnError() {
        int n = 64;
        int c = 8;
        Volume a = random(n, n, n, 5, 0, 1);
        Volume mask = Volume.create(n, n, n, Calibration.UNIT);
        // only the box [40, 48)^3 is inside: exactly one start (40, 40, 40) on the step-2 grid reaches 100 %
        for (int z = 40; z < 48; z++)
            for (int y = 40; y < 48; y++)
                for (int x = 40; x < 48; x++) mask.set(x, y, z, 1);
        SubtomogramSampler s = new SubtomogramSampler(List.of(new SubtomogramSampler.Pair(
                VolumeSource.of(a), VolumeSource.of(a.copy()), VolumeSource.of(mask))), c, 3, Progress.NONE);
        for (int it = 0; it < 3; it++) {
            for (int[] p : s.next(2).positions()) {
                int inside = 0;
                for (int z = 0; z < c; z++)
                    for (int y = 0; y < c; y++)
                        for (int x = 0; x < c; x++) if (mask.get(p[0] + x, p[1] + y, p[2] + z) > 0.5f) inside++;
                assertTrue(inside >= c * c * c / 2, "coverage " + inside);
            }
        }
        Volume empty = Volume.create(n, n, n, Calibration.UNIT);
        SubtomogramSampler bad = new SubtomogramSampler(List.of(new SubtomogramSampler.Pair(
                VolumeSource.of(a), VolumeSource.of(a.copy()), VolumeSource.of(empty, "mask.mrc"))), c, 3, Progress.NONE);
        CryoEtException e = assertThrows(CryoEtException.class, () -> bad.next(1));
        assertTrue(e.getMessage().contains("mask.mrc"));
    }

    @Test
    void sameSeedSameBatchesAndRestoredStateContinuesIdentically() {
        Volume a1 = random(20, 20, 20, 1, 0, 1);
        Volume b1 = random(20, 20, 20, 2, 0, 1);
        Volume a2 = random(24, 20, 18, 3, 0, 1);
        Volume b2 = random(24, 20, 18, 4, 0, 1);
        List<SubtomogramSampler.Pair> pairs = List.of(
                new SubtomogramSampler.Pair(VolumeSource.of(a1), VolumeSource.of(b1)),
                new SubtomogramSampler.Pair(VolumeSource.of(a2), VolumeSource.of(b2)),
                new SubtomogramSampler.Pair(VolumeSource.of(b2), VolumeSource.of(a2)));
        SubtomogramSampler s1 = new SubtomogramSampler(pairs, 8, 42, Progress.NONE);
        SubtomogramSampler s2 = new SubtomogramSampler(pairs, 8, 42, Progress.NONE);
        SubtomogramSampler s3 = new SubtomogramSampler(pairs, 8, 43, Progress.NONE);
        int[] perPair = new int[3];
        boolean differs = false;
        long[] state = null;
        for (int it = 0; it < 12; it++) {
            SubtomogramSampler.Batch x = s1.next(2);
            SubtomogramSampler.Batch y = s2.next(2);
            SubtomogramSampler.Batch z = s3.next(2);
            assertArrayEquals(x.a(), y.a());
            assertArrayEquals(x.b(), y.b());
            assertEquals(x.pairIndex(), y.pairIndex());
            if (!java.util.Arrays.equals(x.a(), z.a())) differs = true;
            perPair[x.pairIndex()]++;
            if (it == 4) state = s1.state();
        }
        assertTrue(differs);
        // shuffled passes: every pair once per pass of 3
        assertArrayEquals(new int[]{4, 4, 4}, perPair);
        // a fresh sampler restored to the state after 5 batches draws batches 6.. of s1
        SubtomogramSampler r = new SubtomogramSampler(pairs, 8, 0, Progress.NONE);
        r.restore(state);
        SubtomogramSampler ref = new SubtomogramSampler(pairs, 8, 42, Progress.NONE);
        for (int it = 0; it < 5; it++) ref.next(2);
        for (int it = 0; it < 7; it++) {
            SubtomogramSampler.Batch x = ref.next(2);
            SubtomogramSampler.Batch y = r.next(2);
            assertEquals(x.pairIndex(), y.pairIndex());
            assertArrayEquals(x.a(), y.a());
        }
        assertThrows(CryoEtException.class, () -> r.restore(new long[]{1, 5, 0}));
        // the CropSampler view: the caller picks the pair, crops are the normalised voxels
        float[] ca = new float[2 * 512];
        float[] cb = new float[2 * 512];
        r.sample(1, 2, 8, ca, cb);
        float[] one = new float[512];
        r.crop(1, 0, 0, 0, 8, one, true);
        assertEquals((b2.get(0, 0, 0) - r.normalizationB(1).mean()) / (r.normalizationB(1).std() + 1e-8), one[0], 1e-5);
        assertArrayEquals(new int[]{24, 20, 18}, r.size(1));
    }

    @Test
    void inputChecks() {
        Volume flat = Volume.create(10, 10, 10, Calibration.UNIT);
        java.util.Arrays.fill(flat.data(), 3f);
        Volume ok = random(10, 10, 10, 1, 0, 1);
        CryoEtException e = assertThrows(CryoEtException.class, () -> new SubtomogramSampler(List.of(
                new SubtomogramSampler.Pair(VolumeSource.of(ok), VolumeSource.of(flat, "odd.mrc"))), 8, 1, Progress.NONE));
        assertTrue(e.getMessage().contains("odd.mrc") && e.getMessage().contains("constant"), e.getMessage());
        Volume nan = ok.copy();
        nan.set(3, 3, 3, Float.NaN);
        e = assertThrows(CryoEtException.class, () -> ZScore.of(VolumeSource.of(nan, "even.mrc"), Progress.NONE));
        assertTrue(e.getMessage().contains("even.mrc") && e.getMessage().contains("NaN"));
        Volume other = random(10, 12, 10, 1, 0, 1);
        e = assertThrows(CryoEtException.class, () -> new SubtomogramSampler(List.of(new SubtomogramSampler.Pair(
                VolumeSource.of(ok, "a.mrc"), VolumeSource.of(other, "b.mrc"))), 8, 1, Progress.NONE));
        assertTrue(e.getMessage().contains("a.mrc") && e.getMessage().contains("b.mrc"));
        assertThrows(CryoEtException.class, () -> new SubtomogramSampler(List.of(new SubtomogramSampler.Pair(
                VolumeSource.of(ok), VolumeSource.of(ok))), 16, 1, Progress.NONE));
        // from the engine's training pairs: same crops as from the volumes directly
        Volume ok2 = random(10, 10, 10, 2, 0, 1);
        SubtomogramSampler fromPairs = SubtomogramSampler.of(List.of(new TrainingPair(ok, ok2, -60, 60, null, "p")),
                8, 0.5, 5, Progress.NONE);
        SubtomogramSampler direct = new SubtomogramSampler(List.of(new SubtomogramSampler.Pair(VolumeSource.of(ok),
                VolumeSource.of(ok2))), 8, 5, Progress.NONE);
        assertArrayEquals(direct.next(2).b(), fromPairs.next(2).b());
        SubtomogramSampler.validateCrop(72, 4);
        SubtomogramSampler.validateCrop(36, 3);
        SubtomogramSampler.validateCrop(6, 1);
        assertThrows(CryoEtException.class, () -> SubtomogramSampler.validateCrop(36, 4));
        assertThrows(CryoEtException.class, () -> SubtomogramSampler.validateCrop(7, 1));
        assertThrows(CryoEtException.class, () -> SubtomogramSampler.validateCrop(0, 4));
    }
}
