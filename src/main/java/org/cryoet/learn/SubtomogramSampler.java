package org.cryoet.learn;

import org.cryoet.volume.VolumeSource;
import org.cryoet.util.CryoEtException;
import org.cryoet.util.Parallel;
import org.cryoet.util.Progress;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Draws training batches of paired c^3 crops from pairs of half tomograms, as the reference does
 * (reference section 5): each half is z-scored globally (its own mean and standard deviation);
 * one batch comes from one pair; every crop of the batch is taken at an independent uniform
 * random position, the same in both halves, and accepted only where the pair's sample mask
 * covers at least the mask fraction (default {@link #MASK_FRACTION}) of the crop. It implements the
 * trainer's {@link CropSampler} (there the trainer picks the pair; {@link #next(int)} picks it itself).
 *
 * <p>Differences from the reference, on purpose: starts are uniform over [0, n - c] inclusive
 * (the reference never draws the last start); pairs are visited in shuffled passes (a new random
 * order of all pairs per pass, which is what the reference's shuffled loader does); after
 * {@link #MAX_TRIES} rejected draws for one crop the position is drawn uniformly among the valid
 * positions of a grid with step c/4 (the reference would retry forever), and a pair with no
 * valid position at all is an error.
 *
 * <p>Randomness comes from one SplitMix64 generator whose state, together with the pass order,
 * is exported by {@link #state()} and restored by {@link #restore(long[])}, so a resumed run draws
 * the same batches as an uninterrupted one. Not thread-safe.
 */
public final class SubtomogramSampler implements CropSampler {

    /** Default minimal mask coverage of an accepted crop (reference {@code mask_frac}). */
    public static final double MASK_FRACTION = 0.5;
    /** Rejected random draws for one crop before falling back to the valid-grid list. */
    public static final int MAX_TRIES = 1000;

    /** One pair of half tomograms with an optional sample mask (voxels > 0.5 are inside). */
    public record Pair(VolumeSource halfA, VolumeSource halfB, VolumeSource mask) {
        public Pair(VolumeSource halfA, VolumeSource halfB) {
            this(halfA, halfB, null);
        }
    }

    /**
     * One batch: {@code a} and {@code b} hold {@code batch} crops of c^3 normalised voxels each
     * (x fastest, concatenated); {@code positions} the (x0, y0, z0) of each crop.
     */
    public record Batch(float[] a, float[] b, int batch, int crop, int pairIndex, int[][] positions) {
    }

    private final List<Pair> pairs;
    private final int crop;
    private final ZScore[] normA;
    private final ZScore[] normB;
    private final double maskFraction;
    private final java.util.Map<Long, int[][]> validGrid = new java.util.HashMap<>(); // fallback positions per (pair, crop)
    private long rng;
    private int[] order;
    private int orderPos;

    /**
     * @param pairs    the half-tomogram pairs (halves of one pair must have the same shape; the
     *                 mask too)
     * @param crop     crop edge c
     * @param seed     random seed
     * @param progress progress of the normalisation pass (reads every volume once)
     */
    public SubtomogramSampler(List<Pair> pairs, int crop, long seed, Progress progress) {
        this(pairs, crop, MASK_FRACTION, seed, progress);
    }

    /** As above with another minimal mask coverage (0 to 1). */
    public SubtomogramSampler(List<Pair> pairs, int crop, double maskFraction, long seed, Progress progress) {
        if (pairs.isEmpty()) throw new IllegalArgumentException("no tomogram pairs");
        if (!(maskFraction >= 0 && maskFraction <= 1)) throw new IllegalArgumentException("mask fraction must be in [0, 1]");
        this.maskFraction = maskFraction;
        if (crop < 1) throw new IllegalArgumentException("crop must be positive");
        this.pairs = List.copyOf(pairs);
        this.crop = crop;
        int n = pairs.size();
        normA = new ZScore[n];
        normB = new ZScore[n];
        for (int i = 0; i < n; i++) {
            Pair p = pairs.get(i);
            if (!p.halfA().sameShape(p.halfB())) {
                throw new CryoEtException("Half tomograms " + p.halfA().name() + " and " + p.halfB().name()
                        + " differ in size (" + dims(p.halfA()) + " vs " + dims(p.halfB()) + ")");
            }
            if (p.mask() != null && !p.mask().sameShape(p.halfA())) {
                throw new CryoEtException("Mask " + p.mask().name() + " is " + dims(p.mask()) + " but the tomogram "
                        + p.halfA().name() + " is " + dims(p.halfA()));
            }
            if (p.halfA().nx() < crop || p.halfA().ny() < crop || p.halfA().nz() < crop) {
                throw new CryoEtException("Tomogram " + p.halfA().name() + " (" + dims(p.halfA())
                        + ") is smaller than the crop size " + crop);
            }
            normA[i] = ZScore.of(p.halfA(), progress);
            normB[i] = ZScore.of(p.halfB(), progress);
        }
        this.rng = seed;
        this.order = new int[0];
        this.orderPos = 0;
    }

    /** A sampler over the engine's training pairs (the mask of a pair may be null). */
    public static SubtomogramSampler of(List<TrainingPair> pairs, int crop, double maskFraction, long seed,
                                        Progress progress) {
        List<Pair> ps = new ArrayList<>();
        for (TrainingPair t : pairs) {
            ps.add(new Pair(t.even(), t.odd(), t.mask()));
        }
        return new SubtomogramSampler(ps, crop, maskFraction, seed, progress);
    }

    private static String dims(VolumeSource s) {
        return s.nx() + "x" + s.ny() + "x" + s.nz();
    }

    /**
     * Checks a crop size for a U-Net with {@code levels} resolution levels (as
     * {@code UNetConfig.depth()}: levels - 1 poolings): a positive multiple of 2^(levels-1), and
     * even for the Fourier masks.
     */
    public static void validateCrop(int crop, int levels) {
        int m = 1 << Math.max(levels - 1, 1);
        if (crop <= 0 || crop % m != 0) {
            throw new CryoEtException("Crop size " + crop + " must be a positive multiple of " + m
                    + " (a U-Net with " + levels + " levels halves it " + (levels - 1) + " times)");
        }
    }

    public int crop() {
        return crop;
    }

    public int pairCount() {
        return pairs.size();
    }

    /** The normalisation of half A of pair i. */
    public ZScore normalizationA(int i) {
        return normA[i];
    }

    /** The normalisation of half B of pair i. */
    public ZScore normalizationB(int i) {
        return normB[i];
    }

    /** Draws the next batch of {@code batch} crop pairs (pairs in shuffled passes). */
    public Batch next(int batch) {
        if (batch < 1) throw new IllegalArgumentException("batch must be positive");
        if (orderPos >= order.length) newPass();
        int pi = order[orderPos++];
        int c3 = crop * crop * crop;
        float[] a = new float[batch * c3];
        float[] b = new float[batch * c3];
        int[][] pos = draw(pi, batch, crop, a, b);
        return new Batch(a, b, batch, crop, pi, pos);
    }

    @Override
    public void sample(int pair, int batch, int crop, float[] a, float[] b) {
        draw(pair, batch, crop, a, b);
    }

    @Override
    public int[][] sampleWithPositions(int pair, int batch, int crop, float[] a, float[] b) {
        return draw(pair, batch, crop, a, b);
    }

    private int[][] draw(int pi, int batch, int crop, float[] a, float[] b) {
        Pair p = pairs.get(pi);
        VolumeSource v = p.halfA();
        if (v.nx() < crop || v.ny() < crop || v.nz() < crop) {
            throw new CryoEtException("Tomogram " + v.name() + " (" + dims(v) + ") is smaller than the crop size " + crop);
        }
        int c3 = crop * crop * crop;
        if (a.length < (long) batch * c3 || b.length < (long) batch * c3) {
            throw new IllegalArgumentException("output arrays too small");
        }
        int[][] pos = new int[batch][];
        float[] maskBuf = p.mask() == null ? null : scratch(c3);
        for (int k = 0; k < batch; k++) pos[k] = drawPosition(pi, p, maskBuf, crop);
        Parallel.forEach(2 * batch, j -> {
            int k = j >> 1;
            boolean first = (j & 1) == 0;
            float[] tmp = scratch(c3);
            (first ? p.halfA() : p.halfB()).readBox(pos[k][0], pos[k][1], pos[k][2], crop, crop, crop, tmp);
            (first ? normA[pi] : normB[pi]).apply(tmp, 0, c3);
            System.arraycopy(tmp, 0, first ? a : b, k * c3, c3);
        });
        return pos;
    }

    /**
     * A crop-sized work array of the calling thread, reused from draw to draw: a training run draws
     * millions of crops, and fresh arrays for each kept the Java heap growing towards its limit
     * (resident memory rising for hundreds of iterations) before the first collection.
     */
    private static float[] scratch(int n) {
        float[] s = SCRATCH.get();
        if (s == null || s.length < n) {
            s = new float[n];
            SCRATCH.set(s);
        }
        return s;
    }

    private static final ThreadLocal<float[]> SCRATCH = new ThreadLocal<>();

    @Override
    public void crop(int pair, int x0, int y0, int z0, int crop, float[] out, boolean halfB) {
        Pair p = pairs.get(pair);
        (halfB ? p.halfB() : p.halfA()).readBox(x0, y0, z0, crop, crop, crop, out);
        (halfB ? normB[pair] : normA[pair]).apply(out, 0, crop * crop * crop);
    }

    @Override
    public String normalization() {
        return ModelInfo.NORMALIZATION;
    }

    @Override
    public int[] size(int pair) {
        VolumeSource v = pairs.get(pair).halfA();
        return new int[]{v.nx(), v.ny(), v.nz()};
    }

    private void newPass() {
        int n = pairs.size();
        order = new int[n];
        for (int i = 0; i < n; i++) order[i] = i;
        for (int i = n - 1; i > 0; i--) {
            int j = nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        orderPos = 0;
    }

    private int[] drawPosition(int pi, Pair p, float[] maskBuf, int crop) {
        VolumeSource v = p.halfA();
        if (p.mask() == null) {
            return new int[]{nextInt(v.nx() - crop + 1), nextInt(v.ny() - crop + 1), nextInt(v.nz() - crop + 1)};
        }
        for (int t = 0; t < MAX_TRIES; t++) {
            int[] q = {nextInt(v.nx() - crop + 1), nextInt(v.ny() - crop + 1), nextInt(v.nz() - crop + 1)};
            if (accepted(p.mask(), q, maskBuf, crop)) return q;
        }
        int[][] grid = validGrid.computeIfAbsent(((long) pi << 32) | crop, k -> scanGrid(p, maskBuf, crop));
        if (grid.length == 0) {
            throw new CryoEtException("The mask " + p.mask().name() + " covers less than " + Math.round(maskFraction * 100)
                    + " % of every " + crop + "^3 crop of " + v.name() + "; use a larger mask or a smaller crop");
        }
        return grid[nextInt(grid.length)].clone();
    }

    private boolean accepted(VolumeSource mask, int[] q, float[] buf, int crop) {
        mask.readBox(q[0], q[1], q[2], crop, crop, crop, buf);
        int inside = 0;
        int n = crop * crop * crop;
        for (int i = 0; i < n; i++) if (buf[i] > 0.5f) inside++;
        return inside >= maskFraction * n;
    }

    private int[][] scanGrid(Pair p, float[] buf, int crop) {
        int step = Math.max(1, crop / 4);
        VolumeSource v = p.halfA();
        List<int[]> ok = new ArrayList<>();
        for (int z : starts(v.nz(), step, crop))
            for (int y : starts(v.ny(), step, crop))
                for (int x : starts(v.nx(), step, crop)) {
                    int[] q = {x, y, z};
                    if (accepted(p.mask(), q, buf, crop)) ok.add(q);
                }
        return ok.toArray(new int[0][]);
    }

    private static int[] starts(int n, int step, int crop) {
        int last = n - crop;
        int count = last / step + 1;
        int[] s = new int[count + (last % step != 0 ? 1 : 0)];
        for (int i = 0; i < count; i++) s[i] = i * step;
        if (last % step != 0) s[count] = last;
        return s;
    }

    // ------------------------------------------------------------------ random numbers

    private long nextLong() {
        return SplitMix.mix(rng += SplitMix.GOLDEN_GAMMA);
    }

    /** Uniform in [0, bound) without modulo bias. */
    private int nextInt(int bound) {
        if (bound <= 0) throw new IllegalArgumentException("bound must be positive");
        long limit = Long.MAX_VALUE - (Long.MAX_VALUE % bound);
        while (true) {
            long r = nextLong() >>> 1;
            if (r < limit) return (int) (r % bound);
        }
    }

    /**
     * The sampler's random state: generator state, position in the current pass, then the pass
     * order (for checkpoints; {@link #restore} continues exactly from here).
     */
    @Override
    public long[] state() {
        long[] s = new long[2 + order.length];
        s[0] = rng;
        s[1] = orderPos;
        for (int i = 0; i < order.length; i++) s[2 + i] = order[i];
        return s;
    }

    /** Restores a state from {@link #state()} (of a sampler over the same pairs). */
    @Override
    public void restore(long[] state) {
        if (state == null || state.length < 2 || state[1] < 0 || state[1] > state.length - 2) {
            throw new CryoEtException("Invalid sampler state " + Arrays.toString(state));
        }
        int[] ord = new int[state.length - 2];
        for (int i = 0; i < ord.length; i++) {
            if (state[2 + i] < 0 || state[2 + i] >= pairs.size()) {
                throw new CryoEtException("Invalid sampler state: pair index " + state[2 + i] + " of " + pairs.size());
            }
            ord[i] = (int) state[2 + i];
        }
        rng = state[0];
        orderPos = (int) state[1];
        order = ord;
    }

    @Override
    public String toString() {
        return "SubtomogramSampler" + Arrays.toString(new int[]{pairs.size(), crop});
    }
}
