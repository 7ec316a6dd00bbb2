package org.cryoet.fourier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Random;

import org.cryoet.util.CryoEtException;
import org.cryoet.volume.Calibration;
import org.cryoet.volume.Volume;
import org.junit.jupiter.api.Test;

class MetricsTest {

    private static double directPearson(float[] a, float[] b, float[] m) {
        double n = 0, sa = 0, sb = 0;
        for (int i = 0; i < a.length; i++) if (m == null || m[i] > 0.5f) { n++; sa += a[i]; sb += b[i]; }
        double ma = sa / n, mb = sb / n, ab = 0, aa = 0, bb = 0;
        for (int i = 0; i < a.length; i++) {
            if (m != null && m[i] <= 0.5f) continue;
            ab += (a[i] - ma) * (b[i] - mb);
            aa += (a[i] - ma) * (a[i] - ma);
            bb += (b[i] - mb) * (b[i] - mb);
        }
        return ab / Math.sqrt(aa * bb);
    }

    @Test
    void pearsonMatchesADirectDoubleComputation() {
        Random r = new Random(4);
        Volume a = Volume.create(17, 13, 11, Calibration.UNIT), b = a.like(), m = a.like();
        for (int i = 0; i < a.data().length; i++) {
            a.data()[i] = (float) (100 + r.nextGaussian());
            b.data()[i] = (float) (0.3 * a.data()[i] + r.nextGaussian());
            m.data()[i] = r.nextBoolean() ? 1 : 0;
        }
        assertEquals(directPearson(a.data(), b.data(), null), Metrics.pearson(a, b), 1e-12);
        assertEquals(directPearson(a.data(), b.data(), m.data()), Metrics.pearson(a, b, m), 1e-12);
        // affine invariance
        Volume c = b.copy();
        for (int i = 0; i < c.data().length; i++) c.data()[i] = -7 + 3 * b.data()[i];
        assertEquals(Metrics.pearson(a, b), Metrics.pearson(a, c), 1e-6);
        assertEquals(1.0, Metrics.pearson(a, a), 1e-12);
    }

    @Test
    void snrFollowsTopazEquationFour() {
        Volume v = Volume.create(20, 10, 10, Calibration.UNIT);
        // pair 1: signal box constant 3, background box +-1 (mean 0, variance 1): 10 log10(9) dB
        // pair 2: signal box constant 2, background box +-2 (variance 4): 0 dB
        for (int z = 0; z < 4; z++) for (int y = 0; y < 4; y++) for (int x = 0; x < 4; x++) {
            v.set(x, y, z, 3);
            v.set(x + 5, y, z, (x + y + z) % 2 == 0 ? 1 : -1);
            v.set(x + 10, y, z, 2);
            v.set(x + 15, y, z, (x + y + z) % 2 == 0 ? 2 : -2);
        }
        List<Metrics.Box> sig = List.of(new Metrics.Box(0, 0, 0, 4, 4, 4), new Metrics.Box(10, 0, 0, 4, 4, 4));
        List<Metrics.Box> bg = List.of(new Metrics.Box(5, 0, 0, 4, 4, 4), new Metrics.Box(15, 0, 0, 4, 4, 4));
        assertEquals(10 * Math.log10(9) / 2, Metrics.snr(v, sig, bg), 1e-9);
        assertEquals(10 * Math.log10(9), Metrics.snr(v, sig.subList(0, 1), bg.subList(0, 1)), 1e-9);
        assertThrows(CryoEtException.class, () -> Metrics.snr(v, sig, bg.subList(0, 1)));
        assertThrows(CryoEtException.class,
                () -> Metrics.snr(v, List.of(new Metrics.Box(18, 0, 0, 4, 4, 4)), bg.subList(0, 1)));
        assertEquals(new Metrics.Box(8, 8, 8, 4, 4, 4), Metrics.Box.centred(10, 10, 10, 4));
    }

    @Test
    void mseAndPsnr() {
        Volume t = Volume.create(4, 4, 4, Calibration.UNIT), e = t.like();
        for (int i = 0; i < 64; i++) {
            t.data()[i] = i % 2 == 0 ? 0 : 2; // range 2
            e.data()[i] = t.data()[i] + (i % 4 < 2 ? 0.5f : -0.5f);
        }
        assertEquals(0.25, Metrics.mse(e, t), 1e-12);
        assertEquals(10 * Math.log10(4 / 0.25), Metrics.psnr(e, t), 1e-9);
    }
}
