package org.cryoet.learn;

import org.cryoet.volume.VolumeSource;
import org.cryoet.volume.Border;

import org.cryoet.util.CryoEtException;
import org.cryoet.util.Parallel;
import org.cryoet.util.Progress;
import org.cryoet.volume.Volume;

import java.util.ArrayDeque;
import java.util.List;

/**
 * Sliding-window prediction over a whole tomogram with a {@link TileFunction}: overlapping c^3
 * tiles, smooth blending, bounded memory.
 *
 * <p><b>Tiling.</b> Along each axis of length n the domain is extended by a margin m on both sides
 * (m = overlap/4) and covered by tiles with stride s = c - overlap, the last one ending exactly at
 * n + m (so no voxel is left out, unlike the reference's edge bug); an axis shorter than the crop
 * gets one centred tile. Input voxels outside the volume are filled by mirror reflection (numpy
 * "reflect", the edge voxel not repeated: {@link Border#MIRROR_SINGLE}) or zeros.
 *
 * <p><b>Blending.</b> Every tile output is weighted by a separable window w(x) w(y) w(z): 0 on the
 * m outermost voxels of each side (where a convolutional network sees the tile's zero padding),
 * then a raised-cosine (sin^2) ramp over overlap - 2m voxels, then 1. Overlapping tiles' ramps
 * cross-fade; the accumulated output is divided by the accumulated weight, which is positive at
 * every voxel by construction. So there are no seams, and an identity tile function reproduces its
 * input. The reference instead keeps only the central (c/2)^3 of each tile (stride c/2).
 *
 * <p><b>Memory.</b> Tiles are processed in rows of equal z start. For each row only the sections
 * the row needs are read (c sections, plus reflected ones at the borders), and the output sections
 * that no later row touches are finished and handed to a {@link SlabSink}. Memory is about
 * 2 c nx ny floats plus one batch of tiles.
 *
 * <p><b>Normalisation.</b> As in training, each input is z-scored with its own global mean and
 * standard deviation ({@link ZScore}); the output is not de-normalised (as the reference).
 * Several inputs (the two halves) are predicted separately and averaged: (F(A) + F(B)) / 2.
 *
 * <p><b>Sample mask.</b> With {@link #onlyInside}, a tile is computed only if its weighted region
 * (where the window is positive) holds a voxel of the mask. Every mask voxel therefore receives all
 * of its usual contributions and has exactly the value of an unmasked prediction; voxels that only
 * skipped tiles cover are 0 (the normalised mean), and voxels outside the mask next to computed
 * tiles are blended towards 0. The time saved is the fraction of tiles outside the sample.
 */
public final class TiledPredictor {

    /** How input voxels outside the volume are filled. */

    private final int crop;
    private int overlap;
    private int batch = 4;
    private Border padding = Border.MIRROR_SINGLE;
    private boolean normalize = true;
    private VolumeSource sampleMask;

    /** A predictor for tiles of {@code crop}^3 with overlap crop/2, batch 4, reflect padding. */
    public TiledPredictor(int crop) {
        if (crop < 1) throw new IllegalArgumentException("crop must be positive");
        this.crop = crop;
        this.overlap = crop / 2;
    }

    /** Overlap between neighbouring tiles as a fraction of the crop, in [0, 0.9]. */
    public TiledPredictor overlap(double fraction) {
        if (!(fraction >= 0 && fraction <= 0.9)) {
            throw new CryoEtException("Overlap must be between 0 and 0.9 of the crop, got " + fraction);
        }
        this.overlap = (int) Math.round(fraction * crop);
        return this;
    }

    /** Tiles per call of the tile function. */
    public TiledPredictor batch(int tiles) {
        if (tiles < 1) throw new CryoEtException("Batch size must be at least 1, got " + tiles);
        this.batch = tiles;
        return this;
    }

    /** How input voxels outside the volume are filled (any {@link Border}; default MIRROR_SINGLE). */
    public TiledPredictor padding(Border p) {
        this.padding = p;
        return this;
    }

    /** Whether inputs are z-scored first (default true, as in training). */
    public TiledPredictor normalize(boolean on) {
        this.normalize = on;
        return this;
    }

    /**
     * Computes only the tiles that reach into this mask (voxels > 0, the size of the inputs); null
     * (the default) computes every tile.
     */
    public TiledPredictor onlyInside(VolumeSource mask) {
        this.sampleMask = mask;
        return this;
    }

    public int crop() {
        return crop;
    }

    public int overlapVoxels() {
        return overlap;
    }

    public int stride() {
        return crop - overlap;
    }

    /** Voxels dropped (zero weight) at each side of a tile. */
    public int margin() {
        return overlap / 4;
    }

    /** The 1D blending window of length crop. */
    public double[] window() {
        int m = margin();
        int r = overlap - 2 * m;
        double[] w = new double[crop];
        for (int i = 0; i < crop; i++) {
            int d = Math.min(i, crop - 1 - i);
            if (d < m) {
                w[i] = 0;
            } else if (d < m + r) {
                double s = Math.sin(0.5 * Math.PI * (d - m + 0.5) / r);
                w[i] = s * s;
            } else {
                w[i] = 1;
            }
        }
        return w;
    }

    /** Tile starts along an axis of length n (may be negative: tiles reach into the padding). */
    public int[] starts(int n) {
        int m = margin();
        int s = stride();
        int ext = n + 2 * m;
        if (ext <= crop) return new int[]{-((crop - n) / 2)};
        int count = (ext - crop + s - 1) / s + 1;
        int[] a = new int[count];
        for (int j = 0; j < count - 1; j++) a[j] = -m + j * s;
        a[count - 1] = n + m - crop;
        return a;
    }

    /** Number of tiles per input for a volume of the given size. */
    public long tileCount(int nx, int ny, int nz) {
        return (long) starts(nx).length * starts(ny).length * starts(nz).length;
    }

    // ------------------------------------------------------------------ convenience

    /** F(half) for one half, as a volume with the half's calibration. */
    public Volume predict(VolumeSource half, TileFunction f, Progress progress) {
        return predictAll(List.of(half), f, progress);
    }

    /** (F(A) + F(B)) / 2 as a volume with A's calibration. */
    public Volume predictPair(VolumeSource halfA, VolumeSource halfB, TileFunction f, Progress progress) {
        return predictAll(halfB == null ? List.of(halfA) : List.of(halfA, halfB), f, progress);
    }

    /** (F(A) + F(B)) / 2 (or F(A) if B is null), streamed slab by slab; returns the tiles computed. */
    public long predictPair(VolumeSource halfA, VolumeSource halfB, TileFunction f, SlabSink sink, Progress progress) {
        return predict(halfB == null ? List.of(halfA) : List.of(halfA, halfB), f, sink, progress);
    }

    private Volume predictAll(List<VolumeSource> inputs, TileFunction f, Progress progress) {
        VolumeSource first = inputs.get(0);
        Volume out = Volume.create(first.nx(), first.ny(), first.nz(), first.calibration());
        int plane = first.nx() * first.ny();
        predict(inputs, f, (slab, z0, nz) -> System.arraycopy(slab, 0, out.data(), z0 * plane, nz * plane), progress);
        return out;
    }

    // ------------------------------------------------------------------ the work

    /**
     * The average over {@code inputs} (same shape) of the tiled prediction of each, streamed to
     * {@code sink} in increasing z order. Returns the number of tiles computed (all inputs).
     */
    public long predict(List<VolumeSource> inputs, TileFunction f, SlabSink sink, Progress progress) {
        if (inputs.isEmpty()) throw new IllegalArgumentException("no input");
        VolumeSource first = inputs.get(0);
        for (VolumeSource s : inputs) {
            if (!s.sameShape(first)) {
                throw new CryoEtException("Half tomograms " + first.name() + " (" + dims(first) + ") and " + s.name()
                        + " (" + dims(s) + ") differ in size");
            }
        }
        final int nx = first.nx();
        final int ny = first.ny();
        final int nz = first.nz();
        final int plane = nx * ny;
        final int c = crop;
        final int c3 = c * c * c;
        ZScore[] norms = new ZScore[inputs.size()];
        for (int i = 0; i < norms.length; i++) {
            norms[i] = normalize ? ZScore.of(inputs.get(i), progress) : null;
        }
        int[] ax = starts(nx);
        int[] ay = starts(ny);
        int[] az = starts(nz);
        if (sampleMask != null && !sampleMask.sameShape(first)) {
            throw new CryoEtException("Mask " + sampleMask.name() + " (" + dims(sampleMask) + ") and half tomogram "
                    + first.name() + " (" + dims(first) + ") differ in size");
        }
        boolean[][] active = activeTiles(ax, ay, az, nx, ny, nz, progress);
        double[] w = window();
        double[] wsx = weightSum(ax, nx, w);
        double[] wsy = weightSum(ay, ny, w);
        double[] wsz = weightSum(az, nz, w);
        // per-tile index maps along x and y (source index, or -1 for zero padding)
        int[][] mapX = new int[ax.length][];
        int[][] mapY = new int[ay.length][];
        for (int i = 0; i < ax.length; i++) mapX[i] = indexMap(ax[i], nx);
        for (int i = 0; i < ay.length; i++) mapY[i] = indexMap(ay[i], ny);
        float[] wf = new float[c];
        for (int i = 0; i < c; i++) wf[i] = (float) w[i];

        final int tilesPerRow = ax.length * ay.length;
        long activeCount = 0;
        for (boolean[] r : active) for (boolean b : r) if (b) activeCount++;
        final long total = activeCount * inputs.size();
        final float share = 1f / inputs.size();
        long done = 0;
        ArrayDeque<float[]> acc = new ArrayDeque<>();
        int accBase = 0;   // section of acc.peekFirst()
        int emitted = 0;   // sections [0, emitted) already handed to the sink
        float[] tilesIn = new float[Math.min(batch, tilesPerRow) * c3];

        for (int row = 0; row < az.length; row++) {
            int a = az[row];
            // sections below this row's start are complete
            int completeTo = Math.min(nz, Math.max(emitted, a));
            if (completeTo > emitted) {
                emit(acc, accBase, emitted, completeTo, wsx, wsy, wsz, nx, ny, sink);
                for (int z = emitted; z < completeTo; z++) acc.pollFirst();
                accBase = completeTo;
                emitted = completeTo;
            }
            while (accBase + acc.size() < Math.min(nz, a + c)) acc.addLast(new float[plane]);
            float[][] accRow = acc.toArray(new float[0][]);
            final int rowBase = accBase;

            int[] rowTiles = new int[tilesPerRow];
            int rowCount = 0;
            for (int t = 0; t < tilesPerRow; t++) if (active[row][t]) rowTiles[rowCount++] = t;
            if (rowCount == 0) continue;
            final int tilesInRow = rowCount;
            int[] mapZ = indexMap(a, nz);
            int zLo = Integer.MAX_VALUE;
            int zHi = -1;
            for (int v : mapZ) {
                if (v >= 0) {
                    zLo = Math.min(zLo, v);
                    zHi = Math.max(zHi, v);
                }
            }
            int slabCount = zHi - zLo + 1;
            float[] slab = new float[slabCount * plane];
            for (int inp = 0; inp < inputs.size(); inp++) {
                progress.checkCancelled("prediction");
                VolumeSource src = inputs.get(inp);
                src.readBox(0, 0, zLo, nx, ny, slabCount, slab);
                ZScore zs = norms[inp];
                if (zs != null) Parallel.forEach(slabCount, k -> zs.apply(slab, k * plane, plane));
                final int slabZ0 = zLo;
                for (int t0 = 0; t0 < tilesInRow; t0 += batch) {
                    progress.checkCancelled("prediction");
                    final int nb = Math.min(batch, tilesInRow - t0);
                    final int tStart = t0;
                    Parallel.forEach(nb, k -> {
                        int t = rowTiles[tStart + k];
                        int[] mx = mapX[t % ax.length];
                        int[] my = mapY[t / ax.length];
                        int o = k * c3;
                        for (int dz = 0; dz < c; dz++) {
                            int sz = mapZ[dz];
                            for (int dy = 0; dy < c; dy++) {
                                int sy = my[dy];
                                if (sz < 0 || sy < 0) {
                                    java.util.Arrays.fill(tilesIn, o, o + c, 0f);
                                    o += c;
                                    continue;
                                }
                                int base = (sz - slabZ0) * plane + sy * nx;
                                for (int dx = 0; dx < c; dx++) {
                                    int sx = mx[dx];
                                    tilesIn[o++] = sx < 0 ? 0f : slab[base + sx];
                                }
                            }
                        }
                    });
                    float[] out = f.apply(tilesIn, nb, c);
                    if (out == null || out.length < nb * c3) {
                        throw new IllegalStateException("tile function returned " + (out == null ? "null" : out.length
                                + " values") + " for " + nb + " tiles of " + c + "^3");
                    }
                    for (int k = 0; k < nb; k++) {
                        int t = rowTiles[tStart + k];
                        int x0 = ax[t % ax.length];
                        int y0 = ay[t / ax.length];
                        final int off = k * c3;
                        Parallel.forEach(c, dz -> {
                            int z = a + dz;
                            float wz = wf[dz] * share;
                            if (z < 0 || z >= nz || wz == 0f) return;
                            float[] p = accRow[z - rowBase];
                            for (int dy = 0; dy < c; dy++) {
                                int y = y0 + dy;
                                float wzy = wz * wf[dy];
                                if (y < 0 || y >= ny || wzy == 0f) continue;
                                int src0 = off + c * (dy + c * dz);
                                int dst0 = y * nx;
                                for (int dx = 0; dx < c; dx++) {
                                    int x = x0 + dx;
                                    if (x < 0 || x >= nx) continue;
                                    p[dst0 + x] += wzy * wf[dx] * out[src0 + dx];
                                }
                            }
                        });
                    }
                    done += nb;
                    progress.update("prediction", done, total);
                }
            }
        }
        if (emitted < nz) emit(acc, accBase, emitted, nz, wsx, wsy, wsz, nx, ny, sink);
        return done;
    }

    /**
     * For each row of equal z start and each tile in it (x fastest), whether the tile is computed:
     * always without a mask, otherwise if a mask voxel lies in the tile's weighted region. The mask
     * is read one row's weighted sections at a time, OR-ed along z, and tested per tile with a
     * summed-area table.
     */
    private boolean[][] activeTiles(int[] ax, int[] ay, int[] az, int nx, int ny, int nz, Progress progress) {
        boolean[][] active = new boolean[az.length][ax.length * ay.length];
        if (sampleMask == null) {
            for (boolean[] r : active) java.util.Arrays.fill(r, true);
            return active;
        }
        int m = margin();
        int plane = nx * ny;
        float[] section = new float[plane];
        long[] sat = new long[(nx + 1) * (ny + 1)];
        for (int row = 0; row < az.length; row++) {
            progress.checkCancelled("prediction");
            boolean[] any = new boolean[plane];
            int z0 = Math.max(0, az[row] + m), z1 = Math.min(nz, az[row] + crop - m);
            for (int z = z0; z < z1; z++) {
                sampleMask.readBox(0, 0, z, nx, ny, 1, section);
                for (int i = 0; i < plane; i++) if (section[i] > 0) any[i] = true;
            }
            for (int y = 0; y < ny; y++) {
                long line = 0;
                for (int x = 0; x < nx; x++) {
                    if (any[y * nx + x]) line++;
                    sat[(y + 1) * (nx + 1) + x + 1] = sat[y * (nx + 1) + x + 1] + line;
                }
            }
            for (int j = 0; j < ay.length; j++) {
                int ya = Math.max(0, ay[j] + m), yb = Math.min(ny, ay[j] + crop - m);
                for (int i = 0; i < ax.length; i++) {
                    int xa = Math.max(0, ax[i] + m), xb = Math.min(nx, ax[i] + crop - m);
                    long count = xa >= xb || ya >= yb ? 0 : sat[yb * (nx + 1) + xb] - sat[ya * (nx + 1) + xb]
                            - sat[yb * (nx + 1) + xa] + sat[ya * (nx + 1) + xa];
                    active[row][j * ax.length + i] = count > 0;
                }
            }
        }
        return active;
    }

    private static String dims(VolumeSource s) {
        return s.nx() + "x" + s.ny() + "x" + s.nz();
    }

    /** Sum over tiles of the window at each voxel of an axis (positive everywhere by construction). */
    private double[] weightSum(int[] starts, int n, double[] w) {
        double[] s = new double[n];
        for (int a : starts)
            for (int i = 0; i < crop; i++) {
                int x = a + i;
                if (x >= 0 && x < n) s[x] += w[i];
            }
        for (int x = 0; x < n; x++) {
            if (!(s[x] > 0)) throw new IllegalStateException("voxel " + x + " of " + n + " not covered");
        }
        return s;
    }

    /** Source index for each tile position along an axis, after padding (-1 = zero). */
    private int[] indexMap(int start, int n) {
        int[] m = new int[crop];
        for (int i = 0; i < crop; i++) {
            int x = start + i;
            m[i] = padding.index(x, n);
        }
        return m;
    }

    private static void emit(ArrayDeque<float[]> acc, int accBase, int from, int to, double[] wsx, double[] wsy,
                             double[] wsz, int nx, int ny, SlabSink sink) {
        int plane = nx * ny;
        float[][] planes = acc.toArray(new float[0][]);
        float[] slab = new float[(to - from) * plane];
        Parallel.forEach(to - from, k -> {
            int z = from + k;
            float[] p = planes[z - accBase];
            double wz = wsz[z];
            int o = k * plane;
            for (int y = 0; y < ny; y++) {
                double wzy = wz * wsy[y];
                for (int x = 0; x < nx; x++) {
                    slab[o + x + nx * y] = (float) (p[x + nx * y] / (wzy * wsx[x]));
                }
            }
        });
        sink.accept(slab, from, to - from);
    }
}
