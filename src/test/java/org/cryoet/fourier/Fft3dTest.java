package org.cryoet.fourier;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;

import org.cryoet.volume.Calibration;
import org.cryoet.volume.Volume;
import org.junit.jupiter.api.Test;

class Fft3dTest {

    @Test
    void forwardMatchesDirectDftOnOddAndEvenSizes() {
        int nx = 5, ny = 6, nz = 7;
        Random r = new Random(1);
        float[] d = new float[nx * ny * nz];
        for (int i = 0; i < d.length; i++) d[i] = (float) r.nextGaussian();
        float[] c = Fft3d.forward(d, nx, ny, nz);
        double maxErr = 0;
        for (int kz = 0; kz < nz; kz++) for (int ky = 0; ky < ny; ky++) for (int kx = 0; kx < nx; kx++) {
            double re = 0, im = 0;
            for (int z = 0; z < nz; z++) for (int y = 0; y < ny; y++) for (int x = 0; x < nx; x++) {
                double ph = -2 * Math.PI * ((double) kx * x / nx + (double) ky * y / ny + (double) kz * z / nz);
                double v = d[x + nx * (y + ny * z)];
                re += v * Math.cos(ph);
                im += v * Math.sin(ph);
            }
            int i = kx + nx * (ky + ny * kz);
            maxErr = Math.max(maxErr, Math.abs(re - c[2 * i]));
            maxErr = Math.max(maxErr, Math.abs(im - c[2 * i + 1]));
        }
        assertEquals(0, maxErr, 1e-4);
    }

    @Test
    void inverseRestoresTheVolume() {
        Volume v = Volume.create(8, 6, 10, Calibration.isotropic(3.5));
        Random r = new Random(2);
        for (int i = 0; i < v.data().length; i++) v.data()[i] = (float) r.nextGaussian();
        float[] c = Fft3d.forward(v);
        Volume back = Fft3d.inverseReal(c, 8, 6, 10, v.calibration());
        assertArrayEquals(v.data(), back.data(), 1e-5f);
        assertEquals(3.5, back.calibration().voxelX());
    }

    @Test
    void frequencyLayoutFollowsFftfreq() {
        assertArrayEquals(new double[] {0, 0.25, -0.5, -0.25}, Fft3d.freqs(4), 0);
        assertArrayEquals(new double[] {0, 0.2, 0.4, -0.4, -0.2}, Fft3d.freqs(5), 1e-15);
        // centred layout: DC at n/2, negative frequencies before it
        assertEquals(2, Fft3d.centred(0, 4));
        assertEquals(0, Fft3d.centred(2, 4));
        assertEquals(2, Fft3d.centred(0, 5));
        assertEquals(0, Fft3d.centred(3, 5));
        assertEquals(-2, Fft3d.signedIndex(3, 5));
    }

    @Test
    void planeWavePutsItsEnergyAtItsFrequencyIndex() {
        int n = 16;
        Volume v = Volume.create(n, n, n, Calibration.UNIT);
        // cos(2 pi (3x/16 - 2z/16)) -> peaks at (3, 0, -2) and (-3, 0, 2)
        for (int z = 0; z < n; z++) for (int y = 0; y < n; y++) for (int x = 0; x < n; x++) {
            v.set(x, y, z, (float) Math.cos(2 * Math.PI * (3.0 * x - 2.0 * z) / n));
        }
        float[] c = Fft3d.forward(v);
        int peak = 3 + n * (0 + n * (n - 2));
        assertEquals(n * n * n / 2.0, c[2 * peak], 1e-2);
        assertEquals(3 / 16.0, Fft3d.freq(3, n), 0);
        assertEquals(-2 / 16.0, Fft3d.freq(n - 2, n), 0);
    }
}
