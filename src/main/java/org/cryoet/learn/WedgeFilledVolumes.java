package org.cryoet.learn;

import org.cryoet.volume.VolumeSource;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.cryoet.util.CryoEtException;
import org.cryoet.util.Progress;
import org.cryoet.volume.Calibration;
import org.cryoet.volume.Volume;

import java.util.List;
import java.util.function.IntFunction;

/**
 * Training data a method keeps and refills itself: one volume per training pair (normalised like
 * the trainer's crops) whose missing wedge is repeatedly replaced by the current network's
 * prediction, v &lt;- M v + (1 - M) f(M v) tile by tile ({@link DdwMethod#fill}), measured
 * frequencies kept. Before the first update a pair has no stored volume and the trainer's crops are
 * used. The stored volumes are the method's checkpoint state.
 */
final class WedgeFilledVolumes {

    private final TrainingSetup setup;
    private final String owner;
    private final IntFunction<VolumeSource> original;
    private final float[][] filled;

    /**
     * @param owner    method title for messages
     * @param original per pair the data before any update, normalised as the trainer's crops
     */
    WedgeFilledVolumes(TrainingSetup setup, String owner, IntFunction<VolumeSource> original) {
        this.setup = setup;
        this.owner = owner;
        this.original = original;
        this.filled = new float[setup.pairs().size()][];
    }

    /** Whether pair p has been updated at least once. */
    boolean isFilled(int pair) {
        return filled[pair] != null;
    }

    /** The updated volume of a pair as a source (only once {@link #isFilled}). */
    VolumeSource source(int pair) {
        VolumeSource a = setup.pairs().get(pair).even();
        return VolumeSource.of(Volume.wrap(filled[pair], a.nx(), a.ny(), a.nz(), Calibration.UNIT),
                a.name() + " (missing wedge filled)");
    }

    /** The boxes of edge e at the batch's crop positions, concatenated, from the updated volume. */
    float[] crops(TrainingBatch batch, int e) {
        if (batch.positions() == null) {
            throw new IllegalStateException(owner + "'s missing-wedge update needs the crop positions, "
                    + "but the crop sampler does not report them");
        }
        VolumeSource src = source(batch.pair());
        int e3 = e * e * e;
        int b = batch.positions().length;
        float[] out = new float[b * e3];
        float[] tmp = new float[e3];
        for (int s = 0; s < b; s++) {
            int[] p = batch.positions()[s];
            src.readBox(p[0], p[1], p[2], e, e, e, tmp);
            System.arraycopy(tmp, 0, out, s * e3, e3);
        }
        return out;
    }

    /**
     * Replaces every pair's volume by its missing-wedge update with the current network, on tiles
     * of the network crop blended by {@link TiledPredictor}.
     *
     * @param wedges per pair the unrotated wedge mask on the crop grid, (c, c, c) unshifted
     */
    void update(Network network, List<NDArray> wedges) {
        NDManager run = setup.manager();
        for (int p = 0; p < filled.length; p++) {
            NDArray m = wedges.get(p);
            VolumeSource src = filled[p] == null ? original.apply(p) : source(p);
            try (NDManager scope = run.newSubManager();
                 TileFunction fill = TileFunction.onDevice(network, scope, (x, c) -> DdwMethod.fill(network, x, m))) {
                Volume v = new TiledPredictor(setup.crop()).normalize(false).predict(src, fill, Progress.NONE);
                filled[p] = v.data();
            }
        }
    }

    /** Per pair the stored volume, or an empty array before the first update. */
    float[][] state() {
        float[][] s = new float[filled.length][];
        for (int p = 0; p < filled.length; p++) s[p] = filled[p] == null ? new float[0] : filled[p];
        return s;
    }

    void restore(float[][] state) {
        if (state.length != filled.length) {
            throw new CryoEtException("The checkpoint holds " + owner + " data for " + state.length
                    + " tomogram pairs, but the training has " + filled.length);
        }
        for (int p = 0; p < state.length; p++) {
            long expected = setup.pairs().get(p).even().size();
            if (state[p].length != 0 && state[p].length != expected) {
                throw new CryoEtException("The checkpoint's " + owner + " data for pair " + p + " has "
                        + state[p].length + " voxels, but " + setup.pairs().get(p).name() + " has " + expected);
            }
            filled[p] = state[p].length == 0 ? null : state[p];
        }
    }

    /** A source that z-scores another on reading. */
    static VolumeSource normalised(VolumeSource a, ZScore z) {
        return new VolumeSource() {
            public int nx() {
                return a.nx();
            }

            public int ny() {
                return a.ny();
            }

            public int nz() {
                return a.nz();
            }

            public String name() {
                return a.name();
            }

            public void readBox(int x0, int y0, int z0, int sx, int sy, int sz, float[] dst) {
                a.readBox(x0, y0, z0, sx, sy, sz, dst);
                z.apply(dst, 0, sx * sy * sz);
            }
        };
    }
}
