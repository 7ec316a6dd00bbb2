package org.cryoet.fourier;

import org.cryoet.volume.Border;

import org.cryoet.util.CryoEtException;
import org.cryoet.util.Parallel;
import org.cryoet.util.Progress;
import org.cryoet.volume.Volume;

/**
 * Separable Gaussian blur, multi-threaded, with the same kernel as scipy.ndimage.gaussian_filter:
 * weights exp(−x²/(2σ²)) for integer x in [−r, r], r = floor(4σ + ½), normalised to sum 1.
 * The default border is {@link Border#MIRROR_DOUBLE} (half-sample symmetric, "d c b a | a b c d",
 * scipy's default), which keeps the mean near the edges. Arithmetic is in double; storage float.
 */
public final class GaussianFilter {
    /** Kernel half-width in units of σ (scipy's {@code truncate}). */
    public static final double TRUNCATE = 4.0;

    /** Result of {@link #bestSigma}: the chosen σ, its correlation, the blurred volume, and all scores. */
    public record Best(double sigma, double correlation, Volume blurred, double[] sigmas, double[] correlations) {
    }

    private GaussianFilter() {
    }

    /** Isotropic blur with reflecting borders (new volume, same calibration). σ in voxels; σ ≤ 0 copies. */
    public static Volume blur(Volume v, double sigma) {
        return blur(v, sigma, Border.MIRROR_DOUBLE);
    }

    /** Isotropic blur with the given border (new volume). */
    public static Volume blur(Volume v, double sigma, Border border) {
        Volume out = v.copy();
        blurInPlace(out.data(), v.nx(), v.ny(), v.nz(), sigma, sigma, sigma, border);
        return out;
    }

    /**
     * Blurs in place with per-axis σ (voxels). The "trivial" denoising baseline uses the isotropic
     * form through {@link #blur(Volume, double)}.
     */
    public static void blurInPlace(float[] d, int nx, int ny, int nz, double sx, double sy, double sz,
                                   Border border) {
        if ((long) nx * ny * nz != d.length) throw new IllegalArgumentException("size mismatch");
        if (sx > 0) alongX(d, nx, ny, nz, kernel(sx), border);
        if (sy > 0) alongRows(d, nx, ny, nz, 1, kernel(sy), border);
        if (sz > 0) alongRows(d, nx, ny, nz, 2, kernel(sz), border);
    }

    /** The normalised kernel of length 2r + 1. */
    public static double[] kernel(double sigma) {
        int r = (int) (TRUNCATE * sigma + 0.5);
        double[] k = new double[2 * r + 1];
        double sum = 0;
        for (int i = -r; i <= r; i++) {
            k[i + r] = Math.exp(-0.5 * i * i / (sigma * sigma));
            sum += k[i + r];
        }
        for (int i = 0; i < k.length; i++) k[i] /= sum;
        return k;
    }

    private static void alongX(float[] d, int nx, int ny, int nz, double[] k, Border border) {
        int r = k.length / 2;
        Parallel.forEach(ny * nz, row -> {
            double[] line = new double[nx + 2 * r];
            int off = row * nx;
            for (int i = -r; i < nx + r; i++) {
                int j = border.index(i, nx);
                line[i + r] = j < 0 ? 0 : d[off + j];
            }
            for (int x = 0; x < nx; x++) {
                double s = 0;
                for (int j = 0; j < k.length; j++) s += k[j] * line[x + j];
                d[off + x] = (float) s;
            }
        });
    }

    /**
     * Convolves along y (axis 1) or z (axis 2). For each fixed outer coordinate the lines form a
     * block of rows of nx contiguous floats; whole rows are combined, so memory access stays
     * sequential even along z.
     */
    private static void alongRows(float[] d, int nx, int ny, int nz, int axis, double[] k, Border border) {
        int r = k.length / 2;
        int len = axis == 1 ? ny : nz;
        int outer = axis == 1 ? nz : ny;
        int rowStride = axis == 1 ? nx : nx * ny;
        Parallel.forEach(outer, o -> {
            int base = axis == 1 ? o * nx * ny : o * nx;
            double[] block = new double[len * nx];
            for (int j = 0; j < len; j++) {
                int src = base + j * rowStride;
                for (int x = 0; x < nx; x++) block[j * nx + x] = d[src + x];
            }
            double[] acc = new double[nx];
            for (int j = 0; j < len; j++) {
                java.util.Arrays.fill(acc, 0);
                for (int t = -r; t <= r; t++) {
                    int src = border.index(j + t, len);
                    if (src < 0) continue;
                    double w = k[t + r];
                    int sb = src * nx;
                    for (int x = 0; x < nx; x++) acc[x] += w * block[sb + x];
                }
                int dst = base + j * rowStride;
                for (int x = 0; x < nx; x++) d[dst + x] = (float) acc[x];
            }
        });
    }

    /**
     * Blurs {@code noisy} with each candidate σ and returns the one whose result correlates best
     * (Pearson) with {@code truth}: the trivial denoising baseline a learned method must beat.
     * σ = 0 means "no blur".
     */
    public static Best bestSigma(Volume noisy, Volume truth, double[] candidateSigmas) {
        return bestSigma(noisy, truth, candidateSigmas, Progress.NONE);
    }

    /** As {@link #bestSigma(Volume, Volume, double[])}, reporting one step per σ and honouring cancellation. */
    public static Best bestSigma(Volume noisy, Volume truth, double[] candidateSigmas, Progress progress) {
        if (candidateSigmas.length == 0) throw new CryoEtException("No candidate sigma given");
        if (!noisy.sameShape(truth)) throw new CryoEtException("Volumes differ in size: " + noisy + " and " + truth);
        double[] cc = new double[candidateSigmas.length];
        int best = -1;
        Volume bestVol = null;
        for (int i = 0; i < candidateSigmas.length; i++) {
            progress.checkCancelled("Gaussian baseline");
            progress.update("Gaussian baseline", i, candidateSigmas.length);
            Volume b = blur(noisy, candidateSigmas[i]);
            cc[i] = Metrics.pearson(b, truth);
            if (best < 0 || cc[i] > cc[best]) {
                best = i;
                bestVol = b;
            }
        }
        progress.update("Gaussian baseline", candidateSigmas.length, candidateSigmas.length);
        return new Best(candidateSigmas[best], cc[best], bestVol, candidateSigmas.clone(), cc);
    }
}
