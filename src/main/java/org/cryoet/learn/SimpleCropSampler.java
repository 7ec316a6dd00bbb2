package org.cryoet.learn;

import org.cryoet.util.CryoEtException;
import org.cryoet.volume.Volume;

import java.util.List;

/**
 * Minimal {@link CropSampler}: each half z-scored over the whole volume ((v - mean) / (std +
 * 1e-8), unbiased std, as the reference), crop starts uniform over all positions where the crop
 * fits, accepted when the mask (if any) covers at least {@code maskFraction} of the crop. The
 * generator is SplitMix64 with a single long of state.
 */
public final class SimpleCropSampler implements CropSampler {

    private static final int MAX_TRIES = 10_000;

    private final float[][] a;
    private final float[][] b;
    private final byte[][] mask;
    private final int[][] dims;
    private final double maskFraction;
    private long state;

    public SimpleCropSampler(List<TrainingPair> pairs, double maskFraction, long seed) {
        int n = pairs.size();
        a = new float[n][];
        b = new float[n][];
        mask = new byte[n][];
        dims = new int[n][];
        for (int i = 0; i < n; i++) {
            TrainingPair p = pairs.get(i);
            a[i] = zscore(p.even().data());
            b[i] = zscore(p.odd().data());
            dims[i] = new int[] {p.even().nx(), p.even().ny(), p.even().nz()};
            if (p.mask() != null) {
                float[] m = p.mask().data();
                mask[i] = new byte[m.length];
                for (int j = 0; j < m.length; j++) mask[i][j] = (byte) (m[j] > 0.5f ? 1 : 0);
            }
        }
        this.maskFraction = maskFraction;
        this.state = seed ^ 0x5DEECE66DL;
    }

    static float[] zscore(float[] v) {
        double sum = 0;
        for (float x : v) sum += x;
        double mean = sum / v.length;
        double ss = 0;
        for (float x : v) ss += (x - mean) * (x - mean);
        double std = Math.sqrt(ss / Math.max(1, v.length - 1));
        float[] out = new float[v.length];
        float inv = (float) (1 / (std + 1e-8));
        for (int i = 0; i < v.length; i++) out[i] = (float) ((v[i] - mean) * inv);
        return out;
    }

    private long next() {
        long z = (state += 0x9E3779B97F4A7C15L);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    private int nextInt(int bound) {
        return (int) Math.floorMod(next(), (long) bound);
    }

    @Override
    public int pairCount() {
        return a.length;
    }

    @Override
    public int[] size(int pair) {
        return dims[pair].clone();
    }

    @Override
    public void sample(int pair, int batch, int crop, float[] outA, float[] outB) {
        int[] d = dims[pair];
        if (d[0] < crop || d[1] < crop || d[2] < crop) {
            throw new CryoEtException("Tomogram pair " + pair + " (" + d[0] + "x" + d[1] + "x" + d[2]
                    + ") is smaller than the crop size " + crop);
        }
        int n3 = crop * crop * crop;
        float[] tmp = new float[n3];
        for (int s = 0; s < batch; s++) {
            int x0 = 0;
            int y0 = 0;
            int z0 = 0;
            for (int t = 0; ; t++) {
                x0 = nextInt(d[0] - crop + 1);
                y0 = nextInt(d[1] - crop + 1);
                z0 = nextInt(d[2] - crop + 1);
                if (mask[pair] == null || coverage(pair, x0, y0, z0, crop) >= maskFraction) break;
                if (t == MAX_TRIES) {
                    throw new CryoEtException("The mask of pair " + pair + " covers too little of the volume: no "
                            + crop + "^3 crop with " + maskFraction + " coverage found");
                }
            }
            copy(a[pair], d, x0, y0, z0, crop, tmp);
            System.arraycopy(tmp, 0, outA, s * n3, n3);
            copy(b[pair], d, x0, y0, z0, crop, tmp);
            System.arraycopy(tmp, 0, outB, s * n3, n3);
        }
    }

    @Override
    public void crop(int pair, int x0, int y0, int z0, int crop, float[] out, boolean halfB) {
        copy(halfB ? b[pair] : a[pair], dims[pair], x0, y0, z0, crop, out);
    }

    private double coverage(int pair, int x0, int y0, int z0, int c) {
        int[] d = dims[pair];
        long on = 0;
        byte[] m = mask[pair];
        for (int z = 0; z < c; z++) {
            for (int y = 0; y < c; y++) {
                int base = x0 + d[0] * (y0 + y + d[1] * (z0 + z));
                for (int x = 0; x < c; x++) on += m[base + x];
            }
        }
        return on / (double) ((long) c * c * c);
    }

    private static void copy(float[] v, int[] d, int x0, int y0, int z0, int c, float[] out) {
        for (int z = 0; z < c; z++) {
            for (int y = 0; y < c; y++) {
                System.arraycopy(v, x0 + d[0] * (y0 + y + d[1] * (z0 + z)), out, c * (y + c * z), c);
            }
        }
    }

    @Override
    public long[] state() {
        return new long[] {state};
    }

    @Override
    public void restore(long[] s) {
        state = s[0];
    }
}
