package org.cryoet.learn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code fsc}: one minus the Fourier shell correlation between prediction and target, averaged
 * over the shells and the samples of the batch (the FSC loss of the systematic comparison of
 * denoising methods, paper 001 section 3.2):
 *
 * <pre>
 *   FSC_b(q) = Re sum_{i in q} P_b(i) T_b(i)* / sqrt(sum_{i in q} |P_b(i)|^2 * sum_{i in q} |T_b(i)|^2)
 *   L        = 1 - 1/(B Q) sum_b sum_{q=1..Q} FSC_b(q),   Q = n/2
 * </pre>
 *
 * for each sample b of a batch of n^3 cubes, with P, T the 3D discrete Fourier transforms. Shells
 * are one voxel wide as in {@link org.cryoet.fourier.Fsc}: voxel i of integer frequency vector k
 * belongs to shell q = floor(|k| + 1/2); the discrete quadrature over shells is their plain mean,
 * up to the edge of the Fourier box (q = n/2; the corners beyond are left out) and without the DC
 * shell, whose correlation is the sign of the two means (constant almost everywhere, so it carries
 * no gradient). The loss is invariant to positive scaling of the prediction per shell.
 *
 * <p>Computation: a real FFT along X and complex FFTs along Y and Z (differentiable in DJL's
 * PyTorch engine) give the half spectrum; the per-shell sums over the full sphere are a matrix
 * product of the per-voxel products with a shell-membership matrix whose entries weight each
 * half-spectrum voxel by its multiplicity in the full spectrum (2 except on the planes kx = 0 and
 * kx = n/2, whose Hermitian partners lie in the half itself).
 */
public final class FscLoss implements LossFunction {

    public static final String NAME = "fsc";
    /** Keeps the normalisation finite where both spectra vanish on a shell. */
    private static final float EPSILON = 1e-20f;
    /** Shell-membership matrices by cube edge (host copies; a few MB at the largest crops). */
    private static final Map<Integer, float[]> SHELLS = new ConcurrentHashMap<>();

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String title() {
        return "Fourier shell correlation";
    }

    @Override
    public NDArray between(NDArray prediction, NDArray target) {
        LossFunction.checkShapes(prediction, target);
        long[] s = prediction.getShape().getShape();
        int n = (int) s[4];
        if (s[2] != n || s[3] != n || n < 2) {
            throw new IllegalArgumentException("the FSC loss needs cubes of edge >= 2, got " + prediction.getShape());
        }
        long batch = s[0] * s[1];
        int half = n / 2 + 1;
        long voxels = (long) n * n * half;
        NDManager manager = prediction.getManager();
        NDArray p = halfSpectrum(prediction, n);
        NDArray t = halfSpectrum(target, n);
        // (B, V) per-voxel products: Re(P T*), |P|^2, |T|^2
        NDArray cross = p.mul(t).sum(new int[]{-1}).reshape(batch, voxels);
        NDArray pp = p.square().sum(new int[]{-1}).reshape(batch, voxels);
        NDArray tt = t.square().sum(new int[]{-1}).reshape(batch, voxels);
        NDArray shells = HostArrays.create(manager, shellMatrix(n), new Shape(voxels, n / 2))
                .toDevice(prediction.getDevice(), false);
        NDArray num = cross.matMul(shells);
        NDArray den = pp.matMul(shells).mul(tt.matMul(shells)).add(HostArrays.scalar(manager, EPSILON)).sqrt();
        NDArray fsc = num.div(den);
        return HostArrays.scalar(manager, 1f).sub(fsc.mean());
    }

    /** rfft along X, fft along Y and Z: (..., n, n, n/2 + 1, 2) real and imaginary parts. */
    private static NDArray halfSpectrum(NDArray x, int n) {
        int r = x.getShape().dimension();
        return x.rfft(n, r - 1).fft(n, r - 2).fft(n, r - 3).real();
    }

    /**
     * (n * n * (n/2 + 1), n/2) row-major: row = half-spectrum voxel (z, y, x) with x fastest,
     * column q - 1 for shell q = 1..n/2, entry = the voxel's multiplicity in the full spectrum.
     */
    static float[] shellMatrix(int n) {
        return SHELLS.computeIfAbsent(n, FscLoss::buildShellMatrix);
    }

    private static float[] buildShellMatrix(int n) {
        int half = n / 2 + 1;
        int q = n / 2;
        float[] m = new float[n * n * half * q];
        for (int z = 0; z < n; z++) {
            int kz = z <= n / 2 ? z : z - n;
            for (int y = 0; y < n; y++) {
                int ky = y <= n / 2 ? y : y - n;
                for (int x = 0; x < half; x++) {
                    int shell = (int) Math.floor(Math.sqrt((double) x * x + ky * ky + kz * kz) + 0.5);
                    if (shell < 1 || shell > q) continue;
                    boolean selfPaired = x == 0 || (n % 2 == 0 && x == n / 2);
                    int row = (z * n + y) * half + x;
                    m[row * q + shell - 1] = selfPaired ? 1f : 2f;
                }
            }
        }
        return m;
    }
}
