package org.cryoet.tomo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ProjectionFilterTest {

    @Test
    void paddingIsAtLeastTwiceTheWidthAndFftFriendly() {
        assertEquals(2048, ProjectionFilter.paddedLength(928));
        assertEquals(2250, ProjectionFilter.paddedLength(1100)); // 2 * 3^2 * 5^3
        assertEquals(200, ProjectionFilter.paddedLength(100));
        for (int w = 1; w < 3000; w += 37) {
            int n = ProjectionFilter.paddedLength(w);
            assertTrue(n >= 2 * w && n % 2 == 0 && n <= 2.5 * w + 16, "width " + w + " -> " + n);
        }
    }

    @Test
    void rampAndRadialWeightsInIndexUnits() {
        int w = 100, n = 200; // padded length 200: cutoff 0.35 = index 70, sigma 0.035 = 7
        double[] ramp = ProjectionFilter.indexWeights(
                FbpOptions.builder().filter(FbpOptions.FilterType.RAMP).build(), w, n);
        assertEquals(0.2, ramp[0], 1e-12);
        assertEquals(37, ramp[37], 1e-12);
        assertEquals(100, ramp[100], 1e-12);
        double[] radial = ProjectionFilter.indexWeights(FbpOptions.defaults(), w, n);
        assertEquals(0.2, radial[0], 1e-12);
        assertEquals(50, radial[50], 1e-12);
        assertEquals(70, radial[70], 1e-12);
        assertEquals(70 * Math.exp(-0.5), radial[77], 1e-9);
        assertEquals(70 * Math.exp(-2), radial[84], 1e-9);
        // IMOD: values of 1 or more are Fourier pixels (out of width/2)
        double[] pixels = ProjectionFilter.indexWeights(FbpOptions.builder().radial(35, 3.5).build(), w, n);
        for (int k = 0; k < pixels.length; k++) assertEquals(radial[k], pixels[k], 1e-9);
        // no fall-off: sharp cut
        double[] sharp = ProjectionFilter.indexWeights(FbpOptions.builder().radial(0.25, 0).build(), w, n);
        assertEquals(50, sharp[50], 1e-12);
        assertEquals(0, sharp[51], 1e-12);
    }

    /** Amplitude of {@code out} along the windowed cosine {@code ref}: (out . ref) / (ref . ref). */
    private static double amplitude(float[] out, float[] ref) {
        double num = 0, den = 0;
        for (int i = 0; i < ref.length; i++) {
            num += out[i] * ref[i];
            den += ref[i] * ref[i];
        }
        return num / den;
    }

    private static double response(FbpOptions o, double freq) {
        int w = 512;
        float[] line = new float[w];
        double c = (w - 1) / 2.0;
        for (int i = 0; i < w; i++) {
            double win = Math.exp(-0.5 * Math.pow((i - c) / 40, 2));
            line[i] = (float) (win * Math.cos(2 * Math.PI * freq * (i - c)));
        }
        ProjectionFilter.LineFilter lf = new ProjectionFilter.LineFilter(w);
        double[] wd = ProjectionFilter.viewWeights(o, w, lf.padded(), 1, 1.0, 1, 100);
        float[] wf = new float[wd.length];
        for (int k = 0; k < wd.length; k++) wf[k] = (float) wd[k];
        float[] out = new float[w];
        lf.filter(line, 0, wf, out, 0);
        return amplitude(out, line);
    }

    @Test
    void filteredCosinesScaleByTheFrequencyResponse() {
        FbpOptions ramp = FbpOptions.builder().filter(FbpOptions.FilterType.RAMP).build();
        FbpOptions radial = FbpOptions.defaults();
        // ramp in cycles/pixel (angular weight 1 rad): |f|
        for (double f : new double[] {0.05, 0.2, 0.3, 0.45}) {
            assertEquals(f, response(ramp, f), 0.01 * f, "ramp at " + f);
        }
        // radial: equal to the ramp below the cutoff, Gaussian beyond it
        assertEquals(0.2, response(radial, 0.2), 0.002);
        assertEquals(0.35 * Math.exp(-0.5), response(radial, 0.385), 0.03 * 0.35 * Math.exp(-0.5));
        assertEquals(0.35 * Math.exp(-2), response(radial, 0.42), 0.05 * 0.35 * Math.exp(-2));
        assertTrue(response(radial, 0.48) < 0.001);
    }

    @Test
    void sirtLikeFilterGoesFromOneIterationToTheRamp() {
        int w = 100, n = 200, views = 41, thickness = 50;
        double dTheta = Math.toRadians(3), cos = Math.cos(Math.toRadians(30));
        FbpOptions one = FbpOptions.builder().filter(FbpOptions.FilterType.SIRT_LIKE).sirtIterations(1).build();
        double[] h1 = ProjectionFilter.viewWeights(one, w, n, cos, dTheta, views, thickness);
        // one SIRT iteration from zero = back-projection normalised by ray length (T / cos) and
        // view count: a flat filter cos / (views T) wherever the ramp exceeds it
        double flat = cos / (views * thickness);
        for (int k = 20; k <= 100; k += 10) assertEquals(flat, h1[k], 1e-9 * flat, "k " + k);
        FbpOptions many = FbpOptions.builder().filter(FbpOptions.FilterType.SIRT_LIKE).sirtIterations(100000).build();
        double[] hm = ProjectionFilter.viewWeights(many, w, n, cos, dTheta, views, thickness);
        double[] r = ProjectionFilter.viewWeights(FbpOptions.builder().filter(FbpOptions.FilterType.RAMP).build(),
                w, n, cos, dTheta, views, thickness);
        for (int k = 0; k <= 100; k++) assertEquals(r[k], hm[k], 1e-6 * r[k], "k " + k);
        // in between: more iterations pass more high frequencies
        FbpOptions ten = FbpOptions.builder().filter(FbpOptions.FilterType.SIRT_LIKE).sirtIterations(10).build();
        double[] h10 = ProjectionFilter.viewWeights(ten, w, n, cos, dTheta, views, thickness);
        assertTrue(h10[80] > h1[80] && h10[80] < hm[80]);
    }
}
