package org.cryoet.fourier;

import org.cryoet.util.CryoEtException;
import org.cryoet.util.Parallel;
import org.cryoet.volume.Volume;

/**
 * Fourier shell correlation between two volumes of the same shape:
 * FSC(r) = Re Σ A·B* / sqrt(Σ|A|² · Σ|B|²) over the Fourier voxels of shell r, optionally
 * restricted to a Fourier-space region (e.g. the measured region or the missing wedge of
 * {@link MissingWedge}).
 *
 * <p>Shells are one voxel wide: with n the smallest box dimension and |k| the frequency radius in
 * cycles/voxel (per-axis fftfreq, so non-cubic boxes work), shell r holds r − ½ ≤ n·|k| &lt; r + ½
 * for r = 0 … n/2; the corners beyond Nyquist are ignored. Shell r is at r/(n·voxel) Å⁻¹ with the
 * x voxel size of the calibration (voxels are assumed isotropic). Sums run over the full complex
 * spectrum, so shell counts are full-sphere counts as the half-bit threshold expects. No real-space
 * mask or apodisation is applied.
 */
public final class Fsc {
    private Fsc() {
    }

    /** FSC over all frequencies. */
    public static FscCurve compute(Volume a, Volume b) {
        return compute(a, b, null);
    }

    /**
     * FSC restricted to a Fourier region.
     *
     * @param region mask on the unshifted FFT grid (index x + nx·(y + ny·z)), or null for all
     */
    public static FscCurve compute(Volume a, Volume b, boolean[] region) {
        if (!a.sameShape(b)) {
            throw new CryoEtException("FSC needs volumes of the same size, got " + a + " and " + b);
        }
        int nx = a.nx(), ny = a.ny(), nz = a.nz();
        if (region != null && region.length != nx * ny * nz) {
            throw new IllegalArgumentException("region size " + region.length + " != " + a);
        }
        float[] fa = Fft3d.forward(a);
        float[] fb = Fft3d.forward(b);
        return fromSpectra(fa, fb, nx, ny, nz, region, voxelSize(a));
    }

    /** FSC over all frequencies and split into the measured region and the missing wedge. */
    public record WedgeSplit(FscCurve all, FscCurve visible, FscCurve missing, double tiltMin, double tiltMax) {
    }

    /**
     * FSC over all frequencies, over the region measured by tilts in [tiltMin, tiltMax] and over
     * the missing wedge ({@link MissingWedge}); the two spectra are computed once.
     */
    public static WedgeSplit computeWithWedge(Volume a, Volume b, double tiltMin, double tiltMax) {
        if (!a.sameShape(b)) {
            throw new CryoEtException("FSC needs volumes of the same size, got " + a + " and " + b);
        }
        int nx = a.nx(), ny = a.ny(), nz = a.nz();
        boolean[] vis = MissingWedge.measuredBits(nx, ny, nz, tiltMin, tiltMax);
        float[] fa = Fft3d.forward(a);
        float[] fb = Fft3d.forward(b);
        double voxel = voxelSize(a);
        FscCurve all = fromSpectra(fa, fb, nx, ny, nz, null, voxel);
        FscCurve visible = fromSpectra(fa, fb, nx, ny, nz, vis, voxel);
        for (int i = 0; i < vis.length; i++) vis[i] = !vis[i];
        FscCurve missing = fromSpectra(fa, fb, nx, ny, nz, vis, voxel);
        return new WedgeSplit(all, visible, missing, tiltMin, tiltMax);
    }

    /** The x voxel size in Angstrom, or 1 when the file carries none (frequencies then in 1/voxel). */
    public static double voxelSize(Volume v) {
        double s = v.calibration().voxelX();
        return s > 0 && Double.isFinite(s) ? s : 1.0;
    }

    /** FSC from two spectra in the {@link Fft3d} layout. */
    public static FscCurve fromSpectra(float[] fa, float[] fb, int nx, int ny, int nz, boolean[] region,
                                       double voxelSize) {
        int n = Math.min(nx, Math.min(ny, nz));
        int shells = n / 2 + 1;
        double[] kx2 = squaredFreqs(nx), ky2 = squaredFreqs(ny), kz2 = squaredFreqs(nz);
        // Per-slice partial sums (4 per shell), reduced afterwards: no shared mutable state.
        double[][] partial = new double[nz][];
        Parallel.forEach(nz, z -> {
            double[] acc = new double[4 * shells];
            for (int y = 0; y < ny; y++) {
                double kyz = ky2[y] + kz2[z];
                int row = nx * (y + ny * z);
                for (int x = 0; x < nx; x++) {
                    int i = row + x;
                    if (region != null && !region[i]) continue;
                    int r = (int) Math.floor(n * Math.sqrt(kx2[x] + kyz) + 0.5);
                    if (r >= shells) continue;
                    double ar = fa[2 * i], ai = fa[2 * i + 1], br = fb[2 * i], bi = fb[2 * i + 1];
                    int s = 4 * r;
                    acc[s] += ar * br + ai * bi;
                    acc[s + 1] += ar * ar + ai * ai;
                    acc[s + 2] += br * br + bi * bi;
                    acc[s + 3] += 1;
                }
            }
            partial[z] = acc;
        });
        double[] sum = new double[4 * shells];
        for (double[] p : partial) for (int i = 0; i < sum.length; i++) sum[i] += p[i];
        double[] f = new double[shells];
        double[] fsc = new double[shells];
        long[] count = new long[shells];
        for (int r = 0; r < shells; r++) {
            f[r] = r / (n * voxelSize);
            count[r] = (long) sum[4 * r + 3];
            double den = Math.sqrt(sum[4 * r + 1] * sum[4 * r + 2]);
            fsc[r] = count[r] > 0 && den > 0 ? sum[4 * r] / den : Double.NaN;
        }
        return new FscCurve(f, fsc, count, voxelSize, n);
    }

    private static double[] squaredFreqs(int n) {
        double[] k = new double[n];
        for (int i = 0; i < n; i++) {
            double f = Fft3d.freq(i, n);
            k[i] = f * f;
        }
        return k;
    }

    /**
     * Correlation restricted to a Fourier region, summed over all frequencies except DC
     * (Parseval: a CC of the region-filtered volumes). Region null means all frequencies.
     */
    public static double regionCorrelation(Volume a, Volume b, boolean[] region) {
        if (!a.sameShape(b)) {
            throw new CryoEtException("Correlation needs volumes of the same size, got " + a + " and " + b);
        }
        float[] fa = Fft3d.forward(a);
        float[] fb = Fft3d.forward(b);
        double ab = 0, aa = 0, bb = 0;
        for (int i = 1; i < fa.length / 2; i++) {
            if (region != null && !region[i]) continue;
            double ar = fa[2 * i], ai = fa[2 * i + 1], br = fb[2 * i], bi = fb[2 * i + 1];
            ab += ar * br + ai * bi;
            aa += ar * ar + ai * ai;
            bb += br * br + bi * bi;
        }
        return ab / Math.sqrt(aa * bb);
    }
}
