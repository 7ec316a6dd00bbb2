package org.cryoet.learn;

import org.cryoet.volume.VolumeSource;
import org.cryoet.util.CryoEtException;
import org.cryoet.util.Parallel;
import org.cryoet.util.Progress;

/**
 * Global z-score normalisation of one half tomogram, as the reference does for training and
 * prediction: {@code (v - mean) / (std + 1e-8)} with the unbiased standard deviation over the
 * whole volume. Computed in one streaming pass over sections (exact per-section two-pass moments,
 * merged with Chan's formula) so memory-mapped volumes need not fit in memory.
 *
 * @param mean  mean of all voxels
 * @param std   unbiased standard deviation
 */
public record ZScore(double mean, double std) {

    /** The reference's guard added to the standard deviation. */
    public static final double EPS = 1e-8;

    /** Statistics of {@code src}; fails on non-finite values or (nearly) constant data. */
    public static ZScore of(VolumeSource src, Progress progress) {
        int nx = src.nx();
        int ny = src.ny();
        int nz = src.nz();
        int plane = nx * ny;
        double[] means = new double[nz];
        double[] m2 = new double[nz];
        boolean[] bad = new boolean[nz];
        java.util.concurrent.atomic.AtomicInteger done = new java.util.concurrent.atomic.AtomicInteger();
        ThreadLocal<float[]> buf = ThreadLocal.withInitial(() -> new float[plane]);
        Parallel.forEach(nz, z -> {
            progress.checkCancelled("normalisation");
            float[] b = buf.get();
            src.readBox(0, 0, z, nx, ny, 1, b);
            double s = 0;
            for (int i = 0; i < plane; i++) s += b[i];
            double m = s / plane;
            double q = 0;
            for (int i = 0; i < plane; i++) {
                double d = b[i] - m;
                q += d * d;
            }
            if (!Double.isFinite(q) || !Double.isFinite(m)) bad[z] = true;
            means[z] = m;
            m2[z] = q;
            progress.update("normalisation", done.incrementAndGet(), nz);
        });
        for (int z = 0; z < nz; z++) {
            if (bad[z]) throw new CryoEtException(src.name() + " contains NaN or infinite values (section " + z + ")");
        }
        // Chan et al. pairwise merge, sequential over equally sized sections
        double mean = 0;
        double m2all = 0;
        long count = 0;
        for (int z = 0; z < nz; z++) {
            long nb = plane;
            double delta = means[z] - mean;
            long total = count + nb;
            mean += delta * nb / total;
            m2all += m2[z] + delta * delta * ((double) count * nb / total);
            count = total;
        }
        double std = count > 1 ? Math.sqrt(m2all / (count - 1)) : 0;
        if (!(std > 1e-6 * Math.abs(mean)) || std < 1e-30) {
            throw new CryoEtException(src.name() + " has (nearly) constant values (mean " + mean + ", std " + std
                    + "); it cannot be normalised");
        }
        return new ZScore(mean, std);
    }

    /** Normalises {@code n} values in place starting at {@code off}. */
    public void apply(float[] v, int off, int n) {
        double inv = 1.0 / (std + EPS);
        for (int i = off; i < off + n; i++) v[i] = (float) ((v[i] - mean) * inv);
    }
}
