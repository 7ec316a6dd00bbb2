package org.cryoet.fourier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.cryoet.tomo.ForwardProjector;
import org.cryoet.volume.Calibration;
import org.cryoet.volume.Volume;
import org.junit.jupiter.api.Test;

class MissingWedgeTest {

    private static double[] wave(double thetaDeg, double f0) {
        double t = Math.toRadians(thetaDeg);
        // wave vector along the detector axis at tilt theta: (cos t, 0, -sin t)
        return new double[] {f0 * Math.cos(t), 0, -f0 * Math.sin(t)};
    }

    @Test
    void predicateFollowsTheProjectConventionIncludingAsymmetricRanges() {
        double[] k50 = wave(50, 0.1);
        double[] km50 = wave(-50, 0.1);
        assertTrue(MissingWedge.isMeasured(k50[0], 0, k50[2], -20, 55));
        assertFalse(MissingWedge.isMeasured(km50[0], 0, km50[2], -20, 55));
        assertTrue(MissingWedge.isMeasured(km50[0], 0, km50[2], -55, 20));
        assertFalse(MissingWedge.isMeasured(k50[0], 0, k50[2], -55, 20));
        // Friedel mate (-k) is measured too
        assertTrue(MissingWedge.isMeasured(-k50[0], 0, -k50[2], -20, 55));
        // axes: kx always, ky always, kz only with a +-90 range
        assertTrue(MissingWedge.isMeasured(0.3, 0, 0, -10, 10));
        assertTrue(MissingWedge.isMeasured(0, 0.3, 0, -10, 10));
        assertFalse(MissingWedge.isMeasured(0, 0, 0.3, -60, 60));
        assertTrue(MissingWedge.isMeasured(0, 0, 0.3, -60, 90));
        // boundary planes are measured; just beyond is not
        assertTrue(MissingWedge.isMeasured(1, 0.2, -Math.tan(Math.toRadians(60)), -60, 60));
        assertFalse(MissingWedge.isMeasured(1, 0, -Math.tan(Math.toRadians(60.01)), -60, 60));
        // ky does not matter
        assertEquals(MissingWedge.isMeasured(0.2, 0.0, 0.3, -60, 60), MissingWedge.isMeasured(0.2, 0.4, 0.3, -60, 60));
    }

    /**
     * A plane wave whose wave vector lies along the detector axis at tilt theta is constant along
     * the rays at theta, so the forward projector returns it with large amplitude there and
     * nearly nothing at -theta; the predicate must agree (measured by [theta-5, theta+5] only).
     */
    @Test
    void projectorSeesAPlaneWaveExactlyAtTheAnglePredictedByThePredicate() {
        int n = 64, ny = 4;
        double theta = 50, f0 = 0.1;
        double[] k = wave(theta, f0);
        Volume v = Volume.create(n, ny, n, Calibration.UNIT);
        double c = (n - 1) / 2.0;
        for (int z = 0; z < n; z++) for (int y = 0; y < ny; y++) for (int x = 0; x < n; x++) {
            double xc = x - c, zc = z - c;
            double window = Math.exp(-(xc * xc + zc * zc) / (2 * 12.0 * 12.0));
            v.set(x, y, z, (float) (window * Math.cos(2 * Math.PI * (k[0] * xc + k[2] * zc))));
        }
        Volume p = ForwardProjector.project(v, new double[] {theta, -theta, 0});
        double[] energy = new double[3];
        for (int t = 0; t < 3; t++) for (int u = 0; u < n; u++) energy[t] += Math.pow(p.get(u, 1, t), 2);
        assertTrue(energy[0] > 100 * energy[1], "at +theta " + energy[0] + " vs -theta " + energy[1]);
        assertTrue(energy[0] > 100 * energy[2], "at +theta " + energy[0] + " vs 0 " + energy[2]);
        assertTrue(MissingWedge.isMeasured(k[0], 0, k[2], theta - 5, theta + 5));
        assertFalse(MissingWedge.isMeasured(k[0], 0, k[2], -theta - 5, -theta + 5));
        assertFalse(MissingWedge.isMeasured(k[0], 0, k[2], -5, 5));
    }

    /**
     * A naive back-projection of one random projection at +35 degrees (the adjoint of the
     * projector convention) has its spectrum on the plane measured at +35: nearly all energy lies
     * in the mask for [25, 45] and almost none in the mask for [-45, -25]. This checks the FFT
     * layout and the mask together.
     */
    @Test
    void backProjectionSpectrumLiesInTheMeasuredRegionOfItsAngle() {
        int n = 48, ny = 2;
        double theta = Math.toRadians(35);
        Random r = new Random(3);
        double[] proj = new double[n];
        double[] white = new double[n + 2];
        for (int i = 0; i < n + 2; i++) white[i] = r.nextGaussian();
        // mild low-pass so that the grid's Nyquist planes (ambiguous in sign) carry little energy
        for (int i = 0; i < n; i++) proj[i] = 0.25 * white[i] + 0.5 * white[i + 1] + 0.25 * white[i + 2];
        Volume v = Volume.create(n, ny, n, Calibration.UNIT);
        double c = (n - 1) / 2.0;
        for (int z = 0; z < n; z++) for (int x = 0; x < n; x++) {
            double xc = x - c, zc = z - c;
            double u = xc * Math.cos(theta) - zc * Math.sin(theta) + c;
            int u0 = (int) Math.floor(u);
            double f = u - u0;
            double a = u0 >= 0 && u0 < n ? proj[u0] : 0, b = u0 + 1 >= 0 && u0 + 1 < n ? proj[u0 + 1] : 0;
            double window = Math.exp(-(xc * xc + zc * zc) / (2 * 9.0 * 9.0));
            for (int y = 0; y < ny; y++) v.set(x, y, z, (float) (window * (a + f * (b - a))));
        }
        float[] s = Fft3d.forward(v);
        boolean[] plus = MissingWedge.measuredBits(n, ny, n, 25, 45);
        boolean[] minus = MissingWedge.measuredBits(n, ny, n, -45, -25);
        double total = 0, inPlus = 0, inMinus = 0;
        for (int i = 1; i < plus.length; i++) { // skip DC (always measured)
            double e = s[2 * i] * s[2 * i] + s[2 * i + 1] * s[2 * i + 1];
            total += e;
            if (plus[i]) inPlus += e;
            if (minus[i]) inMinus += e;
        }
        assertTrue(inPlus / total > 0.9, "fraction in [25,45]: " + inPlus / total);
        assertTrue(inMinus / total < 0.02, "fraction in [-45,-25]: " + inMinus / total);
    }

    @Test
    void maskVolumeIsConstantAlongKyAndHasTheExpectedFraction() {
        int n = 64;
        Volume m = MissingWedge.measured(n, 8, n, -60, 60);
        for (int z = 0; z < n; z++) for (int x = 0; x < n; x++) {
            float v0 = m.get(x, 0, z);
            for (int y = 1; y < 8; y++) assertEquals(v0, m.get(x, y, z));
        }
        // continuous fraction of the (kx, kz) square covered by |kz| <= tan(60)|kx|: 1 - 1/(2 tan 60) = 0.711
        double frac = MissingWedge.measuredFraction(MissingWedge.measuredBits(n, 1, n, -60, 60));
        assertEquals(1 - 0.5 / Math.tan(Math.toRadians(60)), frac, 0.02);
        boolean[] meas = MissingWedge.measuredBits(n, 2, n, -60, 45);
        boolean[] miss = MissingWedge.missingBits(n, 2, n, -60, 45);
        for (int i = 0; i < meas.length; i++) assertTrue(meas[i] ^ miss[i]);
        // index layout: (kx = 1, kz = -1 index n-1) is at atan(1) = 45 degrees -> measured by [-60, 45]
        assertTrue(meas[1 + n * 2 * (n - 1)]);
        // (kx = 1, kz = +1) is at -45 degrees -> measured too; (kx = 1, kz = -2) is at 63.4 -> missing
        assertTrue(meas[1 + n * 2 * 1]);
        assertFalse(meas[1 + n * 2 * (n - 2)]);
    }
}
