package org.cryoet.fourier;

import org.cryoet.util.CryoEtException;
import org.cryoet.util.Parallel;
import org.cryoet.volume.Calibration;
import org.cryoet.volume.Volume;

/**
 * The region of Fourier space measured by a single-axis tilt series (tilt axis y, beam z), in the
 * project's convention: a projection at tilt θ measures the central plane
 * kx·sin θ + kz·cos θ = 0. Hence a frequency with kx ≠ 0 is measured iff atan(−kz/kx) lies in
 * [tiltMin, tiltMax] (degrees; asymmetric ranges allowed); on the kz axis (kx = 0, kz ≠ 0) only if
 * the range reaches ±90°; the ky axis (kx = kz = 0, including DC) is always measured. Everything
 * else is the missing wedge, a double wedge around kz. Only the extreme angles matter (the
 * angular gaps between tilts are ignored), as in ICECREAM.
 *
 * <p>Frequencies are in cycles/voxel, so the angles are physical for isotropic voxels.
 * Masks are on the unshifted FFT grid of {@link Fft3d}.
 */
public final class MissingWedge {
    /** Tolerance (degrees) so that frequencies exactly on a boundary plane count as measured. */
    private static final double EPS_DEG = 1e-9;

    private MissingWedge() {
    }

    /** Whether frequency (kx, ky, kz) is measured by tilts in [tiltMin, tiltMax] degrees. */
    public static boolean isMeasured(double kx, double ky, double kz, double tiltMin, double tiltMax) {
        if (kx == 0) {
            return kz == 0 || tiltMin <= -90 + EPS_DEG || tiltMax >= 90 - EPS_DEG;
        }
        double angle = Math.toDegrees(Math.atan(-kz / kx));
        return angle >= tiltMin - EPS_DEG && angle <= tiltMax + EPS_DEG;
    }

    /** Measured region as a boolean array on the unshifted FFT grid (index x + nx·(y + ny·z)). */
    public static boolean[] measuredBits(int nx, int ny, int nz, double tiltMin, double tiltMax) {
        checkRange(tiltMin, tiltMax);
        boolean[] m = new boolean[nx * ny * nz];
        // The mask does not depend on ky: compute one (kx, kz) plane and replicate it.
        boolean[] plane = new boolean[nx * nz];
        // For even sizes the Nyquist index stands for both +1/2 and -1/2, so its Hermitian
        // partner on the grid is not at -k; taking the union with the partner keeps the mask
        // Hermitian-symmetric, so masking the spectrum of a real volume gives a real volume.
        for (int z = 0; z < nz; z++) {
            double kz = Fft3d.freq(z, nz), kzp = Fft3d.freq((nz - z) % nz, nz);
            for (int x = 0; x < nx; x++) {
                double kxp = Fft3d.freq((nx - x) % nx, nx);
                plane[x + nx * z] = isMeasured(Fft3d.freq(x, nx), 0, kz, tiltMin, tiltMax)
                        || isMeasured(kxp, 0, kzp, tiltMin, tiltMax);
            }
        }
        Parallel.forEach(nz, z -> {
            for (int y = 0; y < ny; y++) {
                System.arraycopy(plane, nx * z, m, nx * (y + ny * z), nx);
            }
        });
        return m;
    }

    /** Missing wedge (complement of {@link #measuredBits}). */
    public static boolean[] missingBits(int nx, int ny, int nz, double tiltMin, double tiltMax) {
        boolean[] m = measuredBits(nx, ny, nz, tiltMin, tiltMax);
        for (int i = 0; i < m.length; i++) m[i] = !m[i];
        return m;
    }

    /** Measured region as a 0/1 float volume on the unshifted FFT grid. */
    public static Volume measured(int nx, int ny, int nz, double tiltMin, double tiltMax) {
        boolean[] b = measuredBits(nx, ny, nz, tiltMin, tiltMax);
        Volume v = Volume.create(nx, ny, nz, Calibration.UNIT);
        float[] d = v.data();
        for (int i = 0; i < d.length; i++) d[i] = b[i] ? 1f : 0f;
        return v;
    }

    /** Fraction of the FFT grid that is measured. */
    public static double measuredFraction(boolean[] bits) {
        long n = 0;
        for (boolean b : bits) if (b) n++;
        return n / (double) bits.length;
    }

    static void checkRange(double tiltMin, double tiltMax) {
        if (!(tiltMin <= tiltMax) || tiltMin < -90 || tiltMax > 90) {
            throw new CryoEtException("Invalid tilt range " + tiltMin + ".." + tiltMax
                    + " degrees (need -90 <= min <= max <= 90)");
        }
    }
}
