package org.cryoet.learn;

import org.cryoet.volume.VolumeSource;
import org.cryoet.util.CancelledException;
import org.cryoet.util.Progress;
import org.cryoet.volume.Volume;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class TiledPredictorTest {

    static final TileFunction IDENTITY = (tiles, batch, crop) -> tiles.clone();

    /** Mean over the 3x3x3 neighbourhood inside the tile (zeros outside the tile). */
    static final TileFunction BOX = (tiles, batch, c) -> {
        float[] out = new float[batch * c * c * c];
        for (int b = 0; b < batch; b++) {
            int o = b * c * c * c;
            for (int z = 0; z < c; z++)
                for (int y = 0; y < c; y++)
                    for (int x = 0; x < c; x++) {
                        double s = 0;
                        for (int dz = -1; dz <= 1; dz++)
                            for (int dy = -1; dy <= 1; dy++)
                                for (int dx = -1; dx <= 1; dx++) {
                                    int xx = x + dx, yy = y + dy, zz = z + dz;
                                    if (xx >= 0 && yy >= 0 && zz >= 0 && xx < c && yy < c && zz < c) {
                                        s += tiles[o + xx + c * (yy + c * zz)];
                                    }
                                }
                        out[o + x + c * (y + c * z)] = (float) (s / 27);
                    }
        }
        return out;
    };

    private static float[] normalised(Volume v) {
        ZScore z = ZScore.of(VolumeSource.of(v), Progress.NONE);
        float[] d = v.data().clone();
        z.apply(d, 0, d.length);
        return d;
    }

    @Test
    void identityReproducesTheNormalisedInputEverywhere() {
        for (int[] size : new int[][]{{37, 50, 29}, {10, 50, 29}, {16, 17, 3}}) {
            Volume v = SubtomogramSamplerTest.random(size[0], size[1], size[2], 5, 2, 3);
            float[] expected = normalised(v);
            for (TiledPredictor p : List.of(new TiledPredictor(16).batch(3),
                    new TiledPredictor(16).overlap(0).batch(5),
                    new TiledPredictor(16).overlap(0.75).padding(org.cryoet.volume.Border.ZERO))) {
                Volume out = p.predict(VolumeSource.of(v), IDENTITY, Progress.NONE);
                for (int i = 0; i < expected.length; i++) {
                    assertEquals(expected[i], out.data()[i], 2e-6 * Math.max(1, Math.abs(expected[i])),
                            java.util.Arrays.toString(size) + " voxel " + i);
                }
            }
        }
    }

    /**
     * With a sample mask, every mask voxel gets exactly the unmasked prediction, tiles that do not
     * reach into the mask are not computed, and voxels that only such tiles cover are 0.
     */
    @Test
    void aSampleMaskSkipsTilesOutsideItAndKeepsEveryMaskVoxelExact() {
        int nx = 60, ny = 44, nz = 40;
        Volume a = SubtomogramSamplerTest.random(nx, ny, nz, 7, 2, 3);
        Volume b = SubtomogramSamplerTest.random(nx, ny, nz, 8, 2, 3);
        Volume mask = Volume.create(nx, ny, nz, a.calibration());
        for (int z = 14; z < 26; z++) for (int y = 5; y < 20; y++) for (int x = 3; x < 25; x++) mask.set(x, y, z, 1);
        long[] calls = new long[2];
        TileFunction counted0 = (t, n, c) -> { calls[0] += n; return BOX.apply(t, n, c); };
        TileFunction counted1 = (t, n, c) -> { calls[1] += n; return BOX.apply(t, n, c); };
        Volume full = new TiledPredictor(16).batch(3).predictPair(VolumeSource.of(a), VolumeSource.of(b), counted0,
                Progress.NONE);
        TiledPredictor masked = new TiledPredictor(16).batch(3).onlyInside(VolumeSource.of(mask));
        Volume part = masked.predictPair(VolumeSource.of(a), VolumeSource.of(b), counted1, Progress.NONE);
        assertEquals(2 * new TiledPredictor(16).tileCount(nx, ny, nz), calls[0]);
        assertTrue(calls[1] > 0 && calls[1] < calls[0] / 3, calls[1] + " of " + calls[0] + " tiles computed");
        int inside = 0, zero = 0;
        for (int z = 0; z < nz; z++)
            for (int y = 0; y < ny; y++)
                for (int x = 0; x < nx; x++) {
                    int i = x + nx * (y + ny * z);
                    if (mask.get(x, y, z) > 0) {
                        assertEquals(full.data()[i], part.data()[i], 0f, "mask voxel " + x + "," + y + "," + z);
                        inside++;
                    } else if (x >= 45 || z < 2 || z >= 38) {
                        // far from the mask: only skipped tiles cover these voxels
                        assertEquals(0f, part.data()[i], "voxel " + x + "," + y + "," + z);
                        zero++;
                    }
                }
        assertEquals(12 * 15 * 22, inside);
        assertTrue(zero > 0);
        Volume wrong = Volume.create(nx, ny, nz - 1, a.calibration());
        org.cryoet.util.CryoEtException e = assertThrows(org.cryoet.util.CryoEtException.class, () -> new TiledPredictor(16)
                .onlyInside(VolumeSource.of(wrong, "m.mrc")).predict(VolumeSource.of(a, "a.mrc"), BOX, Progress.NONE));
        assertTrue(e.getMessage().contains("m.mrc") && e.getMessage().contains("differ in size"), e.getMessage());
    }

    @Test
    void pairIsTheAverageOfTheHalvesAndKeepsCalibration() {
        Volume a = SubtomogramSamplerTest.random(20, 21, 22, 1, 0, 1);
        a.setCalibration(org.cryoet.volume.Calibration.isotropic(7.5));
        Volume b = SubtomogramSamplerTest.random(20, 21, 22, 2, 4, 2);
        float[] na = normalised(a);
        float[] nb = normalised(b);
        Volume out = new TiledPredictor(8).predictPair(VolumeSource.of(a), VolumeSource.of(b), IDENTITY, Progress.NONE);
        for (int i = 0; i < na.length; i++) assertEquals((na[i] + nb[i]) / 2, out.data()[i], 1e-5);
        assertEquals(7.5, out.calibration().voxelX());
    }

    /** A local filter gives the same result tiled as on the whole volume: no seams. */
    @Test
    void tiledLocalFilterEqualsWholeVolumeFilterAwayFromBorders() {
        int nx = 37, ny = 50, nz = 29;
        Volume v = SubtomogramSamplerTest.random(nx, ny, nz, 9, 0, 1);
        float[] n = normalised(v);
        Volume out = new TiledPredictor(16).batch(4).predict(VolumeSource.of(v), BOX, Progress.NONE);
        double maxErr = 0;
        for (int z = 1; z < nz - 1; z++)
            for (int y = 1; y < ny - 1; y++)
                for (int x = 1; x < nx - 1; x++) {
                    double s = 0;
                    for (int dz = -1; dz <= 1; dz++)
                        for (int dy = -1; dy <= 1; dy++)
                            for (int dx = -1; dx <= 1; dx++) s += n[(x + dx) + nx * ((y + dy) + ny * (z + dz))];
                    maxErr = Math.max(maxErr, Math.abs(s / 27 - out.get(x, y, z)));
                }
        assertTrue(maxErr < 1e-5, "max error " + maxErr);
        // with reflect padding the border voxels equal the filter of the reflected volume
        double s = 0;
        for (int dz = -1; dz <= 1; dz++)
            for (int dy = -1; dy <= 1; dy++)
                for (int dx = -1; dx <= 1; dx++) {
                    s += n[org.cryoet.volume.Border.MIRROR_SINGLE.index(dx, nx) + nx * (org.cryoet.volume.Border.MIRROR_SINGLE.index(5 + dy, ny)
                            + ny * org.cryoet.volume.Border.MIRROR_SINGLE.index(dz, nz))];
                }
        assertEquals(s / 27, out.get(0, 5, 0), 1e-5);
    }

    @Test
    void slabsReadOnlyTheNeededSectionsAndStreamInOrder() {
        int nx = 24, ny = 20, nz = 70, c = 16;
        Volume v = SubtomogramSamplerTest.random(nx, ny, nz, 4, 0, 1);
        List<int[]> reads = new ArrayList<>();
        VolumeSource base = VolumeSource.of(v);
        int[] maxRead = {-1};
        VolumeSource counting = new VolumeSource() {
            public int nx() { return nx; }
            public int ny() { return ny; }
            public int nz() { return nz; }
            public synchronized void readBox(int x0, int y0, int z0, int sx, int sy, int sz, float[] dst) {
                reads.add(new int[]{z0, sz});
                if (sz > 1) maxRead[0] = Math.max(maxRead[0], z0 + sz - 1);
                base.readBox(x0, y0, z0, sx, sy, sz, dst);
            }
        };
        TiledPredictor p = new TiledPredictor(c);
        int rows = p.starts(nz).length;
        List<int[]> slabs = new ArrayList<>();
        p.predict(List.of(counting), IDENTITY, (slab, z0, n) -> {
            assertEquals(n * nx * ny, slab.length);
            // nothing was read far beyond the sections being finished
            assertTrue(maxRead[0] < z0 + n + c, "read up to " + maxRead[0] + " while emitting " + z0 + "+" + n);
            slabs.add(new int[]{z0, n});
        }, Progress.NONE);
        long planes = 0;
        for (int[] r : reads) {
            assertTrue(r[1] <= c, "a read of " + r[1] + " sections");
            if (r[1] > 1) planes += r[1];
        }
        assertTrue(planes <= (long) rows * c, planes + " sections read for " + rows + " rows");
        // slabs are contiguous, in order, and cover every section once
        int next = 0;
        for (int[] s : slabs) {
            assertEquals(next, s[0]);
            next += s[1];
        }
        assertEquals(nz, next);
        assertTrue(slabs.size() > 2, "streamed in several slabs");
    }

    @Test
    void cancellationStopsTheWork() {
        Volume v = SubtomogramSamplerTest.random(20, 20, 20, 1, 0, 1);
        Progress cancelled = new Progress() {
            public void update(String stage, long done, long total) { }
            public boolean isCancelled() { return true; }
        };
        assertThrows(CancelledException.class,
                () -> new TiledPredictor(8).predict(VolumeSource.of(v), IDENTITY, cancelled));
    }

    @Test
    void windowAndTilingGeometry() {
        TiledPredictor p = new TiledPredictor(72);
        assertEquals(36, p.stride());
        assertEquals(9, p.margin());
        double[] w = p.window();
        assertEquals(0, w[8]);
        assertTrue(w[9] > 0 && w[9] < 0.05);
        assertEquals(1, w[36]);
        // cross-fade: the ramps of two neighbours sum to 1 in the overlap
        for (int i = 0; i < 36; i++) assertEquals(1.0, w[36 + i] + w[i], 1e-12, "offset " + i);
        // an axis length where the reference leaves voxels uncovered (N - c/4 = 0 mod c/2) is covered
        int[] a = p.starts(90);
        assertEquals(-9, a[0]);
        assertEquals(90 + 9 - 72, a[a.length - 1]);
        assertEquals(7, org.cryoet.volume.Border.MIRROR_SINGLE.index(-7, 20));
        assertEquals(18, org.cryoet.volume.Border.MIRROR_SINGLE.index(20, 20));
        assertEquals(0, org.cryoet.volume.Border.MIRROR_SINGLE.index(5, 1));
    }
}
