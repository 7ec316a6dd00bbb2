package org.cryoet.fourier;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.cryoet.volume.Border;
import org.cryoet.volume.Calibration;
import org.cryoet.volume.Volume;
import org.junit.jupiter.api.Test;

class GaussianFilterTest {

    private static final float[] LINE = {1, 2, 3, 4, 5, 6, 7, 0, 0, 9};

    /** Reference values from scipy.ndimage.gaussian_filter1d 1.17.1 (sigma 1.5). */
    @Test
    void matchesScipyOnEveryBorderAlongEveryAxis() {
        double[][] expected = {
                {1.78437981, 2.26259783, 3.05552352, 3.94100589, 4.64375782, 4.79068624, 4.24750181, 3.66908839,
                        3.93223281, 4.67322589},
                {2.15139768, 2.41664817, 3.10023269, 3.94972071, 4.64407224, 4.78152169, 4.17974974, 3.35224741,
                        3.00022663, 2.99976375},
                {1.20868097, 2.05391686, 3.0008929, 3.93108443, 4.64174819, 4.78134325, 4.17912519, 3.34451471,
                        2.94042953, 2.69672103}};
        Border[] borders = {Border.MIRROR_DOUBLE, Border.MIRROR_SINGLE, Border.ZERO};
        for (int b = 0; b < 3; b++) {
            for (int axis = 0; axis < 3; axis++) {
                int[] dims = {1, 1, 1};
                dims[axis] = LINE.length;
                float[] d = LINE.clone();
                double[] s = {0, 0, 0};
                s[axis] = 1.5;
                GaussianFilter.blurInPlace(d, dims[0], dims[1], dims[2], s[0], s[1], s[2], borders[b]);
                for (int i = 0; i < d.length; i++) assertEquals(expected[b][i], d[i], 1e-5, borders[b] + " axis " + axis);
            }
        }
        // sigma 3 reflect: kernel wider than the line (multiple reflections)
        float[] d = LINE.clone();
        GaussianFilter.blurInPlace(d, 10, 1, 1, 3, 0, 0, Border.MIRROR_DOUBLE);
        assertEquals(2.7833698, d[0], 1e-5);
        assertEquals(4.21746852, d[9], 1e-5);
    }

    @Test
    void deltaBecomesTheSeparableKernelAndConstantsStay() {
        int n = 21;
        Volume v = Volume.create(n, n, n, Calibration.isotropic(2));
        v.set(10, 10, 10, 1);
        Volume b = GaussianFilter.blur(v, 1.2);
        double[] k = GaussianFilter.kernel(1.2);
        int r = k.length / 2;
        assertEquals(5, r);
        assertEquals(k[r] * k[r + 1] * k[r - 2], b.get(11, 10, 8), 1e-7);
        double sum = 0;
        for (float f : b.data()) sum += f;
        assertEquals(1, sum, 1e-5);
        assertEquals(2.0, b.calibration().voxelX());
        Volume c = Volume.create(7, 5, 3, Calibration.UNIT);
        java.util.Arrays.fill(c.data(), 4.5f);
        float[] expect = c.data().clone();
        assertArrayEquals(expect, GaussianFilter.blur(c, 2.0).data(), 1e-5f);
        assertArrayEquals(v.data(), GaussianFilter.blur(v, 0).data(), 0f);
    }

    @Test
    void bestSigmaPicksAnInteriorSigmaThatBeatsTheRawNoisyVolume() {
        int n = 32;
        Volume truth = Volume.create(n, n, n, Calibration.UNIT);
        for (int z = 0; z < n; z++) for (int y = 0; y < n; y++) for (int x = 0; x < n; x++) {
            truth.set(x, y, z, (float) (Math.sin(x * 0.35) * Math.cos(y * 0.3) + Math.sin(z * 0.25)));
        }
        Volume noisy = truth.copy();
        Random r = new Random(9);
        for (int i = 0; i < noisy.data().length; i++) noisy.data()[i] += (float) (2 * r.nextGaussian());
        double[] sigmas = {0, 0.5, 1, 1.5, 2, 3, 6, 12};
        GaussianFilter.Best best = GaussianFilter.bestSigma(noisy, truth, sigmas);
        assertTrue(best.sigma() > 0.5 && best.sigma() < 6, "sigma " + best.sigma());
        assertTrue(best.correlation() > best.correlations()[0] + 0.2, best.correlation() + " vs " + best.correlations()[0]);
        assertEquals(best.correlation(), Metrics.pearson(best.blurred(), truth), 1e-12);
        for (double c : best.correlations()) assertTrue(c <= best.correlation());
    }
}
