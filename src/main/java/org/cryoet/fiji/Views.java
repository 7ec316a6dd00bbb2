package org.cryoet.fiji;

import org.jtransforms.fft.FloatFFT_2D;

import org.cryoet.fourier.SliceViews;
import org.cryoet.render.PngImages;
import org.cryoet.volume.Volume;

/**
 * The 2D images the viewers show: orthogonal sections through a point (from the library's
 * {@link SliceViews}), and central Fourier slices along all three axes (SliceViews has the ky = 0
 * one; the viewer also shows kz = 0 and kx = 0, with tapered edges). By the projection-slice theorem the 2D Fourier transform of the volume summed along an
 * axis is the central slice of its 3D transform perpendicular to that axis: the sum along Y gives
 * the ky = 0 (XZ) slice, where the missing wedge shows as the empty double cone around kz.
 * Images are row-major float arrays, {@code width} fastest.
 */
public final class Views {
    private Views() {
    }

    /** A float image (width fastest). */
    public record Image(float[] data, int width, int height) {
    }

    /** Section z: x across, y down (the library's {@link SliceViews} layout). */
    public static Image xy(Volume v, int z) {
        return of(SliceViews.xy(v, clamp(z, v.nz())));
    }

    /** Section y: x across, z down. */
    public static Image xz(Volume v, int y) {
        return of(SliceViews.xz(v, clamp(y, v.ny())));
    }

    /** Section x: z across, y down (as ImageJ's orthogonal views show YZ beside XY). */
    public static Image yz(Volume v, int x) {
        return of(SliceViews.yz(v, clamp(x, v.nx())));
    }

    private static Image of(PngImages.Panel p) {
        return new Image(p.pixels(), p.width(), p.height());
    }

    /** Sum along axis 0 (x), 1 (y) or 2 (z), laid out as the matching section (yz, xz, xy). */
    public static Image projection(Volume v, int axis) {
        int nx = v.nx(), ny = v.ny(), nz = v.nz();
        float[] d = v.data();
        switch (axis) {
            case 2: {
                float[] out = new float[nx * ny];
                for (int z = 0; z < nz; z++) {
                    int o = z * nx * ny;
                    for (int i = 0; i < nx * ny; i++) out[i] += d[o + i];
                }
                return new Image(out, nx, ny);
            }
            case 1: {
                float[] out = new float[nx * nz];
                for (int z = 0; z < nz; z++) {
                    for (int y = 0; y < ny; y++) {
                        int o = v.index(0, y, z);
                        for (int x = 0; x < nx; x++) out[z * nx + x] += d[o + x];
                    }
                }
                return new Image(out, nx, nz);
            }
            case 0: {
                float[] out = new float[nz * ny];
                for (int z = 0; z < nz; z++) {
                    for (int y = 0; y < ny; y++) {
                        int o = v.index(0, y, z);
                        double s = 0;
                        for (int x = 0; x < nx; x++) s += d[o + x];
                        out[y * nz + z] = (float) s;
                    }
                }
                return new Image(out, nz, ny);
            }
            default:
                throw new IllegalArgumentException("axis " + axis);
        }
    }

    /**
     * The central Fourier slice perpendicular to {@code axis}, as log(1 + |F|) with the zero
     * frequency at the centre ({@code width/2, height/2}); same layout as {@link #projection}.
     * The projection's borders are tapered to zero first (cosine edge, 1/8 of each side), so the
     * jump between opposite edges does not paint a bright cross along kx = 0 and kz = 0.
     */
    public static Image centralFourierSlice(Volume v, int axis) {
        return logMagnitude(taper(projection(v, axis), 0.125));
    }

    /** Multiplies the image by a separable cosine edge window ({@code fraction} of each side ramps 0 to 1). */
    public static Image taper(Image img, double fraction) {
        int w = img.width(), h = img.height();
        float[] wx = ramp(w, fraction), wy = ramp(h, fraction);
        float[] out = img.data().clone();
        for (int r = 0; r < h; r++) {
            for (int c = 0; c < w; c++) out[r * w + c] *= wx[c] * wy[r];
        }
        return new Image(out, w, h);
    }

    private static float[] ramp(int n, double fraction) {
        float[] a = new float[n];
        int m = Math.max(1, (int) Math.round(n * fraction));
        for (int i = 0; i < n; i++) {
            int d = Math.min(i, n - 1 - i);
            a[i] = d >= m ? 1f : (float) (0.5 - 0.5 * Math.cos(Math.PI * (d + 0.5) / m));
        }
        return a;
    }

    /** log(1 + |FFT|) of an image, zero frequency moved to (width/2, height/2). */
    public static Image logMagnitude(Image img) {
        int w = img.width(), h = img.height();
        float[] a = new float[2 * w * h];
        System.arraycopy(img.data(), 0, a, 0, w * h);
        new FloatFFT_2D(h, w).realForwardFull(a);
        float[] out = new float[w * h];
        for (int r = 0; r < h; r++) {
            int rr = (r + h / 2) % h;
            for (int c = 0; c < w; c++) {
                int cc = (c + w / 2) % w;
                float re = a[2 * (r * w + c)], im = a[2 * (r * w + c) + 1];
                out[rr * w + cc] = (float) Math.log1p(Math.sqrt((double) re * re + (double) im * im));
            }
        }
        return new Image(out, w, h);
    }

    private static int clamp(int i, int n) {
        return Math.max(0, Math.min(n - 1, i));
    }
}
