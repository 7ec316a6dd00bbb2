package org.cryoet.fourier;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Random;

import org.cryoet.render.PngImages.Panel;
import org.cryoet.volume.Calibration;
import org.cryoet.volume.Volume;
import org.junit.jupiter.api.Test;

class SliceViewsTest {

    @Test
    void orthoslicesPickTheRightVoxels() {
        Volume v = Volume.create(5, 4, 3, Calibration.UNIT);
        for (int z = 0; z < 3; z++) for (int y = 0; y < 4; y++) for (int x = 0; x < 5; x++) v.set(x, y, z, 100 * x + 10 * y + z);
        List<Panel> p = SliceViews.orthoslices(v);
        Panel xy = p.get(0), xz = p.get(1), yz = p.get(2);
        assertEquals(5, xy.width());
        assertEquals(4, xy.height());
        assertEquals(100 * 3 + 10 * 2 + 1, xy.pixels()[3 + 5 * 2], 0);
        assertEquals(5, xz.width());
        assertEquals(3, xz.height());
        assertEquals(100 * 4 + 10 * 2 + 2, xz.pixels()[4 + 5 * 2], 0);
        assertEquals(3, yz.width());
        assertEquals(4, yz.height());
        assertEquals(100 * 2 + 10 * 3 + 1, yz.pixels()[1 + 3 * 3], 0);
        Volume mask = v.like();
        mask.set(2, 2, 1, 1);
        List<Panel> o = SliceViews.orthoslices(v, mask, 2, 2, 1);
        assertEquals(1f, o.get(0).overlay()[2 + 5 * 2]);
        assertEquals(1f, o.get(1).overlay()[2 + 5 * 1]);
        assertEquals(1f, o.get(2).overlay()[1 + 3 * 2]);
    }

    @Test
    void fourierSliceIsTheCentredKy0PlaneOfThe3dFft() {
        int nx = 8, ny = 5, nz = 6;
        Volume v = Volume.create(nx, ny, nz, Calibration.UNIT);
        Random r = new Random(12);
        for (int i = 0; i < v.data().length; i++) v.data()[i] = (float) r.nextGaussian();
        float[] full = Fft3d.forward(v);
        Panel f = SliceViews.fourierXz(v);
        assertEquals(nx, f.width());
        assertEquals(nz, f.height());
        for (int kz = 0; kz < nz; kz++) for (int kx = 0; kx < nx; kx++) {
            int i = kx + nx * (0 + ny * kz);
            double expect = Math.log1p(Math.hypot(full[2 * i], full[2 * i + 1]));
            assertEquals(expect, f.pixels()[Fft3d.centred(kx, nx) + nx * Fft3d.centred(kz, nz)], 1e-4);
        }
        // the missing wedge overlay: DC and the kx axis measured, the kz axis missing
        float[] w = SliceViews.missingWedgeXz(nx, nz, -60, 60);
        assertEquals(0f, w[nx / 2 + nx * (nz / 2)]);
        assertEquals(0f, w[0 + nx * (nz / 2)]);
        assertEquals(1f, w[nx / 2 + nx * 0]);
    }
}
