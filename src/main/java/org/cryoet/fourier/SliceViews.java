package org.cryoet.fourier;

import java.util.List;

import org.cryoet.render.PngImages.Panel;
import org.cryoet.volume.Volume;

/**
 * Preview images of a volume for reports and viewers. Orientation (row 0 at the top):
 * <ul>
 * <li>XY at z: width nx, height ny, pixel (x, y);</li>
 * <li>XZ at y: width nx, height nz, pixel (x, z) — the tilt-axis view showing the missing-wedge
 *     elongation along z;</li>
 * <li>YZ at x: width nz, height ny, pixel (z, y) — shares its rows with XY, as in ImageJ's
 *     orthogonal views.</li>
 * </ul>
 * The Fourier view is log(1 + |F|) of the ky = 0 plane of the 3D FFT, centred (DC at
 * (nx/2, nz/2)), width nx and height nz (row = kz, from −kz at the top). It is computed as the 2D
 * FFT of the sum over y, which equals that plane exactly and costs only a 2D transform.
 */
public final class SliceViews {
    private SliceViews() {
    }

    public static Panel xy(Volume v, int z) {
        check(z, v.nz(), "z");
        return new Panel("XY z=" + z, v.section(z), v.nx(), v.ny());
    }

    public static Panel xz(Volume v, int y) {
        check(y, v.ny(), "y");
        int nx = v.nx(), nz = v.nz();
        float[] p = new float[nx * nz];
        for (int z = 0; z < nz; z++) System.arraycopy(v.data(), v.index(0, y, z), p, nx * z, nx);
        return new Panel("XZ y=" + y, p, nx, nz);
    }

    public static Panel yz(Volume v, int x) {
        check(x, v.nx(), "x");
        int ny = v.ny(), nz = v.nz();
        float[] p = new float[nz * ny];
        for (int y = 0; y < ny; y++) for (int z = 0; z < nz; z++) p[z + nz * y] = v.get(x, y, z);
        return new Panel("YZ x=" + x, p, nz, ny);
    }

    /** XY, XZ and YZ through the centre voxel (n/2 on each axis). */
    public static List<Panel> orthoslices(Volume v) {
        return orthoslices(v, v.nx() / 2, v.ny() / 2, v.nz() / 2);
    }

    /** XY, XZ and YZ through the voxel (x, y, z). */
    public static List<Panel> orthoslices(Volume v, int x, int y, int z) {
        return List.of(xy(v, z), xz(v, y), yz(v, x));
    }

    /** Same slices of a mask volume (e.g. a sample mask) as overlays of the volume's slices. */
    public static List<Panel> orthoslices(Volume v, Volume mask, int x, int y, int z) {
        List<Panel> img = orthoslices(v, x, y, z);
        if (mask == null) return img;
        if (!mask.sameShape(v)) throw new IllegalArgumentException("mask " + mask + " != volume " + v);
        List<Panel> m = orthoslices(mask, x, y, z);
        return List.of(img.get(0).withOverlay(m.get(0).pixels()), img.get(1).withOverlay(m.get(1).pixels()),
                img.get(2).withOverlay(m.get(2).pixels()));
    }

    /** log(1 + |F|) of the centred ky = 0 plane of the 3D FFT (width nx, height nz). */
    public static Panel fourierXz(Volume v) {
        int nx = v.nx(), ny = v.ny(), nz = v.nz();
        float[] sum = new float[nx * nz];
        float[] d = v.data();
        for (int z = 0; z < nz; z++) {
            for (int y = 0; y < ny; y++) {
                int row = nx * (y + ny * z);
                for (int x = 0; x < nx; x++) sum[x + nx * z] += d[row + x];
            }
        }
        float[] c = Fft3d.forward2d(sum, nx, nz);
        float[] out = new float[nx * nz];
        for (int kz = 0; kz < nz; kz++) {
            int row = nx * Fft3d.centred(kz, nz);
            for (int kx = 0; kx < nx; kx++) {
                int i = kx + nx * kz;
                double mag = Math.hypot(c[2 * i], c[2 * i + 1]);
                out[row + Fft3d.centred(kx, nx)] = (float) Math.log1p(mag);
            }
        }
        return new Panel("FFT XZ (ky=0)", out, nx, nz);
    }

    /** The missing wedge of [tiltMin, tiltMax] in the centred layout of {@link #fourierXz} (1 = missing). */
    public static float[] missingWedgeXz(int nx, int nz, double tiltMin, double tiltMax) {
        boolean[] miss = MissingWedge.missingBits(nx, 1, nz, tiltMin, tiltMax);
        float[] out = new float[nx * nz];
        for (int kz = 0; kz < nz; kz++) {
            for (int kx = 0; kx < nx; kx++) {
                if (miss[kx + nx * kz]) out[Fft3d.centred(kx, nx) + nx * Fft3d.centred(kz, nz)] = 1f;
            }
        }
        return out;
    }

    private static void check(int i, int n, String axis) {
        if (i < 0 || i >= n) throw new IllegalArgumentException(axis + "=" + i + " outside 0.." + (n - 1));
    }
}
