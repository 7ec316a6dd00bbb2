package org.cryoet.tomo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.cryoet.util.CryoEtException;
import org.cryoet.util.Progress;
import org.cryoet.volume.Volume;
import org.junit.jupiter.api.Test;

class AcquisitionSimulatorTest {
    static final PhantomSpec SMALL = PhantomSpec.of(48, 40, 32, 2).withCounts(1, 1, 0, 1, 1, 6, 1).withGoldDiameter(50);

    @Test
    void anglesCoverTheRangeInStackOrder() {
        double[] a = AcquisitionSpec.defaults().angles();
        assertEquals(41, a.length);
        assertEquals(-60, a[0]);
        assertEquals(0, a[20]);
        assertEquals(60, a[40]);
        double[] b = AcquisitionSpec.defaults().withRange(-50, 61, 3).angles();
        assertEquals(38, b.length);
        assertEquals(61, b[37], 1e-12);
        double[] c = AcquisitionSpec.defaults().withRange(-10, 10, 4).angles(); // last angle 10 is not reached
        assertArrayEquals(new double[] {-10, -6, -2, 2, 6, 10}, c, 1e-12);
        assertArrayEquals(new double[] {-10, -7, -4, -1, 2}, AcquisitionSpec.defaults().withRange(-10, 4, 3).angles(), 1e-12);
        assertThrows(CryoEtException.class, () -> AcquisitionSpec.defaults().withRange(10, -10, 3));
        assertThrows(CryoEtException.class, () -> AcquisitionSpec.defaults().withRange(-95, 60, 3));
        assertThrows(CryoEtException.class, () -> AcquisitionSpec.defaults().withRange(-1, 1, 5));
        assertThrows(CryoEtException.class, () -> AcquisitionSpec.defaults().withFrames(0));
    }

    @Test
    void acquisitionOrders() {
        double[] a = {-9, -6, -3, 0, 3, 6, 9};
        assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5, 6}, AcquisitionOrder.SEQUENTIAL.order(a, 1));
        // Hagen with group size 1: 0, +3, -3, +6, -6, +9, -9
        assertArrayEquals(new int[] {3, 4, 2, 5, 1, 6, 0}, AcquisitionOrder.DOSE_SYMMETRIC.order(a, 1));
        // group size 2: 0, +3, +6, -3, -6, +9, -9
        assertArrayEquals(new int[] {3, 4, 5, 2, 1, 6, 0}, AcquisitionOrder.DOSE_SYMMETRIC.order(a, 2));
        assertArrayEquals(new int[] {3, 4, 5, 6, 2, 1, 0}, AcquisitionOrder.BIDIRECTIONAL.order(a, 1));
        // asymmetric range: the longer side is finished after the other one is exhausted
        double[] b = {-12, -9, -6, -3, 0, 3};
        assertArrayEquals(new int[] {4, 5, 3, 2, 1, 0}, AcquisitionOrder.DOSE_SYMMETRIC.order(b, 1));
        assertEquals(AcquisitionOrder.DOSE_SYMMETRIC, AcquisitionOrder.parse("Dose-Symmetric"));
        assertEquals(AcquisitionOrder.SEQUENTIAL, AcquisitionOrder.parse("sequential"));
        assertThrows(CryoEtException.class, () -> AcquisitionOrder.parse("random"));
    }

    @Test
    void snrOfTheSummedSeriesMatchesTheTarget() {
        Volume gt = Phantom.generate(SMALL);
        for (double target : new double[] {-12, -3, 6}) {
            AcquisitionSpec spec = AcquisitionSpec.defaults().withRange(-60, 60, 6).withSnrDb(target).withSeed(9);
            SimulatedAcquisition s = AcquisitionSimulator.simulate(gt, Phantom.iceProfile(SMALL), spec, Progress.NONE);
            // independent measurement: per-image signal variance and the noise against the clean series
            Volume clean = s.clean(), ts = s.tiltSeries();
            int area = clean.nx() * clean.ny();
            double signal = 0, noise = 0;
            for (int t = 0; t < clean.nz(); t++) {
                double mean = 0;
                for (int i = 0; i < area; i++) mean += clean.data()[t * area + i];
                mean /= area;
                for (int i = 0; i < area; i++) {
                    double c = clean.data()[t * area + i];
                    double e = ts.data()[t * area + i] - c;
                    signal += (c - mean) * (c - mean);
                    noise += e * e;
                }
            }
            double measured = 10 * Math.log10(signal / noise);
            assertEquals(target, measured, 0.5, "target " + target);
            assertEquals(target, s.measuredSnrDb(), 0.5);
            assertEquals(signal / (area * clean.nz()), s.signalVariance(), 1e-6 * signal / (area * clean.nz()));
        }
    }

    @Test
    void framesSumToTheTiltSeriesAndCarryAnEqualShareOfSignalAndNoise() {
        int frames = 5;
        AcquisitionSpec spec = AcquisitionSpec.defaults().withRange(-30, 30, 10).withFrames(frames).withSnrDb(0);
        SimulatedAcquisition s = AcquisitionSimulator.simulate(SMALL, spec, Progress.NONE);
        int n = s.anglesDeg().length, area = s.clean().nx() * s.clean().ny();
        assertEquals(n * frames, s.frames().nz());
        float[] f = s.frames().data();
        double noiseSs = 0;
        for (int t = 0; t < n; t++) {
            for (int i = 0; i < area; i++) {
                float sum = 0;
                for (int k = 0; k < frames; k++) {
                    float x = f[s.frameSection(t, k) * area + i];
                    sum += x;
                    double e = x - s.clean().data()[t * area + i] / frames;
                    noiseSs += e * e;
                }
                assertEquals(sum, s.tiltSeries().data()[t * area + i]);
            }
        }
        double frameVar = noiseSs / ((double) n * frames * area);
        double expected = s.noiseSigma() * s.noiseSigma() / frames;
        assertEquals(expected, frameVar, 0.03 * expected);
        assertEquals(10.0, s.frames().calibration().voxelX());
    }

    @Test
    void withoutLayerTheCleanSeriesIsTheProjectionOfTheVolume() {
        Volume gt = Phantom.generate(SMALL);
        AcquisitionSpec spec = AcquisitionSpec.defaults().withRange(-40, 40, 20).withFrames(2).withDetectorWidth(56);
        SimulatedAcquisition s = AcquisitionSimulator.simulate(gt, spec, Progress.NONE);
        Volume p = ForwardProjector.project(gt, spec.angles(), 56);
        assertArrayEquals(p.data(), s.clean().data());
        assertEquals(56, s.tiltSeries().nx());
    }

    @Test
    void iceLayerIsProjectedAsALaterallyInfiniteSlab() {
        PhantomSpec empty = PhantomSpec.of(40, 24, 32, 1).withCounts(0, 0, 0, 0, 0, 0, 0).withSlabThickness(20);
        AcquisitionSpec spec = AcquisitionSpec.defaults().withRange(-60, 60, 30).withFrames(1);
        SimulatedAcquisition s = AcquisitionSimulator.simulate(empty, spec, Progress.NONE);
        int area = 40 * 24;
        for (int t = 0; t < 5; t++) {
            double expected = 20 / Math.cos(Math.toRadians(s.anglesDeg()[t]));
            for (int i = 0; i < area; i++) {
                assertEquals(expected, s.clean().data()[t * area + i], 1e-4 * expected);
            }
        }
        // a blank image has no signal, hence no noise
        assertEquals(0, s.signalVariance(), 1e-9);
    }

    @Test
    void noiseIsSeededAndDoseAttenuationFollowsTheOrder() {
        AcquisitionSpec spec = AcquisitionSpec.defaults().withRange(-30, 30, 15).withFrames(2);
        SimulatedAcquisition a = AcquisitionSimulator.simulate(SMALL, spec, Progress.NONE);
        SimulatedAcquisition b = AcquisitionSimulator.simulate(SMALL, spec, Progress.NONE);
        assertArrayEquals(a.frames().data(), b.frames().data());
        SimulatedAcquisition c = AcquisitionSimulator.simulate(SMALL, spec.withSeed(2), Progress.NONE);
        assertArrayEquals(a.clean().data(), c.clean().data());
        assertNotEquals(a.frames().data()[0], c.frames().data()[0]);

        SimulatedAcquisition d = AcquisitionSimulator.simulate(SMALL, spec.withDoseAttenuation(0.5), Progress.NONE);
        int area = a.clean().nx() * a.clean().ny();
        int[] order = d.acquisitionOrder();
        assertArrayEquals(new int[] {2, 3, 1, 4, 0}, order);
        for (int k = 0; k < order.length; k++) {
            double factor = Math.pow(0.5, k / 4.0);
            int t = order[k];
            for (int i = 0; i < area; i += 37) {
                assertEquals(factor * a.clean().data()[t * area + i], d.clean().data()[t * area + i],
                        1e-5 * Math.abs(a.clean().data()[t * area + i]) + 1e-5);
            }
        }
        assertArrayEquals(new double[] {0, 15, -15, 30, -30}, d.anglesInAcquisitionOrder(), 1e-12);
    }

    @Test
    void defaultSimulationIsQuick() {
        long t0 = System.nanoTime();
        SimulatedAcquisition s = AcquisitionSimulator.simulate(PhantomSpec.of(128, 128, 64, 1),
                AcquisitionSpec.defaults(), Progress.NONE);
        double seconds = (System.nanoTime() - t0) / 1e9;
        assertEquals(41 * 4, s.frames().nz());
        assertTrue(seconds < 30, "default simulation took " + seconds + " s");
    }
}
