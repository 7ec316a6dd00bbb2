package org.cryoet.tomo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.cryoet.util.CryoEtException;
import org.cryoet.util.Progress;
import org.cryoet.volume.Calibration;
import org.cryoet.volume.Volume;
import org.junit.jupiter.api.Test;

class HalfSplitterTest {
    static final PhantomSpec SMALL = PhantomSpec.of(48, 40, 32, 6).withCounts(1, 1, 0, 1, 1, 6, 1).withGoldDiameter(50);

    @Test
    void doseHalvesSumToTheFullSeriesAndHaveIndependentNoise() {
        AcquisitionSpec spec = AcquisitionSpec.defaults().withRange(-60, 60, 5).withFrames(4).withSnrDb(-5);
        SimulatedAcquisition s = AcquisitionSimulator.simulate(SMALL, spec, Progress.NONE);
        HalfSplitter.Halves h = HalfSplitter.doseSplit(s.frames(), 4, s.anglesDeg());
        float[] e = h.even().data(), o = h.odd().data(), ts = s.tiltSeries().data(), c = s.clean().data();
        assertEquals(s.tiltSeries().nz(), h.even().nz());
        assertArrayEquals(s.anglesDeg(), h.evenAngles());
        assertArrayEquals(s.anglesDeg(), h.oddAngles());
        double se = 0, so = 0, seo = 0;
        for (int i = 0; i < ts.length; i++) {
            // equal up to float rounding of the two summation orders
            assertEquals(ts[i], e[i] + o[i], 4 * Math.ulp(Math.abs(ts[i]) + Math.abs(e[i]) + Math.abs(o[i])));
            double re = e[i] - c[i] / 2, ro = o[i] - c[i] / 2;
            se += re * re;
            so += ro * ro;
            seo += re * ro;
        }
        double corr = seo / Math.sqrt(se * so);
        assertEquals(0, corr, 0.01, "noise of the halves is uncorrelated");
        double halfVar = s.noiseSigma() * s.noiseSigma() / 2;
        assertEquals(halfVar, se / ts.length, 0.03 * halfVar);
        assertEquals(halfVar, so / ts.length, 0.03 * halfVar);
        // the halves are the sums of frames 0, 2 and 1, 3 of each tilt
        int area = h.even().nx() * h.even().ny();
        float[] f = s.frames().data();
        for (int t = 0; t < h.even().nz(); t += 7) {
            for (int i = 0; i < area; i += 11) {
                assertEquals(f[s.frameSection(t, 0) * area + i] + f[s.frameSection(t, 2) * area + i], e[t * area + i]);
                assertEquals(f[s.frameSection(t, 1) * area + i] + f[s.frameSection(t, 3) * area + i], o[t * area + i]);
            }
        }
    }

    @Test
    void oddFrameCountGivesTheExtraFrameToTheEvenHalf() {
        Volume frames = numbered(2, 2, 6); // 2 tilts of 3 frames; each frame filled with its section index
        HalfSplitter.Halves h = HalfSplitter.doseSplit(frames, 3, new double[] {-5, 5});
        assertEquals(0 + 2, h.even().get(0, 0, 0));
        assertEquals(1, h.odd().get(1, 1, 0));
        assertEquals(3 + 5, h.even().get(1, 0, 1));
        assertEquals(4, h.odd().get(0, 1, 1));
        assertEquals(7.0, h.even().calibration().voxelX());
    }

    @Test
    void doseSplitErrors() {
        Volume frames = numbered(4, 4, 12);
        CryoEtException e1 = assertThrows(CryoEtException.class,
                () -> HalfSplitter.doseSplit(frames, 5, new double[2], "f.mrc"));
        assertTrue(e1.getMessage().contains("f.mrc") && e1.getMessage().contains("not a multiple"), e1.getMessage());
        CryoEtException e2 = assertThrows(CryoEtException.class,
                () -> HalfSplitter.doseSplit(frames, 1, new double[12], "f.mrc"));
        assertTrue(e2.getMessage().contains("at least 2 frames"), e2.getMessage());
        CryoEtException e3 = assertThrows(CryoEtException.class,
                () -> HalfSplitter.doseSplit(frames, 4, new double[4], "f.mrc"));
        assertTrue(e3.getMessage().contains("4 tilt angles") && e3.getMessage().contains("3 tilts"), e3.getMessage());
    }

    @Test
    void angleSplitInFileOrderAlternatesAlongTheStack() {
        Volume ts = numbered(3, 2, 7);
        double[] angles = {-30, -20, -10, 0, 10, 20, 30};
        HalfSplitter.Halves h = HalfSplitter.angleSplit(ts, angles);
        assertArrayEquals(new double[] {-30, -10, 10, 30}, h.evenAngles());
        assertArrayEquals(new double[] {-20, 0, 20}, h.oddAngles());
        assertArrayEquals(new int[] {0, 2, 4, 6}, h.evenTilts());
        for (int i = 0; i < 4; i++) assertEquals(2 * i, h.even().get(2, 1, i));
        for (int i = 0; i < 3; i++) assertEquals(2 * i + 1, h.odd().get(0, 0, i));
        assertNull(HalfSplitter.rangeWarning(h, angles));
    }

    @Test
    void angleSplitFollowsTheAcquisitionOrder() {
        // dose-symmetric, group size 1: 0, +s, -s, +2s, -2s ... -> even half = 0 and the negative side
        AcquisitionSpec spec = AcquisitionSpec.defaults().withRange(-12, 12, 3).withFrames(1);
        double[] angles = spec.angles();
        Volume ts = numbered(2, 2, angles.length);
        HalfSplitter.Halves h = HalfSplitter.angleSplit(ts, angles, spec.acquisitionOrder(), "ts.mrc");
        assertArrayEquals(new double[] {-12, -9, -6, -3, 0}, h.evenAngles());
        assertArrayEquals(new double[] {3, 6, 9, 12}, h.oddAngles());
        assertEquals(4, h.even().get(0, 0, 4)); // stack tilt 4 (0 degrees) is the last even tilt
        assertNotNull(HalfSplitter.rangeWarning(h, angles));

        // group size 2: 0, +3, +6, -3, -6, +9, +12, -9, -12 -> both halves span both sides
        int[] g2 = spec.withOrder(AcquisitionOrder.DOSE_SYMMETRIC, 2).acquisitionOrder();
        HalfSplitter.Halves h2 = HalfSplitter.angleSplit(ts, angles, g2, "ts.mrc");
        assertArrayEquals(new double[] {-12, -6, 0, 6, 12}, h2.evenAngles());
        assertArrayEquals(new double[] {-9, -3, 3, 9}, h2.oddAngles());
        assertNull(HalfSplitter.rangeWarning(h2, angles));

        // sequential acquisition: same as file order
        int[] seq = spec.withOrder(AcquisitionOrder.SEQUENTIAL, 1).acquisitionOrder();
        HalfSplitter.Halves h3 = HalfSplitter.angleSplit(ts, angles, seq, "ts.mrc");
        assertArrayEquals(new double[] {-12, -6, 0, 6, 12}, h3.evenAngles());
        assertArrayEquals(new double[] {-9, -3, 3, 9}, h3.oddAngles());
    }

    @Test
    void orderFileAnglesAreMatchedToTheStack() {
        AcquisitionSpec spec = AcquisitionSpec.defaults().withRange(-45, 40, 5);
        double[] angles = spec.angles();
        int[] order = spec.acquisitionOrder();
        double[] listed = new double[order.length];
        for (int k = 0; k < order.length; k++) listed[k] = Math.round(angles[order[k]] * 100) / 100.0;
        assertArrayEquals(order, HalfSplitter.orderFromAngles(angles, listed, "order.txt"));
        // raw angles with a constant offset from the aligned ones (and small jitter) still match by rank
        double[] raw = listed.clone();
        for (int k = 0; k < raw.length; k++) raw[k] += 1.7 + 0.3 * Math.sin(k);
        assertArrayEquals(order, HalfSplitter.orderFromAngles(angles, raw, "order.txt"));

        CryoEtException count = assertThrows(CryoEtException.class,
                () -> HalfSplitter.orderFromAngles(angles, java.util.Arrays.copyOf(listed, 5), "order.txt"));
        assertTrue(count.getMessage().contains("order.txt") && count.getMessage().contains("5 angles"));
        double[] wrong = listed.clone();
        wrong[3] = 88;
        CryoEtException mismatch = assertThrows(CryoEtException.class,
                () -> HalfSplitter.orderFromAngles(angles, wrong, "order.txt"));
        assertTrue(mismatch.getMessage().contains("does not match"), mismatch.getMessage());
        double[] twice = listed.clone();
        twice[1] = twice[2];
        assertThrows(CryoEtException.class, () -> HalfSplitter.orderFromAngles(angles, twice, "order.txt"));
    }

    @Test
    void angleSplitErrors() {
        Volume ts = numbered(2, 2, 3);
        CryoEtException few = assertThrows(CryoEtException.class,
                () -> HalfSplitter.angleSplit(ts, new double[] {-1, 0, 1}, null, "ts.mrc"));
        assertTrue(few.getMessage().contains("at least 4 tilts"), few.getMessage());
        Volume ts5 = numbered(2, 2, 5);
        double[] a5 = {-2, -1, 0, 1, 2};
        CryoEtException count = assertThrows(CryoEtException.class,
                () -> HalfSplitter.angleSplit(ts5, new double[] {0, 1, 2, 3}, null, "ts.mrc"));
        assertTrue(count.getMessage().contains("4 tilt angles") && count.getMessage().contains("5 tilts"));
        assertThrows(CryoEtException.class, () -> HalfSplitter.angleSplit(ts5, a5, new int[] {0, 1, 2, 3, 3}, "ts.mrc"));
        assertThrows(CryoEtException.class, () -> HalfSplitter.angleSplit(ts5, a5, new int[] {0, 1, 2, 3}, "ts.mrc"));
    }

    /** A stack whose section s is filled with the value s; calibration 7 A. */
    static Volume numbered(int nx, int ny, int nz) {
        Volume v = Volume.create(nx, ny, nz, Calibration.isotropic(7));
        for (int z = 0; z < nz; z++) {
            for (int i = 0; i < nx * ny; i++) v.data()[z * nx * ny + i] = z;
        }
        return v;
    }
}
