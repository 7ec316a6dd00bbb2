package org.cryoet.fiji;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import org.cryoet.volume.Calibration;
import org.cryoet.volume.Volume;

class ViewsTest {

    @Test
    void sectionsAndProjectionsIndexTheVolumeAsDocumented() {
        Volume v = Volume.create(4, 3, 2, Calibration.UNIT);
        for (int z = 0; z < 2; z++) for (int y = 0; y < 3; y++) for (int x = 0; x < 4; x++) v.set(x, y, z, 100 * z + 10 * y + x);
        Views.Image xz = Views.xz(v, 2);
        assertEquals(4, xz.width());
        assertEquals(121f, xz.data()[1 * 4 + 1]); // x=1, z=1 at y=2
        Views.Image yz = Views.yz(v, 3);
        assertEquals(2, yz.width());
        assertEquals(113f, yz.data()[1 * 2 + 1]); // z=1 across, y=1 down
        Views.Image py = Views.projection(v, 1);
        assertEquals(0 + 10 + 20 + 3 * 3, py.data()[3], 1e-6); // x=3, z=0 summed over y
        Views.Image px = Views.projection(v, 0);
        assertEquals(4 * 110 + 6, px.data()[1 * 2 + 1], 1e-6); // y=1, z=1 summed over x
    }

    @Test
    void fourierSliceOfAPlaneWaveIsTwoPeaksAtItsFrequency() {
        // A cosine along x with 5 periods over 32 voxels, constant in y and z: the ky=0 slice
        // (FFT of the Y-sum) has peaks at kx = +-5 on the kz = 0 row, the centre being (16, 8).
        Volume v = Volume.create(32, 8, 16, Calibration.UNIT);
        for (int z = 0; z < 16; z++) for (int y = 0; y < 8; y++) for (int x = 0; x < 32; x++) {
            v.set(x, y, z, (float) Math.cos(2 * Math.PI * 5 * x / 32.0));
        }
        Views.Image f = Views.logMagnitude(Views.projection(v, 1));
        float peak = f.data()[8 * 32 + 16 + 5];
        assertEquals(peak, f.data()[8 * 32 + 16 - 5], 1e-3 * peak);
        // |F| at the peak is 8 (y-sum) * 32 * 16 / 2
        assertEquals(Math.log1p(8 * 32 * 16 / 2.0), peak, 1e-3);
        for (int i = 0; i < f.data().length; i++) {
            if (i != 8 * 32 + 21 && i != 8 * 32 + 11) assertTrue(f.data()[i] < 0.01, "index " + i);
        }
    }
}
