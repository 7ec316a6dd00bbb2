package org.cryoet.fourier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.cryoet.volume.Calibration;
import org.cryoet.volume.Volume;
import org.junit.jupiter.api.Test;

class FscTest {

    static Volume noise(int n, long seed, double voxel) {
        Volume v = Volume.create(n, n, n, Calibration.isotropic(voxel));
        Random r = new Random(seed);
        for (int i = 0; i < v.data().length; i++) v.data()[i] = (float) r.nextGaussian();
        return v;
    }

    @Test
    void volumeWithItselfGivesOneEverywhere() {
        Volume a = noise(32, 1, 2.0);
        FscCurve c = Fsc.compute(a, a);
        assertEquals(17, c.shells());
        for (int r = 0; r < c.shells(); r++) assertEquals(1.0, c.fsc()[r], 1e-9);
        assertFalse(c.resolution(FscCurve.GOLD).crossed());
        assertEquals(4.0, c.resolution(FscCurve.GOLD).angstrom(), 1e-12); // Nyquist = 2 voxels
        assertEquals(1 / (32 * 2.0), c.frequency()[1], 1e-15);
    }

    @Test
    void shellCountsAreFullSphereOneVoxelShells() {
        FscCurve c = Fsc.compute(noise(32, 2, 1), noise(32, 3, 1));
        assertEquals(1, c.count()[0]);
        assertEquals(18, c.count()[1]); // distances 1 (6) and sqrt 2 (12); sqrt 3 rounds to shell 2
        // shell 2: 0.5*... all lattice points with 1.5 <= |k| < 2.5: sqrt3 (8), 2 (6), sqrt5 (24), sqrt6 (24)
        assertEquals(62, c.count()[2]);
        long total = 0;
        for (long n : c.count()) total += n;
        // every point with |k| < 16.5 voxels, which is inside the 32^3 box except the far corners
        assertTrue(total > 4.0 / 3 * Math.PI * 16 * 16 * 16 && total < 32 * 32 * 32);
    }

    @Test
    void independentNoiseIsNearZeroWithOneOverSqrtNSpread() {
        double sum = 0, sumSq = 0;
        int m = 0;
        for (int seed = 0; seed < 3; seed++) {
            FscCurve c = Fsc.compute(noise(48, 10 + seed, 1), noise(48, 20 + seed, 1));
            for (int r = 2; r < c.shells(); r++) {
                double z = c.fsc()[r] * Math.sqrt(c.count()[r]);
                sum += z;
                sumSq += z * z;
                m++;
            }
        }
        double mean = sum / m, sd = Math.sqrt(sumSq / m - mean * mean);
        assertEquals(0, mean, 0.35);
        assertTrue(sd > 0.75 && sd < 1.25, "normalised spread " + sd);
    }

    /** B equals A below shell R and is independent above: FSC = 1 then ~0, crossing between R-1 and R. */
    @Test
    void bandLimitedPairCrossesAtTheBand() {
        int n = 48, band = 10;
        double voxel = 2.5;
        Volume a = noise(n, 5, voxel), other = noise(n, 6, voxel);
        float[] fa = Fft3d.forward(a), fo = Fft3d.forward(other);
        float[] fb = fo.clone();
        for (int z = 0; z < n; z++) for (int y = 0; y < n; y++) for (int x = 0; x < n; x++) {
            double k = Math.sqrt(sq(Fft3d.freq(x, n)) + sq(Fft3d.freq(y, n)) + sq(Fft3d.freq(z, n)));
            int r = (int) Math.floor(n * k + 0.5);
            int i = x + n * (y + n * z);
            if (r < band) {
                fb[2 * i] = fa[2 * i];
                fb[2 * i + 1] = fa[2 * i + 1];
            }
        }
        Volume b = Fft3d.inverseReal(fb, n, n, n, a.calibration());
        FscCurve c = Fsc.compute(a, b);
        for (int r = 0; r < band; r++) assertEquals(1.0, c.fsc()[r], 1e-5);
        for (int r = band; r < c.shells(); r++) assertEquals(0, c.fsc()[r], 5 / Math.sqrt(c.count()[r]));
        double hi = n * voxel / (band - 1), lo = n * voxel / band;
        for (FscCurve.Resolution res : new FscCurve.Resolution[] {c.resolution(FscCurve.GOLD),
                c.resolution(FscCurve.HALF), c.resolutionHalfBit()}) {
            assertTrue(res.crossed());
            assertTrue(res.angstrom() > lo && res.angstrom() < hi, "resolution " + res.angstrom());
        }
        // 0.5 is crossed at about the middle of the step: (band - 0.5) shells
        assertEquals(n * voxel / (band - 0.5), c.resolution(FscCurve.HALF).angstrom(), 0.3);
    }

    @Test
    void crossingIsInterpolatedLinearly() {
        double[] f = {0, 0.1, 0.2, 0.3, 0.4};
        FscCurve c = new FscCurve(f, new double[] {1, 0.9, 0.6, 0.4, 0.1}, new long[] {1, 18, 62, 100, 200}, 1, 8);
        FscCurve.Resolution r = c.resolution(0.5);
        assertEquals(0.25, r.frequency(), 1e-12);
        assertEquals(4.0, r.angstrom(), 1e-12);
        assertEquals(0.1 + 0.1 * (0.9 - 0.143) / (0.9 - 0.1) + 0.1, c.resolution(0.143).frequency(), 0.11);
        assertEquals(0.3 + 0.1 * (0.4 - 0.143) / (0.4 - 0.1), c.resolution(0.143).frequency(), 1e-12);
    }

    @Test
    void halfBitThresholdValues() {
        assertEquals(1.0, FscCurve.halfBit(1), 1e-12);
        assertEquals((0.2071 + 0.19102) / (1.2071 + 0.09102), FscCurve.halfBit(100), 1e-12);
        assertEquals(0.3066897, FscCurve.halfBit(100), 1e-6);
        assertEquals(0.1859898, FscCurve.halfBit(10000), 1e-6);
        assertEquals(0.2071 / 1.2071, FscCurve.halfBit(Long.MAX_VALUE), 1e-6);
        assertEquals(1.0, FscCurve.oneBit(1), 1e-4);
    }

    /** B = A inside the measured region and independent in the missing wedge. */
    @Test
    void regionRestrictedFscSeparatesVisibleAndMissingWedge() {
        int n = 40;
        Volume a = noise(n, 7, 1), other = noise(n, 8, 1);
        boolean[] vis = MissingWedge.measuredBits(n, n, n, -60, 50);
        boolean[] mw = MissingWedge.missingBits(n, n, n, -60, 50);
        float[] fa = Fft3d.forward(a), fb = Fft3d.forward(other);
        for (int i = 0; i < vis.length; i++) {
            if (vis[i]) {
                fb[2 * i] = fa[2 * i];
                fb[2 * i + 1] = fa[2 * i + 1];
            }
        }
        Volume b = Fft3d.inverseReal(fb, n, n, n, a.calibration());
        FscCurve cv = Fsc.compute(a, b, vis);
        FscCurve cm = Fsc.compute(a, b, mw);
        for (int r = 1; r < cv.shells(); r++) assertEquals(1.0, cv.fsc()[r], 1e-5);
        for (int r = 3; r < cm.shells(); r++) assertEquals(0, cm.fsc()[r], 5 / Math.sqrt(cm.count()[r]));
        for (int r = 0; r < cv.shells(); r++) {
            assertEquals(Fsc.compute(a, b).count()[r], cv.count()[r] + cm.count()[r]);
        }
        assertEquals(1.0, Fsc.regionCorrelation(a, b, vis), 1e-5);
        assertEquals(0, Fsc.regionCorrelation(a, b, mw), 0.02);
    }

    private static double sq(double v) {
        return v * v;
    }
}
