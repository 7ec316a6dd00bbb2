package org.cryoet.fourier;

import org.cryoet.util.Parallel;
import org.cryoet.volume.Calibration;
import org.cryoet.volume.Volume;
import org.jtransforms.fft.FloatFFT_2D;
import org.jtransforms.fft.FloatFFT_3D;

import pl.edu.icm.jlargearrays.ConcurrencyUtils;

/**
 * 3D discrete Fourier transform of volumes (JTransforms, multi-threaded).
 *
 * <p><b>Layout.</b> A spectrum is a float array of length 2·nx·ny·nz holding interleaved complex
 * values (real at {@code 2·i}, imaginary at {@code 2·i + 1}) with the same voxel order as
 * {@link Volume}: {@code i = kx + nx·(ky + ny·kz)}. It is <em>not</em> centred: index 0 is the DC
 * term and index {@code j} along an axis of length n is the frequency {@link #freq(int, int)}
 * (numpy {@code fftfreq} convention, cycles/voxel in [−½, ½); for even n index n/2 is −½).
 * {@link #centred(int, int)} maps an index to its position in a centred (fftshift) display.
 *
 * <p><b>Scaling.</b> The forward transform is unnormalised, F(k) = Σ f(x) e^{−2πi k·x}; the
 * inverse divides by the voxel count, so inverse(forward(f)) = f.
 */
public final class Fft3d {
    static {
        // JTransforms keeps its own pool; match the project's thread count.
        ConcurrencyUtils.setNumberOfThreads(Parallel.threads());
    }

    private Fft3d() {
    }

    /** Full complex spectrum of a volume (new array, layout above). */
    public static float[] forward(Volume v) {
        return forward(v.data(), v.nx(), v.ny(), v.nz());
    }

    /** Full complex spectrum of real data of size nx·ny·nz, x fastest (new array). */
    public static float[] forward(float[] data, int nx, int ny, int nz) {
        long n = (long) nx * ny * nz;
        if (data.length != n) throw new IllegalArgumentException("data length " + data.length + " != " + n);
        if (2 * n > Integer.MAX_VALUE - 16) {
            throw new org.cryoet.util.CryoEtException("Volume " + nx + "x" + ny + "x" + nz
                    + " is too large for an in-memory 3D FFT; crop it first");
        }
        float[] c = new float[(int) (2 * n)];
        System.arraycopy(data, 0, c, 0, (int) n);
        new FloatFFT_3D(nz, ny, nx).realForwardFull(c);
        return c;
    }

    /** In-place forward transform of an interleaved complex array (layout above). */
    public static void forwardComplex(float[] c, int nx, int ny, int nz) {
        new FloatFFT_3D(nz, ny, nx).complexForward(c);
    }

    /** In-place inverse transform (divides by nx·ny·nz) of an interleaved complex array. */
    public static void inverseComplex(float[] c, int nx, int ny, int nz) {
        new FloatFFT_3D(nz, ny, nx).complexInverse(c, true);
    }

    /** Real part of the inverse transform of a spectrum as a new volume (the spectrum is modified). */
    public static Volume inverseReal(float[] spectrum, int nx, int ny, int nz, Calibration cal) {
        inverseComplex(spectrum, nx, ny, nz);
        Volume out = Volume.create(nx, ny, nz, cal);
        float[] o = out.data();
        for (int i = 0; i < o.length; i++) o[i] = spectrum[2 * i];
        return out;
    }

    /** Full complex 2D spectrum of a real image of width w and height h (x fastest). */
    public static float[] forward2d(float[] image, int w, int h) {
        float[] c = new float[2 * w * h];
        System.arraycopy(image, 0, c, 0, w * h);
        new FloatFFT_2D(h, w).realForwardFull(c);
        return c;
    }

    /** Frequency in cycles/voxel of FFT index {@code i} on an axis of length {@code n} (fftfreq). */
    public static double freq(int i, int n) {
        return (i < (n + 1) / 2 ? i : i - n) / (double) n;
    }

    /** Signed integer frequency index of FFT index i (i for the first half, i − n for the second). */
    public static int signedIndex(int i, int n) {
        return i < (n + 1) / 2 ? i : i - n;
    }

    /** Position of FFT index {@code i} in a centred (fftshift) layout, where DC sits at n/2. */
    public static int centred(int i, int n) {
        return (i + n / 2) % n;
    }

    /** Frequencies in cycles/voxel for every FFT index of an axis of length n. */
    public static double[] freqs(int n) {
        double[] f = new double[n];
        for (int i = 0; i < n; i++) f[i] = freq(i, n);
        return f;
    }
}
